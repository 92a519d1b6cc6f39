package io.redisha.node.command;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.util.List;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in the dispatcher's gate. */
public final class TransactionCommands {
    private final ServerContext ctx;

    public TransactionCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("transactions");
        t.add("multi", 1, NOSCRIPT | LOADING | STALE | FAST | NO_QUEUE, this::multi);
        t.add("exec", 1, NOSCRIPT | LOADING | STALE | NO_QUEUE, this::exec);
        t.add("discard", 1, NOSCRIPT | LOADING | STALE | FAST | NO_QUEUE, this::discard);
        t.add("watch", -2, NOSCRIPT | LOADING | STALE | FAST | NO_QUEUE, 1, -1, 1, this::watch);
        t.add("unwatch", 1, NOSCRIPT | LOADING | STALE | FAST, this::unwatch);
    }

    private void multi(Client c, byte[][] a) {
        if (c.inMulti) throw new RedisError("ERR MULTI calls can not be nested");
        c.startMulti();
        c.reply().ok();
    }

    private void discard(Client c, byte[][] a) {
        if (!c.inMulti) throw new RedisError("ERR DISCARD without MULTI");
        c.endMulti();
        ctx.keyspace.watches().unwatchAll(c);
        c.reply().ok();
    }

    private void watch(Client c, byte[][] a) {
        if (c.inMulti) throw new RedisError("ERR WATCH inside MULTI is not allowed");
        for (int i = 1; i < a.length; i++) ctx.keyspace.watches().watch(c, c.db, a[i]);
        c.reply().ok();
    }

    private void unwatch(Client c, byte[][] a) {
        ctx.keyspace.watches().unwatchAll(c);
        c.reply().ok();
    }

    private void exec(Client c, byte[][] a) {
        if (!c.inMulti) throw new RedisError("ERR EXEC without MULTI");
        if (c.multiDirty) {
            c.endMulti();
            ctx.keyspace.watches().unwatchAll(c);
            throw new RedisError("EXECABORT Transaction discarded because of previous errors.");
        }
        List<Client.QueuedCommand> queue = List.copyOf(c.multiQueue);
        boolean aborted = c.watchDirty;
        c.endMulti();
        ctx.keyspace.watches().unwatchAll(c);
        if (aborted) {
            c.reply().nullArray();
            return;
        }
        Dispatcher d = ctx.dispatcher;
        c.reply().array(queue.size());
        c.inExec = true;
        d.enterExec();
        try {
            for (Client.QueuedCommand q : queue) {
                d.call(c, q.spec(), q.argv());
            }
        } finally {
            c.inExec = false;
            d.exitExec();
        }
    }
}
