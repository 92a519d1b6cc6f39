package io.redisha.node.replication;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.redisha.node.command.Args;
import io.redisha.node.command.RedisError;
import io.redisha.node.config.OutputBufferLimits;
import io.redisha.node.control.Info;
import io.redisha.node.keyspace.Blocking;
import io.redisha.node.keyspace.Snapshot;
import io.redisha.node.persistence.SnapshotSource;
import io.redisha.node.persistence.rdb.RdbWriter;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.nio.file.Path;
import io.redisha.node.persistence.RdbPersistence;
import java.util.concurrent.TimeUnit;

/**
 * The master's half of replication (replication.c's syncCommand and friends): turns client
 * connections into replicas on PSYNC, serves a partial resync from the backlog or a full one
 * from a snapshot written as RDB on a thread of its own while the stream is buffered, streams
 * every write, pings, and answers WAIT from the replicas' acknowledged offsets.
 */
final class MasterSide {
    private static final byte[] PING = Resp.command("PING");
    private static final byte[] GETACK = Resp.command("REPLCONF", "GETACK", "*");

    private final Replication repl;
    private final ServerContext ctx;
    private final Map<Client, ReplicaState> states = new LinkedHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    /** The db the stream has selected; -1 forces a SELECT before the next command. */
    int streamDb = -1;
    private boolean syncRunning;
    private long firstWaitingSince;
    private long secondsCount;

    private record Waiter(Client client, long offset, long replicas, ScheduledFuture<?> timer) {}

    MasterSide(Replication repl) {
        this.repl = repl;
        this.ctx = repl.ctx;
    }

    /** Set by Replication.register, once the config is there. */
    OutputLimits limits;

    // ---- the stream

    /** A write of this node (WriteListener): SELECT when the db changes, then the command. */
    void feedCommand(int db, byte[][] argv) {
        if (repl.backlog == null) return;
        if (db >= 0 && db != streamDb) {
            repl.feed(Resp.command("SELECT", Integer.toString(db)));
            streamDb = db;
        }
        repl.feed(Resp.command(argv));
    }

    /** Hands stream bytes to every replica, or to its buffer while its snapshot is on its way. */
    void send(byte[] bytes) {
        List<ReplicaState> over = null;
        long now = ctx.keyspace.now();
        for (ReplicaState r : states.values()) {
            long used;
            if (!r.client.channel().isActive()) continue;
            if (r.phase == ReplicaState.Phase.ONLINE) {
                r.client.reply().raw(bytes);
                ctx.flushLater(r.client);
                used = r.client.outputBytes() + r.client.reply().pendingBytes();
            } else if (r.phase == ReplicaState.Phase.SEND_BULK) {
                // While its snapshot is on its way, the stream waits here and counts as its output.
                r.pending.write(bytes, 0, bytes.length);
                r.client.heldOutput = r.pending.size();
                used = r.client.outputBytes();
            } else {
                continue;
            }
            if (limits.over(r.client, OutputBufferLimits.REPLICA, used, now)) {
                if (over == null) over = new ArrayList<>();
                over.add(r);
            }
        }
        if (over != null) {
            for (ReplicaState r : over) {
                limits.disconnect(r.client, OutputBufferLimits.REPLICA, r.client.outputBytes() + r.client.reply().pendingBytes());
            }
        }
    }

    void flushReplicas() {
        for (ReplicaState r : states.values()) {
            if (r.phase == ReplicaState.Phase.ONLINE) r.client.flush();
        }
    }

    int replicaCount() {
        int n = 0;
        for (ReplicaState r : states.values()) if (r.isReplica()) n++;
        return n;
    }

    /** Replicas online whose last ACK is within min-replicas-max-lag. */
    int goodReplicas() {
        long maxLag = ctx.config.getLong("min-replicas-max-lag") * 1000;
        long now = System.currentTimeMillis();
        int n = 0;
        for (ReplicaState r : states.values()) {
            if (r.phase == ReplicaState.Phase.ONLINE && now - r.ackTime <= maxLag) n++;
        }
        return n;
    }

    void disconnectReplicas() {
        for (ReplicaState r : new ArrayList<>(states.values())) {
            if (r.isReplica()) r.client.channel().close();
        }
    }

