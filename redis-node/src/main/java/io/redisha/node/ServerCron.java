package io.redisha.node;

import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.List;

/** Periodic work on the owner thread, hz times a second: expiry, idle clients, ops/sec samples. */
final class ServerCron implements Runnable {
    private final ServerContext ctx;
    private long lastSecond;
    private long lastSample;

    ServerCron(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        long now = System.currentTimeMillis();
        ctx.keyspace.syncClock();
        ctx.keyspace.activeExpireCycle(Math.max(1, 250 / ctx.config.getInt("hz")));
        if (now - lastSample >= 100) {
            ctx.stats.sample(ctx.dispatcher.commandsProcessed());
            lastSample = now;
        }
        if (now - lastSecond >= 1000) {
            lastSecond = now;
            closeIdleClients(now);
        }
        ctx.persistence.cron();
        ctx.replication.cron();
        ctx.flushPending();
    }

    private void closeIdleClients(long now) {
        long timeout = ctx.config.getLong("timeout") * 1000;
        if (timeout <= 0) return;
        List<Client> idle = new ArrayList<>();
        for (Client c : ctx.clients.all()) {
            if (c.subscriptionCount() > 0 || ctx.keyspace.blocking().isBlocked(c)) continue;
            if (now - c.lastInteraction > timeout) idle.add(c);
        }
        for (Client c : idle) c.channel().close();
    }
}
