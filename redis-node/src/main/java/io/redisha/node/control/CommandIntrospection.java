package io.redisha.node.control;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.common.util.Glob;
import io.redisha.node.command.Args;
import io.redisha.node.command.CommandFlags;
import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** COMMAND and its subcommands, answered from the command table (redis-cli and clients ask). */
final class CommandIntrospection {
    private final ServerContext ctx;

    CommandIntrospection(ServerContext ctx) {
        this.ctx = ctx;
    }

    void register(CommandTable t) {
        int f = LOADING | STALE;
        CommandSpec cmd = t.container("command", -1, f, (c, a) -> infoAll(c));
        t.sub(cmd, "count", 2, f, (c, a) -> c.reply().integer(ctx.table.size()));
        t.sub(cmd, "info", -2, f, this::info);
        t.sub(cmd, "docs", -2, f, this::docs);
        t.sub(cmd, "list", -2, f, this::list);
        t.sub(cmd, "getkeys", -4, f, this::getkeys);
        t.sub(cmd, "help", 2, f, (c, a) -> help(c));
    }

    private void infoAll(Client c) {
        c.reply().array(ctx.table.size());
        for (CommandSpec s : ctx.table.all()) writeInfo(c.reply(), s);
    }

    private void info(Client c, byte[][] a) {
        if (a.length == 2) {
            infoAll(c);
            return;
        }
        Reply r = c.reply();
        r.array(a.length - 2);
        for (int i = 2; i < a.length; i++) {
            CommandSpec s = lookup(a[i]);
            if (s == null) r.nullArray(); else writeInfo(r, s);
        }
    }

    /** Finds "get" or "client|list". */
    private CommandSpec lookup(byte[] name) {
        String n = Args.str(name).toLowerCase(Locale.ROOT);
        int bar = n.indexOf('|');
        if (bar < 0) return ctx.table.lookup(n);
        CommandSpec parent = ctx.table.lookup(n.substring(0, bar));
        if (parent == null || parent.subcommands() == null) return null;
        return parent.subcommands().get(n.substring(bar + 1));
    }

    private void writeInfo(Reply r, CommandSpec s) {
        r.array(10);
        r.bulk(s.fullName());
        r.integer(s.arity());
        List<String> flags = CommandFlags.names(s.flags());
        r.set(flags.size());
        for (String f : flags) r.simple(f);
        r.integer(s.firstKey());
        r.integer(s.lastKey());
        r.integer(s.keyStep());
        List<String> cats = aclCategories(s);
        r.set(cats.size());
        for (String cat : cats) r.simple(cat);
        r.emptyArray();
        if (s.firstKey() > 0) {
            r.array(1);
            writeKeySpec(r, s);
        } else {
            r.emptyArray();
        }
        if (s.subcommands() == null) {
            r.emptyArray();
        } else {
            r.array(s.subcommands().size());
            for (CommandSpec sub : s.subcommands().values()) writeInfo(r, sub);
        }
    }

    private static void writeKeySpec(Reply r, CommandSpec s) {
        r.map(3);
        r.bulk("flags");
        boolean write = s.has(WRITE);
        r.set(2);
        r.simple(write ? "RW" : "RO");
        r.simple(write ? "update" : "access");
        r.bulk("begin_search");
        r.map(2);
        r.bulk("type");
        r.bulk("index");
        r.bulk("spec");
        r.map(1);
        r.bulk("index");
        r.integer(s.firstKey());
        r.bulk("find_keys");
        r.map(2);
        r.bulk("type");
        r.bulk("range");
        r.bulk("spec");
        r.map(3);
        r.bulk("lastkey");
        r.integer(s.lastKey() < 0 ? s.lastKey() : s.lastKey() - s.firstKey());
        r.bulk("keystep");
        r.integer(s.keyStep());
        r.bulk("limit");
        r.integer(0);
    }

    private static List<String> aclCategories(CommandSpec s) {
        List<String> out = new ArrayList<>();
        if (s.has(WRITE)) out.add("@write");
        if (s.has(READONLY)) out.add("@read");
        String group = s.parent() != null ? s.parent().group() : s.group();
        out.add("@" + switch (group) {
            case "generic" -> "keyspace";
            case "sorted_set" -> "sortedset";
            case "transactions" -> "transaction";
            default -> group;
        });
        if (s.has(ADMIN)) {
            out.add("@admin");
            out.add("@dangerous");
        }
        if (s.has(BLOCKING)) out.add("@blocking");
        out.add(s.has(FAST) ? "@fast" : "@slow");
        return out;
    }

    private void docs(Client c, byte[][] a) {
        List<CommandSpec> specs = new ArrayList<>();
        if (a.length == 2) {
            specs.addAll(ctx.table.all());
        } else {
            for (int i = 2; i < a.length; i++) {
                CommandSpec s = lookup(a[i]);
                if (s != null) specs.add(s);
            }
        }
        Reply r = c.reply();
        r.map(specs.size());
        for (CommandSpec s : specs) {
            r.bulk(s.fullName());
            writeDoc(r, s);
        }
    }

    private static void writeDoc(Reply r, CommandSpec s) {
        boolean subs = s.subcommands() != null && !s.subcommands().isEmpty();
        r.map(subs ? 4 : 3);
        r.bulk("summary");
        r.bulk("");
        r.bulk("since");
        r.bulk("1.0.0");
        r.bulk("group");
        String group = s.parent() != null ? s.parent().group() : s.group();
        r.bulk(group.replace('_', '-'));
        if (subs) {
            r.bulk("subcommands");
            r.map(s.subcommands().size());
            for (CommandSpec sub : s.subcommands().values()) {
                r.bulk(sub.fullName());
                writeDoc(r, sub);
            }
        }
    }

    private void list(Client c, byte[][] a) {
        byte[] pattern = null;
        if (a.length == 5 && Args.is(a[2], "filterby") && Args.is(a[3], "pattern")) {
            pattern = a[4];
        } else if (a.length != 2) {
            throw RedisError.SYNTAX;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec s : ctx.table.all()) {
            if (pattern == null || Glob.matches(pattern, Args.bytes(s.name()), true)) names.add(s.name());
        }
        Reply r = c.reply();
        r.array(names.size());
        for (String n : names) r.bulk(n);
    }

    private void getkeys(Client c, byte[][] a) {
        CommandSpec s = ctx.table.lookup(a[2]);
        if (s == null) throw new RedisError("ERR Invalid command specified");
        byte[][] argv = java.util.Arrays.copyOfRange(a, 2, a.length);
        if (s.subcommands() != null && argv.length >= 2) {
            s = CommandTable.subcommand(s, argv[1]);
            if (s == null) throw new RedisError("ERR Invalid command specified");
        }
        if (!s.hasKeys()) throw new RedisError("ERR The command has no key arguments");
        if (!s.arityOk(argv.length)) throw new RedisError("ERR Invalid number of arguments specified for command");
        int[] keys = s.keysValid(argv) ? s.keyIndexes(argv) : new int[0];
        if (keys.length == 0) throw new RedisError("ERR Invalid arguments specified for command");
        Reply r = c.reply();
        r.array(keys.length);
        for (int k : keys) r.bulk(argv[k]);
    }

    private void help(Client c) {
        String[] lines = {
            "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "(no subcommand)", "    Return details about all Redis commands.",
            "COUNT", "    Return the total number of commands in this Redis server.",
            "LIST", "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
            "DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
            "GETKEYS <full-command>", "    Return the keys from a full Redis command.",
            "HELP", "    Print this help."};
        c.reply().lines(lines);
    }
}