    void clientClosed(Client c) {
        ReplicaState r = states.remove(c);
        if (r != null && r.isReplica()) {
            Replication.log.info("Connection with replica {}:{} lost.", r.ip(), r.listeningPort);
        }
    }

    private ReplicaState state(Client c) {
        return states.computeIfAbsent(c, ReplicaState::new);
    }

    // ---- REPLCONF, PSYNC, SYNC

    void replconf(Client c, byte[][] a) {
        if (a.length % 2 == 0) throw RedisError.SYNTAX;
        for (int i = 1; i < a.length; i += 2) {
            String opt = Args.str(a[i]).toLowerCase(java.util.Locale.ROOT);
            switch (opt) {
                case "listening-port" -> {
                    long port = Args.parseLong(a[i + 1]);
                    state(c).listeningPort = (int) port;
                }
                case "ip-address" -> state(c).announcedIp = Args.str(a[i + 1]);
                case "capa" -> {
                    if (Args.is(a[i + 1], "eof")) state(c).capaEof = true;
                    else if (Args.is(a[i + 1], "psync2")) state(c).capaPsync2 = true;
                }
                case "ack" -> {
                    // A replica's acknowledgement gets no reply.
                    ReplicaState r = states.get(c);
                    if (r == null || !r.isReplica()) return;
                    long off = Args.parseLongOr(a[i + 1], -1, false);
                    if (r.phase == ReplicaState.Phase.SEND_BULK) {
                        if (!r.rdbSent) return;
                        streamOnline(r);
                    }
                    if (off > r.ackOffset) r.ackOffset = off;
                    r.ackTime = System.currentTimeMillis();
                    checkWaiters();
                    repl.failover.check();
                    return;
                }
                case "getack" -> {
                    if (repl.link != null) repl.link.sendAck();
                    return;
                }
                case "rdb-only", "rdb-filter-only" -> { }
                default -> throw new RedisError("ERR Unrecognized REPLCONF option: " + Args.str(a[i]));
            }
        }
        c.reply().ok();
    }

    void psync(Client c, byte[][] a) {
        if ((c.flags & Client.FLAG_REPLICA) != 0) return;
        if (a.length > 3 && Args.is(a[3], "failover") && !failoverRequest(c, Args.str(a[1]))) return;
        if (refusesSync(c)) return;
        ReplicaState r = state(c);
        String id = Args.str(a[1]);
        long off = Args.parseLongOr(a[2], -1, false);
        if (tryPartial(r, id, off)) return;
        fullSync(r);
    }

    /** PSYNC and SYNC both wait while this node cannot serve a consistent stream. */
    private boolean refusesSync(Client c) {
        if (repl.failover.active()) {
            c.reply().error("NOMASTERLINK Can't SYNC while failing over");
            return true;
        }
        if (repl.link != null && !repl.link.up()) {
            c.reply().error("NOMASTERLINK Can't SYNC while not connected with my master");
            return true;
        }
        return false;
    }

    void sync(Client c, byte[][] a) {
        if ((c.flags & Client.FLAG_REPLICA) != 0) return;
        if (refusesSync(c)) return;
        ReplicaState r = state(c);
        r.oldSync = true;
        fullSync(r);
    }

    /**
     * PSYNC ... FAILOVER from our master (its FAILOVER command): we take over as master, and
     * the PSYNC then goes on as a partial resync of the old master under our new history.
     */
    private boolean failoverRequest(Client c, String id) {
        Replication.log.warn("Failover request received for replid {}.", id);
        if (!id.equalsIgnoreCase(repl.replid)) {
            c.reply().error("ERR PSYNC FAILOVER replid must match my replid.");
            return false;
        }
        if (repl.link != null) {
            repl.unsetMaster();
            Replication.log.info("MASTER MODE enabled (failover request from 'id={} addr={}')", c.id(), c.address());
        }
        return true;
    }

    /** A replica by the address it serves on, as FAILOVER TO names it. */
    ReplicaState findReplica(String host, long port) {
        for (ReplicaState r : states.values()) {
            if (r.isReplica() && r.ip().equalsIgnoreCase(host) && r.listeningPort == port) return r;
        }
        return null;
    }

