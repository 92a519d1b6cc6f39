package io.redisha.node.replication;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandFlags;
import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Blocking;
import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.List;

/**
 * FAILOVER (Redis 6.2+): a master hands its role to a replica without losing writes. Writes are
 * paused (held, not refused) while the master waits for a replica to acknowledge its whole
 * stream; then it turns itself into that replica's replica and asks it, with
 * {@code PSYNC <replid> <offset> FAILOVER}, to take over. Once the target accepts, the held
 * writes run, and meet a read-only replica.
 */
final class Failover {
    enum State {
        NONE("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        final String info;

        State(String info) {
            this.info = info;
        }
    }

    private record Held(Client client, byte[][] argv) {}

    private final Replication repl;
    private final ServerContext ctx;
    private State state = State.NONE;
    private String targetHost;
    private int targetPort;
    /** When waiting stops (0: never). */
    private long endTime;
    private boolean force;
    private boolean paused;
    private final List<Held> held = new ArrayList<>();

    Failover(Replication repl) {
        this.repl = repl;
        this.ctx = repl.ctx;
    }

    State state() { return state; }
    boolean active() { return state != State.NONE; }
    boolean inProgress() { return state == State.IN_PROGRESS; }
    /** Client writes are held: nothing may grow the stream (no PING, no GETACK, no expiry). */
    boolean paused() { return paused; }

    // ---- the command

