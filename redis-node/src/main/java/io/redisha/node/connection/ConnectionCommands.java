package io.redisha.node.connection;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.KeyCommands;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.security.MessageDigest;

/** PING, ECHO, AUTH, HELLO, SELECT, QUIT, RESET and the CLIENT family. */
public final class ConnectionCommands {
    private final ServerContext ctx;
    private final ClientCommands client;

    public ConnectionCommands(ServerContext ctx) {
        this.ctx = ctx;
        this.client = new ClientCommands(ctx);
    }

    public void register(CommandTable t) {
        t.group("connection");
        t.add("ping", -1, FAST | STALE | PUBSUB_CONTEXT, this::ping);
        t.add("echo", 2, FAST | STALE, (c, a) -> c.reply().bulk(a[1]));
        t.add("auth", -2, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH, this::auth);
        t.add("hello", -1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH, this::hello);
        t.add("select", 2, LOADING | STALE | FAST, this::select);
        t.add("quit", -1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | NO_QUEUE | PUBSUB_CONTEXT, this::quit);
        t.add("reset", 1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | NO_QUEUE | PUBSUB_CONTEXT, this::reset);
        client.register(t);
    }

    private void ping(Client c, byte[][] a) {
        if (a.length > 2) throw new RedisError("ERR wrong number of arguments for 'ping' command");
        Reply r = c.reply();
        if (c.inPubSubContext()) {
            r.array(2);
            r.bulk("pong");
            r.bulk(a.length == 2 ? a[1] : new byte[0]);
        } else if (a.length == 2) {
            r.bulk(a[1]);
        } else {
            r.pong();
        }
    }

    private void auth(Client c, byte[][] a) {
        if (a.length > 3) throw RedisError.SYNTAX;
        byte[] user = a.length == 3 ? a[1] : null;
        byte[] pass = a.length == 3 ? a[2] : a[1];
        String required = ctx.dispatcher.requirePass();
        if (user == null && required.isEmpty()) {
            throw new RedisError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        if (checkPassword(user, pass)) {
            c.authenticated = true;
            c.reply().ok();
        } else {
            throw new RedisError("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    /** Only the default user exists; its password is requirepass (none = any password works). */
    private boolean checkPassword(byte[] user, byte[] pass) {
        if (user != null && !Args.str(user).equals("default")) return false;
        String required = ctx.dispatcher.requirePass();
        if (required.isEmpty()) return true;
        return MessageDigest.isEqual(Args.bytes(required), pass);
    }

    private void hello(Client c, byte[][] a) {
        int proto = c.reply().protocol();
        int i = 1;
        if (a.length > 1) {
            long v = Args.parseLongOr(a[1], -1, true);
            if (v == -1) {
                throw new RedisError("ERR Protocol version is not an integer or out of range");
            }
            if (v < 2 || v > 3) throw new RedisError("NOPROTO unsupported protocol version");
            proto = (int) v;
            i = 2;
        }
        byte[] authUser = null, authPass = null;
        String setName = null;
        for (; i < a.length; i++) {
            if (Args.is(a[i], "auth") && a.length - i - 1 >= 2) {
                authUser = a[i + 1];
                authPass = a[i + 2];
                i += 2;
            } else if (Args.is(a[i], "setname") && a.length - i - 1 >= 1) {
                setName = Args.str(a[i + 1]);
                ClientCommands.validateName(setName);
                i += 1;
            } else {
                throw new RedisError("ERR Syntax error in HELLO option '" + Args.str(a[i]) + "'");
            }
        }
        if (authUser != null) {
            if (!checkPassword(authUser, authPass)) {
                throw new RedisError("WRONGPASS invalid username-password pair or user is disabled.");
            }
            c.authenticated = true;
        }
        if (!c.authenticated) {
            throw new RedisError("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate "
                    + "the client and select the RESP protocol version at the same time");
        }
        if (setName != null) c.name = setName.isEmpty() ? null : setName;
        c.reply().protocol(proto);
        Reply r = c.reply();
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(ServerContext.REDIS_VERSION);
        r.bulk("proto");
        r.integer(proto);
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.emptyArray();
    }

    private void select(Client c, byte[][] a) {
        long id = KeyCommands.dbIndex(a[1], null);
        if (id < 0 || id >= ctx.keyspace.databases()) throw new RedisError("ERR DB index is out of range");
        c.db = ctx.keyspace.db((int) id);
        c.reply().ok();
    }

    private void quit(Client c, byte[][] a) {
        c.reply().ok();
        c.closeAfterReply = true;
    }

    private void reset(Client c, byte[][] a) {
        c.endMulti();
        ctx.keyspace.watches().unwatchAll(c);
        ctx.pubsub.unsubscribeAll(c);
        ctx.keyspace.blocking().unblock(c);
        c.db = ctx.keyspace.db(0);
        c.reply().protocol(2);
        c.name = null;
        c.authenticated = !ctx.dispatcher.authRequired();
        c.reply().simple("RESET");
    }
}
