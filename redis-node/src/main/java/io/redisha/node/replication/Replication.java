package io.redisha.node.replication;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandFlags;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.config.NodeConfig;
import io.redisha.node.control.Info;
import io.redisha.node.persistence.ReplicationInfo;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master–replica replication as Redis 7.0 does it (PSYNC2): the replication id and offset this
 * node's history is known by, the backlog, the commands (REPLICAOF, ROLE, WAIT, PSYNC,
 * REPLCONF), INFO replication and the write gates. {@link MasterSide} serves this node's
 * replicas; {@link ReplicaLink} is the link to this node's own master when it is a replica.
 * Everything runs on the owner thread.
 */
public final class Replication {
    static final Logger log = LoggerFactory.getLogger("redis");
    /** The property the log pattern reads for the role letter of each line. */
    private static final String LOG_ROLE = "redis.role";
    static final String ZERO_ID = "0".repeat(40);
    private static final String READONLY = "READONLY You can't write against a read only replica.";
    private static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    private static final String MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

    final ServerContext ctx;
    final MasterSide master;
    final Failover failover;
    /** The link to our master; null while this node is a master. */
    ReplicaLink link;

    String replid = newId();
    String replid2 = ZERO_ID;
    long secondOffset = -1;
    /** master_repl_offset: bytes of the stream produced (master) or applied (replica). */
    long offset;
    Backlog backlog;
    /** Whether our (replid, offset) names a history a master may continue (PSYNC instead of "? -1"). */
    boolean canPsync;
    /** The db the master's stream has selected, kept across links for a partial resync. */
    int masterDb;
    /** True while a command of our master runs: it reaches replicas as the master's bytes, not re-encoded. */
    boolean applyingMaster;
    /** Set at shutdown: the stream ends here. */
    private boolean frozen;

    private volatile boolean readOnly = true;
    private volatile boolean serveStale = true;
    private volatile int minToWrite;
    private long noReplicasSince = System.currentTimeMillis();
    private long lastSecond;

    public Replication(ServerContext ctx) {
        this.ctx = ctx;
        this.master = new MasterSide(this);
        this.failover = new Failover(this);
    }

    static String newId() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public void register(CommandTable t) {
        t.group("server");
        t.add("replicaof", 3, ADMIN | NOSCRIPT | STALE, this::replicaof);
        t.add("slaveof", 3, ADMIN | NOSCRIPT | STALE, this::replicaof);
        t.add("role", 1, NOSCRIPT | LOADING | STALE | FAST, this::role);
        t.add("replconf", -1, ADMIN | NOSCRIPT | LOADING | STALE | ALLOW_BUSY, master::replconf);
        t.add("psync", -3, ADMIN | NOSCRIPT | NO_MULTI, master::psync);
        t.add("sync", 1, ADMIN | NOSCRIPT | NO_MULTI, master::sync);
        t.group("generic");
        t.add("wait", 3, NOSCRIPT, master::waitCommand);
        t.group("server");
        t.add("failover", -1, ADMIN | NOSCRIPT | STALE, failover::command);
        ctx.dispatcher.hold(failover::hold);
        ctx.onClientClosed(failover::clientClosed);
        Digest.register(t, ctx.keyspace);
        master.limits = new OutputLimits(ctx);

        NodeConfig cfg = ctx.config;
        Runnable refresh = () -> {
            readOnly = cfg.getBool("replica-read-only");
            serveStale = cfg.getBool("replica-serve-stale-data");
            minToWrite = cfg.getInt("min-replicas-to-write");
        };
        refresh.run();
        cfg.param("replica-read-only").onChange(refresh);
        cfg.param("replica-serve-stale-data").onChange(refresh);
        cfg.param("min-replicas-to-write").onChange(refresh);
        cfg.param("repl-backlog-size").onChange(() -> {
            if (backlog != null) backlog = backlog.resized(cfg.getLong("repl-backlog-size"));
        });

        ctx.dispatcher.addGate((c, spec, argv) -> {
            if ((c.flags & Client.FLAG_MASTER) != 0) return null;
            if (link != null) {
                if (readOnly && spec.has(CommandFlags.WRITE)) return READONLY;
                if (!serveStale && !link.up() && !spec.has(CommandFlags.STALE)) return MASTERDOWN;
            } else if (minToWrite > 0 && spec.has(CommandFlags.WRITE) && master.goodReplicas() < minToWrite) {
                return NOREPLICAS;
            }
            return null;
        });
        ctx.dispatcher.addWriteListener((db, argv) -> {
            if (link == null && !applyingMaster) master.feedCommand(db, argv);
        });
        // Expired and evicted keys reach the stream as DEL through Persistence's keyspace listener.
        ctx.onClientClosed(master::clientClosed);
        ctx.info.section("Replication", true, this::info);
    }