    Iterable<ReplicaState> replicas() {
        List<ReplicaState> out = new ArrayList<>();
        for (ReplicaState r : states.values()) if (r.isReplica()) out.add(r);
        return out;
    }

    private boolean tryPartial(ReplicaState r, String id, long off) {
        boolean known = id.equalsIgnoreCase(repl.replid)
                || (id.equalsIgnoreCase(repl.replid2) && off <= repl.secondOffset);
        if (!known || repl.backlog == null || !repl.backlog.covers(off)) {
            if (!id.equals("?")) {
                ctx.stats.syncPartialErr++;
                if (!known) {
                    Replication.log.info("Partial resynchronization not accepted: Replication ID mismatch "
                            + "(Replica asked for '{}', my replication IDs are '{}' and '{}')", id, repl.replid, repl.replid2);
                } else {
                    Replication.log.info("Unable to partial resync with replica {}:{} for lack of backlog "
                            + "(Replica request was: {}).", r.ip(), r.listeningPort, off);
                }
            }
            return false;
        }
        Client c = r.client;
        c.flags |= Client.FLAG_REPLICA;
        r.phase = ReplicaState.Phase.ONLINE;
        r.ackTime = System.currentTimeMillis();
        r.ackOffset = off - 1;
        String line = r.capaPsync2 ? "+CONTINUE " + repl.replid + "\r\n" : "+CONTINUE\r\n";
        c.reply().raw(line.getBytes(StandardCharsets.US_ASCII));
        c.reply().raw(repl.backlog.from(off));
        ctx.stats.syncPartialOk++;
        Replication.log.info("Partial resynchronization request from {}:{} accepted. Sending {} bytes of backlog "
                + "starting from offset {}.", r.ip(), r.listeningPort, repl.offset + 1 - off, off);
        return true;
    }

    private void fullSync(ReplicaState r) {
        ctx.stats.syncFull++;
        Client c = r.client;
        c.flags |= Client.FLAG_REPLICA;
        Replication.log.info("Replica {}:{} asks for synchronization", r.ip(), r.listeningPort);
        if (repl.backlog == null && repl.link == null) {
            // A new history starts with the first replica, as in Redis.
            repl.replid = Replication.newId();
            repl.replid2 = Replication.ZERO_ID;
            repl.secondOffset = -1;
            repl.createBacklog();
        }
        r.phase = ReplicaState.Phase.WAIT_BGSAVE;
        if (firstWaitingSince == 0) firstWaitingSince = System.currentTimeMillis();
        if (ctx.config.getInt("repl-diskless-sync-delay") == 0 || !ctx.config.getBool("repl-diskless-sync")) {
            maybeStartSync(System.currentTimeMillis());
        }
    }

