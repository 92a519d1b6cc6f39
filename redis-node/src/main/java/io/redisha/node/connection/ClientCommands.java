package io.redisha.node.connection;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.List;

/** CLIENT ID / SETNAME / GETNAME / SETINFO / LIST / INFO / KILL / UNBLOCK / HELP. */
final class ClientCommands {
    private final ServerContext ctx;

    ClientCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    void register(CommandTable t) {
        CommandSpec client = t.container("client", -2, 0);
        int f = NOSCRIPT | LOADING | STALE;
        t.sub(client, "id", 2, f, (c, a) -> c.reply().integer(c.id()));
        t.sub(client, "setname", 3, f, this::setname);
        t.sub(client, "getname", 2, f, (c, a) -> c.reply().bulk(c.name));
        t.sub(client, "setinfo", 4, f, this::setinfo);
        t.sub(client, "list", -2, ADMIN | f, this::list);
        t.sub(client, "info", 2, f, (c, a) -> c.reply().verbatim(describe(c, ctx.keyspace.now())));
        t.sub(client, "kill", -3, ADMIN | f, this::kill);
        t.sub(client, "unblock", -3, ADMIN | f, this::unblock);
        t.sub(client, "help", 2, f, (c, a) -> help(c));
    }

    static void validateName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                throw new RedisError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }

    private void setname(Client c, byte[][] a) {
        String name = Args.str(a[2]);
        validateName(name);
        c.name = name.isEmpty() ? null : name;
        c.reply().ok();
    }

    private void setinfo(Client c, byte[][] a) {
        String value = Args.str(a[3]);
        validateName(value);
        if (Args.is(a[2], "lib-name")) c.libName = value;
        else if (Args.is(a[2], "lib-ver")) c.libVersion = value;
        else throw new RedisError("ERR Unrecognized option '" + Args.str(a[2]) + "'");
        c.reply().ok();
    }

    private void list(Client c, byte[][] a) {
        List<Client> selected = new ArrayList<>();
        if (a.length == 2) {
            selected.addAll(ctx.clients.all());
        } else if (a.length >= 4 && Args.is(a[2], "id")) {
            for (int i = 3; i < a.length; i++) {
                long id = Args.parseLongOr(a[i], -1, true);
                if (id <= 0) throw new RedisError("ERR Invalid client ID");
                Client x = ctx.clients.get(id);
                if (x != null) selected.add(x);
            }
        } else if (a.length == 4 && Args.is(a[2], "type")) {
            String type = typeArg(Args.str(a[3]));
            for (Client x : ctx.clients.all()) {
                if (type.equals(typeOf(x))) selected.add(x);
            }
        } else {
            throw RedisError.SYNTAX;
        }
        StringBuilder sb = new StringBuilder();
        long now = ctx.keyspace.now();
        for (Client x : selected) sb.append(describe(x, now));
        c.reply().verbatim(sb.toString());
    }

    /** The client class, as CLIENT LIST/KILL TYPE and client-output-buffer-limit name it. */
    static String typeOf(Client c) {
        if ((c.flags & Client.FLAG_MASTER) != 0) return "master";
        if ((c.flags & Client.FLAG_REPLICA) != 0) return "replica";
        return c.subscriptionCount() > 0 ? "pubsub" : "normal";
    }

    private static String typeArg(String v) {
        String type = v.toLowerCase(java.util.Locale.ROOT);
        if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
            throw new RedisError("ERR Unknown client type '" + v + "'");
        }
        return type.equals("slave") ? "replica" : type;
    }

    private String describe(Client x, long now) {
        StringBuilder flags = new StringBuilder();
        if ((x.flags & Client.FLAG_REPLICA) != 0) flags.append('S');
        if ((x.flags & Client.FLAG_MASTER) != 0) flags.append('M');
        if (x.subscriptionCount() > 0) flags.append('P');
        if (x.inMulti) flags.append('x');
        if (ctx.keyspace.blocking().isBlocked(x)) flags.append('b');
        if (x.closeAfterReply) flags.append('c');
        if (x.isUnixSocket()) flags.append('U');
        if (flags.length() == 0) flags.append('N');
        String cmd = x.lastCommand == null ? "NULL" : x.lastCommand.fullName();
        return "id=" + x.id() + " addr=" + x.address() + " laddr=" + x.localAddress() + " fd=0"
                + " name=" + (x.name == null ? "" : x.name)
                + " age=" + (now - x.createdAt()) / 1000 + " idle=" + Math.max(0, now - x.lastInteraction) / 1000
                + " flags=" + flags + " db=" + x.db.id()
                + " sub=" + (x.channels == null ? 0 : x.channels.size())
                + " psub=" + (x.patterns == null ? 0 : x.patterns.size()) + " ssub=0"
                + " multi=" + (x.inMulti ? x.multiQueue.size() : -1)
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=" + x.outputBytes()
                + " tot-mem=" + (1024 + x.outputBytes())
                + " events=r cmd=" + cmd + " user=" + x.user + " redir=-1 resp=" + x.reply().protocol()
                + (x.libName != null ? " lib-name=" + x.libName : "")
                + (x.libVersion != null ? " lib-ver=" + x.libVersion : "")
                + "\n";
    }

    private void kill(Client c, byte[][] a) {
        if (a.length == 3) {
            String addr = Args.str(a[2]);
            for (Client x : ctx.clients.all()) {
                if (x.address().equals(addr)) {
                    close(c, x);
                    c.reply().ok();
                    return;
                }
            }
            throw new RedisError("ERR No such client");
        }
        if ((a.length - 2) % 2 != 0) throw RedisError.SYNTAX;
        Long id = null;
        String addr = null, laddr = null, type = null, user = null;
        boolean skipMe = true;
        for (int i = 2; i < a.length; i += 2) {
            String v = Args.str(a[i + 1]);
            if (Args.is(a[i], "id")) {
                long n = Args.parseLongOr(a[i + 1], -1, true);
                if (n <= 0) throw new RedisError("ERR client-id should be greater than 0");
                id = n;
            } else if (Args.is(a[i], "addr")) addr = v;
            else if (Args.is(a[i], "laddr")) laddr = v;
            else if (Args.is(a[i], "type")) {
                type = typeArg(v);
            } else if (Args.is(a[i], "user")) {
                // Without ACLs the only user is "default".
                if (!v.equals("default")) throw new RedisError("ERR No such user '" + v + "'");
                user = v;
            }
            else if (Args.is(a[i], "skipme")) {
                if (Args.is(a[i + 1], "yes")) skipMe = true;
                else if (Args.is(a[i + 1], "no")) skipMe = false;
                else throw RedisError.SYNTAX;
            } else throw RedisError.SYNTAX;
        }
        List<Client> victims = new ArrayList<>();
        for (Client x : ctx.clients.all()) {
            if (id != null && x.id() != id) continue;
            if (addr != null && !x.address().equals(addr)) continue;
            if (laddr != null && !x.localAddress().equals(laddr)) continue;
            if (type != null && !type.equals(typeOf(x))) continue;
            if (user != null && !user.equals(x.user)) continue;
            if (skipMe && x == c) continue;
            victims.add(x);
        }
        for (Client x : victims) close(c, x);
        c.reply().integer(victims.size());
    }

    private void close(Client self, Client victim) {
        if (victim == self) {
            self.closeAfterReply = true;
        } else {
            victim.channel().close();
        }
    }

    private void unblock(Client c, byte[][] a) {
        long id = Args.parseLong(a[2]);
        boolean error = false;
        if (a.length == 4) {
            if (Args.is(a[3], "error")) error = true;
            else if (!Args.is(a[3], "timeout")) {
                throw new RedisError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        } else if (a.length > 4) {
            throw RedisError.SYNTAX;
        }
        Client x = ctx.clients.get(id);
        if (x == null || !ctx.keyspace.blocking().isBlocked(x)) {
            c.reply().integer(0);
            return;
        }
        var state = (io.redisha.node.keyspace.Blocking.State) x.blocked;
        ctx.keyspace.blocking().unblock(x);
        if (error) x.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        else if (state.onTimeout() == io.redisha.node.keyspace.Blocking.OnTimeout.NULL_BULK) x.reply().nullBulk();
        else x.reply().nullArray();
        ctx.resumeDeferred(x);
        c.reply().integer(1);
    }

    private void help(Client c) {
        String[] lines = {
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GETNAME", "    Return the name of the current connection.",
            "ID", "    Return the ID of the current connection.",
            "INFO", "    Return information about the current client connection.",
            "KILL <ip:port>", "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are: ID, ADDR, LADDR, TYPE, USER, SKIPME.",
            "LIST [options ...]", "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "    * ID <client-id> [<client-id> ...]",
            "SETNAME <name>", "    Assign the name <name> to the current connection.",
            "SETINFO <LIB-NAME|LIB-VER> <value>", "    Set client library name or version.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]", "    Unblock the specified blocked client.",
            "HELP", "    Print this help."};
        c.reply().lines(lines);
    }
}