    /**
     * After start-up: continues the replication history the loaded dump names, if any, and
     * follows the master named by "replicaof" in the config.
     */
    public void start() {
        String[] hp = ctx.config.get("replicaof").split(" ");
        ReplicationInfo saved = ctx.persistence.rdb().loadedReplication();
        if (hp.length == 2) {
            if (saved != null) {
                // Our dump is the master's history up to this offset: our first PSYNC continues it.
                replid = saved.id();
                offset = saved.offset();
                canPsync = true;
                masterDb = saved.streamDb();
                log.info("Using the replication ID/offset from the RDB file: {}:{}", replid, offset);
            }
            setMaster(hp[0], Integer.parseInt(hp[1]), false);
        } else if (saved != null) {
            // A master restarted from its dump: its replicas may continue the old history,
            // which this node now knows as its secondary id, as Redis does.
            replid2 = saved.id();
            secondOffset = saved.offset() + 1;
            offset = saved.offset();
            createBacklog();
            log.info("Restored the replication history {} up to offset {} from the RDB file", replid2, offset);
        }
    }

    /**
     * What a dump taken now must record of the replication history (owner thread), as Redis's
     * rdbPopulateSaveInfo: a master with a backlog, a replica with a master or a cached one.
     */
    public ReplicationInfo saveInfo() {
        if (link == null) {
            if (backlog == null) return null;
            return new ReplicationInfo(master.streamDb < 0 ? 0 : master.streamDb, replid, offset);
        }
        if (link.up()) return new ReplicationInfo(link.streamDb(), replid, offset);
        if (canPsync) return new ReplicationInfo(masterDb, replid, offset);
        return null;
    }

    /** Tags the log lines from now on with this node's role, "pid:M" or "pid:S" as in Redis. */
    public static void logRole(boolean replica) {
        System.setProperty(LOG_ROLE, replica ? "S" : "M");
    }

    public boolean isReplica() {
        return link != null;
    }

    // ---- the stream

    /**
     * The node is about to exit (its final dump, if any, is written): the stream stops where
     * the dump says it is, so a replica's offset never runs past what a restarted master (or
     * this replica itself) will know, and the replicas get what was already produced.
     */
    public void prepareForShutdown() {
        frozen = true;
        if (link != null) link.stop();
        master.flushReplicas();
    }

    /** Appends bytes to the stream: offset, backlog, and every replica. */
    void feed(byte[] bytes) {
        if (frozen) return;
        offset += bytes.length;
        if (backlog != null) backlog.add(bytes, 0, bytes.length);
        master.send(bytes);
    }

    void createBacklog() {
        if (backlog == null) backlog = new Backlog(ctx.config.getLong("repl-backlog-size"), offset);
    }

    // ---- role changes

    private void replicaof(Client c, byte[][] a) {
        if (failover.active()) throw new RedisError("ERR REPLICAOF not allowed while failing over.");
        if (Args.is(a[1], "no") && Args.is(a[2], "one")) {
            if (link != null) {
                unsetMaster();
                log.info("MASTER MODE enabled (user request from 'id={} addr={}')", c.id(), c.address());
            }
            c.reply().ok();
            return;
        }
        if ((c.flags & Client.FLAG_REPLICA) != 0) throw new RedisError("ERR Command is not valid when client is a replica.");
        long port = Args.parseLong(a[2]);
        if (port < 0 || port > 65535) throw new RedisError("ERR Invalid master port");
        String host = Args.str(a[1]);
        if (link != null && link.host.equalsIgnoreCase(host) && link.port == port) {
            c.reply().simple("OK Already connected to specified master");
            return;
        }
        setMaster(host, (int) port, true);
        log.info("REPLICAOF {}:{} enabled (user request from 'id={} addr={}')", host, port, c.id(), c.address());
        c.reply().ok();
    }

    void setMaster(String host, int port, boolean cacheMyself) {
        if (link != null) {
            link.stop();
        } else if (cacheMyself) {
            // Our own history may be what the new master has (a demoted master): try to continue it.
            canPsync = true;
            masterDb = master.streamDb < 0 ? 0 : master.streamDb;
            disconnectBlockedClients();
        }
        ctx.keyspace.expireOnAccess(false);
        ctx.config.setInternal("replicaof", host + " " + port);
        link = new ReplicaLink(this, host, port);
        logRole(true);
        log.info("Connecting to MASTER {}:{}", host, port);
        link.connect();
    }