    void command(Client c, byte[][] a) {
        if (a.length == 2 && Args.is(a[1], "abort")) {
            if (state == State.NONE) throw new RedisError("ERR No failover in progress.");
            abort("Failover manually aborted");
            c.reply().ok();
            return;
        }
        long timeout = 0;
        boolean forceFlag = false;
        String host = null;
        long port = 0;
        for (int j = 1; j < a.length; j++) {
            if (Args.is(a[j], "timeout") && j + 1 < a.length && timeout == 0) {
                timeout = Args.parseLong(a[j + 1]);
                if (timeout <= 0) throw new RedisError("ERR FAILOVER timeout must be greater than 0");
                j++;
            } else if (Args.is(a[j], "to") && j + 2 < a.length && host == null) {
                port = Args.parseLong(a[j + 2]);
                host = Args.str(a[j + 1]);
                j += 2;
            } else if (Args.is(a[j], "force") && !forceFlag) {
                forceFlag = true;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (state != State.NONE) throw new RedisError("ERR FAILOVER already in progress.");
        if (repl.link != null) throw new RedisError("ERR FAILOVER is not valid when server is a replica.");
        if (repl.master.replicaCount() == 0) throw new RedisError("ERR FAILOVER requires connected replicas.");
        if (forceFlag && (timeout == 0 || host == null)) {
            throw new RedisError("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        if (host != null) {
            ReplicaState r = repl.master.findReplica(host, port);
            if (r == null) throw new RedisError("ERR FAILOVER target HOST and PORT is not a replica.");
            if (r.phase != ReplicaState.Phase.ONLINE) throw new RedisError("ERR FAILOVER target replica is not online.");
            targetHost = host;
            targetPort = (int) port;
            Replication.log.info("FAILOVER requested to {}:{}.", host, port);
        } else {
            targetHost = null;
            Replication.log.info("FAILOVER requested to any replica.");
        }
        endTime = timeout > 0 ? System.currentTimeMillis() + timeout : 0;
        force = forceFlag;
        state = State.WAIT_FOR_SYNC;
        pause();
        c.reply().ok();
        // A replica may have acknowledged everything already: go on right after this reply.
        ctx.owner().execute(this::check);
    }

    // ---- progress

    /** Waiting for sync: times out, or fails over to the first replica that has all our stream. */
    void check() {
        if (state != State.WAIT_FOR_SYNC) return;
        long now = System.currentTimeMillis();
        if (endTime > 0 && endTime <= now) {
            if (force) {
                Replication.log.info("FAILOVER to {}:{} time out exceeded, failing over.", targetHost, targetPort);
                demote();
            } else {
                abort("Replica never caught up before timeout");
            }
            return;
        }
        ReplicaState r = null;
        if (targetHost != null) {
            r = repl.master.findReplica(targetHost, targetPort);
        } else {
            for (ReplicaState s : repl.master.replicas()) {
                if (s.phase == ReplicaState.Phase.ONLINE && s.ackOffset == repl.offset) {
                    r = s;
                    targetHost = s.ip();
                    targetPort = s.listeningPort;
                    break;
                }
            }
        }
        if (r != null && r.phase == ReplicaState.Phase.ONLINE && r.ackOffset == repl.offset) {
            Replication.log.info("Failover target {}:{} is synced, failing over.", targetHost, targetPort);
            demote();
        }
    }

    /** Becomes the target's replica; the link's PSYNC carries FAILOVER while we are in progress. */
    private void demote() {
        state = State.IN_PROGRESS;
        repl.setMaster(targetHost, targetPort, true);
    }

    /** The target answered our PSYNC FAILOVER with CONTINUE or FULLRESYNC: it is the master now. */
    void accepted() {
        if (state != State.IN_PROGRESS) return;
        clear();
    }

    /** The target refused our PSYNC FAILOVER. */
    void rejected() {
        if (state != State.IN_PROGRESS) return;
        abort("Failover target rejected psync request");
    }

    /** Back to a plain master (a new history if we already demoted ourselves). */
    void abort(String why) {
        if (state == State.NONE) return;
        if (targetHost != null) {
            Replication.log.info("FAILOVER to {}:{} aborted: {}", targetHost, targetPort, why);
        } else {
            Replication.log.info("FAILOVER to any replica aborted: {}", why);
        }
        if (state == State.IN_PROGRESS) repl.unsetMaster();
        clear();
    }

    private void clear() {
        state = State.NONE;
        targetHost = null;
        targetPort = 0;
        endTime = 0;
        force = false;
        unpause();
    }

    // ---- the write pause

    private void pause() {
        paused = true;
        // Expired keys read as absent but stay: their DEL would grow the stream.
        ctx.keyspace.expireOnAccess(false);
    }

    private void unpause() {
        if (!paused) return;
        paused = false;
        ctx.keyspace.expireOnAccess(repl.link == null);
        List<Held> release = new ArrayList<>(held);
        held.clear();
        for (Held h : release) {
            Client c = h.client;
            if (c.closed) continue;
            ctx.keyspace.blocking().unblock(c);
            ctx.dispatcher.process(c, h.argv);
            ctx.resumeDeferred(c);
        }
        ctx.flushPending();
    }

    /** Dispatcher hold: a client's write waits, without a reply, until the pause ends. */
    boolean hold(Client c, CommandSpec spec, byte[][] argv) {
        if (!paused || (c.flags & (Client.FLAG_REPLICA | Client.FLAG_MASTER)) != 0) return false;
        if (!mayReplicate(c, spec)) return false;
        held.add(new Held(c, argv));
        ctx.keyspace.blocking().block(c, c.db, new byte[0][], 0, 0, 0, Blocking.OnTimeout.NULL_ARRAY);
        return true;
    }

    private static boolean mayReplicate(Client c, CommandSpec spec) {
        if (spec.has(CommandFlags.WRITE) || spec.has(CommandFlags.MAY_REPLICATE)) return true;
        if (spec.name().equals("exec") && c.inMulti && c.multiQueue != null) {
            for (Client.QueuedCommand q : c.multiQueue) {
                if (q.spec().has(CommandFlags.WRITE) || q.spec().has(CommandFlags.MAY_REPLICATE)) return true;
            }
        }
        return false;
    }

    boolean holds(Client c) {
        for (Held h : held) if (h.client == c) return true;
        return false;
    }

    /** The client went away while held. */
    void clientClosed(Client c) {
        held.removeIf(h -> h.client == c);
    }
}