    /**
     * Starts a snapshot for every replica waiting for one, once repl-diskless-sync-delay passed
     * (so replicas arriving together share it) and no other snapshot is open.
     */
    private void maybeStartSync(long now) {
        if (syncRunning || firstWaitingSince == 0) return;
        boolean disklessConf = ctx.config.getBool("repl-diskless-sync");
        // The delay lets replicas arriving together share one transfer; a dump on disk is shared anyway.
        if (disklessConf && now - firstWaitingSince < ctx.config.getLong("repl-diskless-sync-delay") * 1000) return;
        if (ctx.keyspace.snapshotOpen()) return;
        List<ReplicaState> targets = new ArrayList<>();
        for (ReplicaState r : states.values()) {
            if (r.phase == ReplicaState.Phase.WAIT_BGSAVE) targets.add(r);
        }
        firstWaitingSince = 0;
        if (targets.isEmpty()) return;
        // As Redis: to sockets only when every replica understands the EOF-marked transfer.
        boolean allEof = true;
        for (ReplicaState r : targets) allEof &= r.capaEof && !r.oldSync;
        boolean diskless = disklessConf && allEof;
        syncRunning = true;
        streamDb = -1;
        Snapshot snap = ctx.keyspace.snapshot();
        long startOffset = repl.offset;
        String id = repl.replid;
        byte[] mark = diskless ? Replication.newId().getBytes(StandardCharsets.US_ASCII) : null;
        List<Channel> channels = new ArrayList<>();
        for (ReplicaState r : targets) {
            r.phase = ReplicaState.Phase.SEND_BULK;
            r.pending = new ByteArrayOutputStream();
            r.ackOffset = startOffset;
            if (!r.oldSync) r.client.reply().raw(("+FULLRESYNC " + id + " " + startOffset + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (diskless) r.client.reply().raw(("$EOF:" + new String(mark, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            r.client.flush();
            channels.add(r.client.channel());
        }
        Replication.log.info("Starting BGSAVE for SYNC with target: {}", diskless ? "replicas sockets" : "disk");
        RdbWriter writer = new RdbWriter()
                .compression(ctx.config.getBool("rdbcompression"))
                .checksum(ctx.config.getBool("rdbchecksum"))
                .redisVersion(ServerContext.REDIS_VERSION)
                .replication(0, id, startOffset);
        SnapshotSource source = new SnapshotSource(snap, ctx);
        Path file = diskless ? null : ctx.persistence.rdb().dumpPath();
        long dirtyBefore = ctx.keyspace.dirty();
        long timeoutMs = ctx.config.getLong("repl-timeout") * 1000;
        Thread t = new Thread(() -> {
            Exception failure = null;
            long bytes = 0;
            try (RdbStream out = new RdbStream(channels, timeoutMs)) {
                if (diskless) {
                    writer.write(source, out);
                    out.trailer(mark);
                } else {
                    RdbPersistence.writeAtomically(source, file, writer);
                    ctx.owner().execute(() -> {
                        // The dump is on disk: copy-on-write can end before it is sent.
                        snap.close();
                        ctx.persistence.rdb().savedForReplication(dirtyBefore);
                    });
                    out.sendFile(file);
                }
                bytes = out.total();
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            Exception f = failure;
            long total = bytes;
            ctx.owner().execute(() -> syncDone(snap, targets, diskless, f, total));
        }, "repl-sync");
        t.setDaemon(true);
        t.start();
    }

    private void syncDone(Snapshot snap, List<ReplicaState> targets, boolean diskless, Exception failure, long bytes) {
        snap.close();
        syncRunning = false;
        if (failure != null) {
            Replication.log.warn("Background transfer to replicas failed: {}", failure.getMessage());
            for (ReplicaState r : targets) {
                if (r.phase == ReplicaState.Phase.SEND_BULK) r.client.channel().close();
            }
        } else {
            Replication.log.info("Background RDB transfer terminated with success ({} bytes)", bytes);
            for (ReplicaState r : targets) {
                if (r.client.closed || r.phase != ReplicaState.Phase.SEND_BULK) continue;
                if (diskless) {
                    // As Redis: the stream follows the EOF mark only once the replica acknowledged
                    // the load, so the mark is always the last thing it reads of the transfer.
                    r.rdbSent = true;
                    Replication.log.info("Streamed RDB transfer with replica {}:{} succeeded (socket). Waiting for "
                            + "REPLCONF ACK from replica to enable streaming", r.ip(), r.listeningPort);
                } else {
                    streamOnline(r);
                }
            }
            checkWaiters();
        }
        // Replicas that asked while this transfer ran get the next one.
        for (ReplicaState r : states.values()) {
            if (r.phase == ReplicaState.Phase.WAIT_BGSAVE && firstWaitingSince == 0) firstWaitingSince = System.currentTimeMillis();
        }
    }

    /** The replica has its snapshot: what was produced meanwhile follows, then the live stream. */
    private void streamOnline(ReplicaState r) {
        if (r.pending.size() > 0) r.client.channel().writeAndFlush(Unpooled.wrappedBuffer(r.pending.toByteArray()));
        r.pending = null;
        r.client.heldOutput = 0;
        r.rdbSent = false;
        r.phase = ReplicaState.Phase.ONLINE;
        r.ackTime = System.currentTimeMillis();
        Replication.log.info("Synchronization with replica {}:{} succeeded", r.ip(), r.listeningPort);
    }

    // ---- cron

    void cron(long now) {
        if (firstWaitingSince != 0) maybeStartSync(now);
    }

    void cronSecond(long now) {
        secondsCount++;
        long period = ctx.config.getLong("repl-ping-replica-period");
        // No PING while writes are paused for a failover: the replicas must catch up with our offset.
        if (repl.link == null && replicaCount() > 0 && secondsCount % period == 0 && !repl.failover.paused()) {
            if (repl.backlog != null) repl.feed(PING);
        }
        long timeout = ctx.config.getLong("repl-timeout") * 1000;
        for (ReplicaState r : new ArrayList<>(states.values())) {
            if (r.phase == ReplicaState.Phase.WAIT_BGSAVE) {
                // Keeps the replica's read timeout from firing while it waits for its snapshot.
                r.client.reply().raw(NEWLINE);
                ctx.flushLater(r.client);
            } else if (r.phase == ReplicaState.Phase.ONLINE && !r.oldSync && now - r.ackTime > timeout) {
                Replication.log.warn("Disconnecting timedout replica (streaming sync): {}:{}", r.ip(), r.listeningPort);
                r.client.channel().close();
            }
        }
    }

    private static final byte[] NEWLINE = {'\n'};

    // ---- WAIT

    void waitCommand(Client c, byte[][] a) {
        if (repl.link != null) {
            throw new RedisError("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 "
                    + "if a replica is configured to be writable (which is not the default) writes to replicas are just "
                    + "local and are not propagated.");
        }
        long num = Args.parseLong(a[1]);
        long timeout = Args.parseLongOr(a[2], Long.MIN_VALUE, true);
        if (timeout == Long.MIN_VALUE) throw new RedisError("ERR timeout is not an integer or out of range");
        if (timeout < 0) throw new RedisError("ERR timeout is negative");
        long target = repl.offset;
        long acked = acked(target);
        if (acked >= num || c.inExec) {
            c.reply().integer(acked);
            return;
        }
        ctx.keyspace.blocking().block(c, c.db, new byte[0][], 0, 0, 0, Blocking.OnTimeout.NULL_ARRAY);
        ScheduledFuture<?> timer = timeout == 0 ? null
                : ctx.owner().schedule(() -> finishWait(c), timeout, TimeUnit.MILLISECONDS);
        waiters.add(new Waiter(c, target, num, timer));
        // Replicas answer with REPLCONF ACK at once instead of within the next second.
        if (repl.backlog != null && !repl.failover.paused()) repl.feed(GETACK);
    }

    private long acked(long offset) {
        long n = 0;
        for (ReplicaState r : states.values()) {
            if (r.phase == ReplicaState.Phase.ONLINE && r.ackOffset >= offset) n++;
        }
        return n;
    }

    private void checkWaiters() {
        if (waiters.isEmpty()) return;
        for (Waiter w : new ArrayList<>(waiters)) {
            if (w.client.closed || acked(w.offset) >= w.replicas) finishWait(w.client);
        }
    }

    private void finishWait(Client c) {
        Waiter w = null;
        for (Waiter x : waiters) {
            if (x.client == c) {
                w = x;
                break;
            }
        }
        if (w == null) return;
        waiters.remove(w);
        if (w.timer != null) w.timer.cancel(false);
        // Closed, or failed with UNBLOCKED when this node turned replica.
        if (c.closed || c.closeAfterReply) return;
        ctx.keyspace.blocking().unblock(c);
        c.reply().integer(acked(w.offset));
        ctx.resumeDeferred(c);
        ctx.flushPending();
    }

    // ---- ROLE and INFO

    void roleReplicas(Reply r) {
        List<ReplicaState> online = new ArrayList<>();
        for (ReplicaState s : states.values()) if (s.isReplica()) online.add(s);
        r.array(online.size());
        for (ReplicaState s : online) {
            r.array(3);
            r.bulk(s.ip());
            r.bulk(Integer.toString(s.listeningPort));
            r.bulk(Long.toString(s.ackOffset));
        }
    }

    void infoReplicas(Info.Lines l, long now) {
        int i = 0;
        for (ReplicaState s : states.values()) {
            if (!s.isReplica()) continue;
            l.add("slave" + i++, "ip=" + s.ip() + ",port=" + s.listeningPort + ",state=" + s.phase.info
                    + ",offset=" + s.ackOffset + ",lag=" + (now - s.ackTime) / 1000);
        }
    }
}