    /**
     * A master turning replica fails its blocked clients (BLPOP, WAIT...), as Redis does: the
     * new master's stream must not serve them. Writes held by a FAILOVER are not among them:
     * they run, and are refused, once the pause ends.
     */
    private void disconnectBlockedClients() {
        for (Client c : new java.util.ArrayList<>(ctx.clients.all())) {
            if (!ctx.keyspace.blocking().isBlocked(c) || failover.holds(c) || c.closed) continue;
            ctx.keyspace.blocking().unblock(c);
            c.reply().error("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
            c.closeAfterReply = true;
            c.flush();
        }
    }

    /** REPLICAOF NO ONE: a new history that continues the old one (PSYNC2). */
    void unsetMaster() {
        link.stop();
        link = null;
        logRole(false);
        replid2 = replid;
        secondOffset = offset + 1;
        replid = newId();
        log.info("Setting secondary replication ID to {}, valid up to offset: {}. New replication ID is {}",
                replid2, secondOffset, replid);
        // Replicas must learn the new id; they continue with a partial resync.
        master.disconnectReplicas();
        master.streamDb = -1;
        ctx.keyspace.expireOnAccess(true);
        ctx.config.setInternal("replicaof", "");
    }

    // ---- cron

    public void cron() {
        long now = System.currentTimeMillis();
        master.cron(now);
        failover.check();
        master.limits.cron(now);
        if (now - lastSecond < 1000) return;
        lastSecond = now;
        if (link != null) link.cronSecond(now);
        master.cronSecond(now);
        // A master with no replicas for repl-backlog-ttl frees its backlog, as Redis does.
        if (link != null || master.replicaCount() > 0) {
            noReplicasSince = now;
        } else if (backlog != null) {
            long ttl = ctx.config.getLong("repl-backlog-ttl");
            if (ttl > 0 && now - noReplicasSince > ttl * 1000) {
                replid = newId();
                replid2 = ZERO_ID;
                secondOffset = -1;
                backlog = null;
                log.info("Replication backlog freed after {} seconds without connected replicas.", ttl);
            }
        }
    }

    // ---- ROLE and INFO

    private void role(Client c, byte[][] a) {
        Reply r = c.reply();
        if (link == null) {
            r.array(3);
            r.bulk("master");
            r.integer(offset);
            master.roleReplicas(r);
        } else {
            r.array(5);
            r.bulk("slave");
            r.bulk(link.host);
            r.integer(link.port);
            r.bulk(link.roleState());
            r.integer(link.up() || link.everSynced() ? offset : -1);
        }
    }

    private void info(Info.Lines l) {
        long now = System.currentTimeMillis();
        if (link == null) {
            l.add("role", "master");
        } else {
            l.add("role", "slave")
                    .add("master_host", link.host)
                    .add("master_port", link.port)
                    .add("master_link_status", link.up() ? "up" : "down")
                    .add("master_last_io_seconds_ago", link.up() ? (now - link.lastIo) / 1000 : -1)
                    .add("master_sync_in_progress", link.syncing() ? 1 : 0)
                    .add("slave_read_repl_offset", link.readOffset())
                    .add("slave_repl_offset", offset);
            if (link.syncing()) link.syncInfo(l, now);
            if (!link.up()) l.add("master_link_down_since_seconds", link.downSince == 0 ? -1 : (now - link.downSince) / 1000);
            l.add("slave_priority", ctx.config.getInt("replica-priority"))
                    .add("slave_read_only", ctx.config.getBool("replica-read-only") ? 1 : 0)
                    .add("replica_announced", ctx.config.getBool("replica-announced") ? 1 : 0);
        }
        l.add("connected_slaves", master.replicaCount());
        if (minToWrite > 0 && ctx.config.getInt("min-replicas-max-lag") > 0) l.add("min_slaves_good_slaves", master.goodReplicas());
        master.infoReplicas(l, now);
        l.add("master_failover_state", failover.state().info)
                .add("master_replid", replid)
                .add("master_replid2", replid2)
                .add("master_repl_offset", offset)
                .add("second_repl_offset", secondOffset)
                .add("repl_backlog_active", backlog == null ? 0 : 1)
                .add("repl_backlog_size", ctx.config.getLong("repl-backlog-size"))
                .add("repl_backlog_first_byte_offset", backlog == null ? 0 : backlog.firstByteOffset())
                .add("repl_backlog_histlen", backlog == null ? 0 : backlog.histlen());
    }
}
