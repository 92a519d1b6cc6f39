package io.redisha.node.control;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.common.util.Glob;
import io.redisha.node.command.Args;
import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** INFO, CONFIG, COMMAND, TIME, SHUTDOWN, DEBUG. */
public final class ServerCommands {
    private final ServerContext ctx;

    public ServerCommands(ServerContext ctx) {
        this.ctx = ctx;
        new InfoSections(ctx).registerDefaults(ctx.info);
        this.memory = new MemoryCommands(ctx);
    }

    private final MemoryCommands memory;

    public void register(CommandTable t) {
        memory.register(t);
        t.group("server");
        t.add("info", -1, LOADING | STALE, this::info);
        t.add("time", 1, LOADING | STALE | FAST | RANDOM, this::time);
        t.add("shutdown", -1, ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI | ALLOW_BUSY, this::shutdown);
        CommandSpec config = t.container("config", -2, 0);
        t.sub(config, "get", -3, ADMIN | NOSCRIPT | LOADING | STALE, this::configGet);
        t.sub(config, "set", -4, ADMIN | NOSCRIPT | LOADING | STALE, this::configSet);
        t.sub(config, "resetstat", 2, ADMIN | NOSCRIPT | LOADING | STALE, this::resetStat);
        t.sub(config, "rewrite", 2, ADMIN | NOSCRIPT | LOADING | STALE, this::configRewrite);
        t.sub(config, "help", 2, LOADING | STALE, (c, a) -> configHelp(c));
        CommandSpec debug = t.container("debug", -2, ADMIN | NOSCRIPT | LOADING | STALE);
        t.sub(debug, "sleep", 3, ADMIN | NOSCRIPT | LOADING | STALE, this::debugSleep);
        t.sub(debug, "set-active-expire", 3, ADMIN | NOSCRIPT | LOADING | STALE, this::debugActiveExpire);
        t.sub(debug, "help", 2, LOADING | STALE, (c, a) -> c.reply().simple("DEBUG SLEEP <seconds> | SET-ACTIVE-EXPIRE <0|1>"));
        new CommandIntrospection(ctx).register(t);
    }

    private void info(Client c, byte[][] a) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < a.length; i++) sections.add(Args.str(a[i]));
        c.reply().verbatim(ctx.info.render(sections));
    }

    private void time(Client c, byte[][] a) {
        java.time.Instant now = java.time.Instant.now();
        Reply r = c.reply();
        r.array(2);
        r.bulk(Long.toString(now.getEpochSecond()));
        r.bulk(Long.toString(now.getNano() / 1000));
    }

    private void shutdown(Client c, byte[][] a) {
        boolean save = false, nosave = false, force = false;
        for (int i = 1; i < a.length; i++) {
            if (Args.is(a[i], "nosave")) nosave = true;
            else if (Args.is(a[i], "save")) save = true;
            else if (Args.is(a[i], "force")) force = true;
            else if (Args.is(a[i], "abort")) throw new RedisError("ERR No shutdown in progress.");
            else if (!Args.is(a[i], "now")) throw RedisError.SYNTAX;
        }
        if (save && nosave) throw RedisError.SYNTAX;
        if (!ctx.persistence.prepareForShutdown(save, nosave) && !force) {
            throw new RedisError("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        ctx.shutdownPrepared(true);
        // Redis sends no reply to a successful SHUTDOWN: the connection just closes.
        ctx.requestShutdown();
    }

    private void configGet(Client c, byte[][] a) {
        List<String> patterns = new ArrayList<>();
        for (int i = 2; i < a.length; i++) patterns.add(Args.str(a[i]));
        Map<String, String> found = ctx.config.match(patterns);
        // A name asked without glob characters comes back spelled as asked, unless a pattern
        // before it matched the key already.
        Map<String, String> spelled = new java.util.HashMap<>();
        for (String p : patterns) {
            String l = p.toLowerCase(java.util.Locale.ROOT);
            if (p.indexOf('*') < 0 && p.indexOf('?') < 0 && p.indexOf('[') < 0) {
                spelled.putIfAbsent(l, p);
                continue;
            }
            for (String name : found.keySet()) {
                if (Glob.matches(l, name)) spelled.putIfAbsent(name, name);
            }
        }
        Reply r = c.reply();
        r.map(found.size());
        for (Map.Entry<String, String> e : found.entrySet()) {
            r.bulk(spelled.getOrDefault(e.getKey(), e.getKey()));
            r.bulk(e.getValue());
        }
    }

    private void configSet(Client c, byte[][] a) {
        if ((a.length - 2) % 2 != 0) throw RedisError.SYNTAX;
        List<String[]> pairs = new ArrayList<>();
        for (int i = 2; i < a.length; i += 2) pairs.add(new String[] {Args.str(a[i]), Args.str(a[i + 1])});
        String err = ctx.config.set(pairs);
        if (err != null) throw new RedisError(err);
        c.reply().ok();
    }

    private void configRewrite(Client c, byte[][] a) {
        String err = ctx.config.rewrite();
        if (err != null) {
            org.slf4j.LoggerFactory.getLogger("redis").warn("CONFIG REWRITE failed: {}", err.substring(4));
            throw new RedisError(err);
        }
        org.slf4j.LoggerFactory.getLogger("redis").info("CONFIG REWRITE executed with success.");
        c.reply().ok();
    }

    private void resetStat(Client c, byte[][] a) {
        ctx.dispatcher.resetStats();
        ctx.stats.reset();
        ctx.keyspace.stats().keyspaceHits = 0;
        ctx.keyspace.stats().keyspaceMisses = 0;
        ctx.keyspace.stats().expiredKeys = 0;
        ctx.keyspace.stats().evictedKeys = 0;
        c.reply().ok();
    }

    private void configHelp(Client c) {
        String[] lines = {
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
            "RESETSTAT", "    Reset statistics reported by the INFO command.",
            "REWRITE", "    Rewrite the configuration file.",
            "HELP", "    Prints this help."};
        c.reply().lines(lines);
    }

    private void debugSleep(Client c, byte[][] a) {
        double secs = Args.parseDouble(a[2]);
        long ms = (long) (secs * 1000);
        // Blocking the owner thread on purpose: DEBUG SLEEP exists to simulate a stalled server.
        try {
            Thread.sleep(Math.max(0, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        c.reply().ok();
    }

    private void debugActiveExpire(Client c, byte[][] a) {
        ctx.keyspace.activeExpire(Args.parseLong(a[2]) != 0);
        c.reply().ok();
    }
}
