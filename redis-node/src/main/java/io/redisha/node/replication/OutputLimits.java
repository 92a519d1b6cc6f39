package io.redisha.node.replication;

import io.redisha.node.config.OutputBufferLimits;
import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Enforces client-output-buffer-limit: a client whose pending output reaches its class's hard
 * limit, or stays above the soft limit for the configured seconds, is disconnected and logged
 * as Redis does. Replicas are checked on every write of the stream; pub/sub and normal clients
 * by the cron (a few times a second). The master link is never limited, as in Redis.
 */
final class OutputLimits {
    private final ServerContext ctx;
    private volatile OutputBufferLimits.Limit[] limits;

    OutputLimits(ServerContext ctx) {
        this.ctx = ctx;
        refresh();
        ctx.config.param("client-output-buffer-limit").onChange(this::refresh);
    }

    private void refresh() {
        limits = OutputBufferLimits.parse(ctx.config.get("client-output-buffer-limit"));
    }

    /** Whether the client is over its class's limit now (the soft limit counts from its first excess). */
    boolean over(Client c, int cls, long used, long now) {
        return exceeded(c, limits[cls], used, now);
    }

    /** Closes a client that went over its limit, with Redis's log line. */
    void disconnect(Client c, int cls, long used) {
        String flags = cls == OutputBufferLimits.REPLICA ? "S" : cls == OutputBufferLimits.PUBSUB ? "P" : "N";
        Replication.log.warn("Client id={} addr={} laddr={} name={} flags={} omem={} scheduled to be closed ASAP "
                + "for overcoming of output buffer limits.", c.id(), c.address(), c.localAddress(),
                c.name == null ? "" : c.name, flags, used);
        c.channel().close();
    }

    private static boolean exceeded(Client c, OutputBufferLimits.Limit l, long used, long now) {
        if (l.hard() > 0 && used >= l.hard()) return true;
        if (l.soft() > 0 && used >= l.soft()) {
            // As Redis: the first excess only starts the clock.
            if (c.obufSoftLimitSince == 0) {
                c.obufSoftLimitSince = now;
                return false;
            }
            return now - c.obufSoftLimitSince > l.softSeconds() * 1000;
        }
        c.obufSoftLimitSince = 0;
        return false;
    }

    /** Pub/sub and normal clients, from the cron. */
    void cron(long now) {
        OutputBufferLimits.Limit[] l = limits;
        boolean normal = l[OutputBufferLimits.NORMAL].hard() > 0 || l[OutputBufferLimits.NORMAL].soft() > 0;
        boolean pubsub = l[OutputBufferLimits.PUBSUB].hard() > 0 || l[OutputBufferLimits.PUBSUB].soft() > 0;
        if (!normal && !pubsub) return;
        List<Client> over = new ArrayList<>();
        for (Client c : ctx.clients.all()) {
            if ((c.flags & (Client.FLAG_MASTER | Client.FLAG_REPLICA)) != 0 || c.closed || !c.channel().isActive()) continue;
            int cls = c.subscriptionCount() > 0 ? OutputBufferLimits.PUBSUB : OutputBufferLimits.NORMAL;
            if (cls == OutputBufferLimits.PUBSUB ? !pubsub : !normal) continue;
            if (exceeded(c, l[cls], c.outputBytes() + c.reply().pendingBytes(), now)) over.add(c);
        }
        for (Client c : over) {
            disconnect(c, c.subscriptionCount() > 0 ? OutputBufferLimits.PUBSUB : OutputBufferLimits.NORMAL,
                    c.outputBytes() + c.reply().pendingBytes());
        }
    }
}
