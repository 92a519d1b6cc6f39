package io.redisha.sentinel.monitor;

import io.redisha.common.resp.RespClient;

/**
 * The connections to one instance: commands, and for masters and replicas a second one
 * subscribed to the hello channel. Timestamps drive SDOWN: a ping without a valid reply for
 * down-after-milliseconds marks the instance subjectively down.
 */
public final class Link {
    final Instance owner;
    public RespClient cmd;
    public RespClient pubsub;
    public boolean disconnected = true;
    boolean connecting;
    long lastReconnTime;
    long ccConnTime;
    long pcConnTime;
    long pcLastActivity;
    /** When the oldest unanswered ping was sent; 0 when none is pending. */
    public long actPingTime;
    public long lastPingTime;
    public long lastPongTime;
    /** Last valid ping reply (PONG, LOADING, MASTERDOWN). */
    public long lastAvailTime;

    Link(Instance owner) {
        this.owner = owner;
        long now = System.currentTimeMillis();
        this.lastAvailTime = now;
        this.lastPongTime = now;
    }

    public int pendingCommands() {
        return cmd != null ? cmd.pendingCount() : 0;
    }

    public void close() {
        RespClient c = cmd, p = pubsub;
        cmd = null;
        pubsub = null;
        disconnected = true;
        connecting = false;
        if (c != null) c.close();
        if (p != null) p.close();
    }

    /**
     * Drops the command connection only; the other one stays, as in Redis: a failover's CLIENT
     * KILL TYPE pubsub ends our hello subscription, and that must not lose the INFO reply
     * (role:master) already on its way on the command connection.
     */
    void closeCmd() {
        RespClient c = cmd;
        cmd = null;
        disconnected = true;
        if (c != null) c.close();
    }

    /**
     * The command connection dropped by itself: down-after counts from now, as in Redis, whose
     * reconnection sends a PING at once that nobody answers. Counting from the last PONG instead
     * would judge an instance down up to a ping period early.
     */
    void lost() {
        if (actPingTime == 0) actPingTime = System.currentTimeMillis();
        closeCmd();
    }

    void closePubsub() {
        RespClient p = pubsub;
        pubsub = null;
        disconnected = true;
        if (p != null) p.close();
    }
}
