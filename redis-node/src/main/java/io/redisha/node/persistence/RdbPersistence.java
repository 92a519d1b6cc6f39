package io.redisha.node.persistence;

import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.keyspace.Snapshot;
import io.redisha.node.persistence.rdb.RdbException;
import io.redisha.node.persistence.rdb.RdbReader;
import io.redisha.node.persistence.rdb.RdbSource;
import io.redisha.node.persistence.rdb.RdbWriter;
import io.redisha.node.server.ServerContext;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RDB snapshots: SAVE on the owner thread, BGSAVE from a copy-on-write snapshot on a thread of
 * its own, save points, and loading at start-up. A dump is written to a temp file, fsynced and
 * renamed, so a crash mid-write never damages the previous one.
 */
public final class RdbPersistence {
    private static final Logger log = LoggerFactory.getLogger("redis");

    private final ServerContext ctx;
    private final Keyspace ks;
    private long dirtyAtLastSave;
    private long lastSave = System.currentTimeMillis() / 1000;
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTry;
    private long lastBgsaveSeconds = -1;
    private long bgsaveStartedAt;
    private volatile Thread bgsave;
    private long rdbSaves;
    private ReplicationInfo loadedReplication;

    public RdbPersistence(ServerContext ctx) {
        this.ctx = ctx;
        this.ks = ctx.keyspace;
    }

    public Path dumpPath() {
        return Path.of(ctx.config.get("dir")).resolve(ctx.config.get("dbfilename"));
    }

    public boolean bgsaveInProgress() { return bgsave != null; }
    public boolean lastBgsaveOk() { return lastBgsaveOk; }
    public long lastSave() { return lastSave; }
    public long changesSinceLastSave() { return ks.dirty() - dirtyAtLastSave; }
    public long lastBgsaveSeconds() { return lastBgsaveSeconds; }
    public long currentBgsaveSeconds() { return bgsave == null ? -1 : (System.currentTimeMillis() - bgsaveStartedAt) / 1000; }
    public long rdbSaves() { return rdbSaves; }

    /**
     * A writer for a dump taken now (owner thread): it carries where the dataset stands in the
     * replication history, as Redis 7 writes it, so a restarted node can continue that history.
     */
    private RdbWriter writer() {
        RdbWriter w = new RdbWriter()
                .compression(ctx.config.getBool("rdbcompression"))
                .checksum(ctx.config.getBool("rdbchecksum"))
                .redisVersion(ServerContext.REDIS_VERSION)
                .ctime(System.currentTimeMillis() / 1000);
        ReplicationInfo info = ctx.replication == null ? null : ctx.replication.saveInfo();
        if (info != null) w.replication(info.streamDb(), info.id(), info.offset());
        return w;
    }

    /** The replication history the dump loaded at start-up named, or null. */
    public ReplicationInfo loadedReplication() {
        return loadedReplication;
    }

    /** SAVE: writes the live keyspace synchronously on the owner thread. */
    public void save() throws IOException {
        long dirtyBefore = ks.dirty();
        writeAtomically(RdbSource.of(ks), dumpPath(), writer());
        dirtyAtLastSave = dirtyBefore;
        lastSave = System.currentTimeMillis() / 1000;
        lastBgsaveOk = true;
        rdbSaves++;
        log.info("DB saved on disk");
    }

    /** BGSAVE: returns false when one is already running. */
    public boolean bgsave() {
        // A full resync to replicas may hold the one snapshot: the save waits for the next cron.
        if (bgsave != null || ks.snapshotOpen()) return false;
        Snapshot snap = ks.snapshot();
        long dirtyBefore = ks.dirty();
        Path target = dumpPath();
        RdbSource source = new SnapshotSource(snap, ctx);
        RdbWriter writer = writer();
        bgsaveStartedAt = System.currentTimeMillis();
        lastBgsaveTry = bgsaveStartedAt;
        log.info("Background saving started");
        Thread t = new Thread(() -> {
            IOException error = null;
            try {
                writeAtomically(source, target, writer);
            } catch (IOException | RuntimeException e) {
                error = e instanceof IOException io ? io : new IOException(e);
            }
            IOException failure = error;
            ctx.owner().execute(() -> bgsaveDone(snap, dirtyBefore, failure));
        }, "bgsave");
        t.setDaemon(true);
        bgsave = t;
        t.start();
        return true;
    }

    private void bgsaveDone(Snapshot snap, long dirtyBefore, IOException failure) {
        snap.close();
        bgsave = null;
        lastBgsaveSeconds = (System.currentTimeMillis() - bgsaveStartedAt) / 1000;
        if (failure == null) {
            dirtyAtLastSave = dirtyBefore;
            lastSave = System.currentTimeMillis() / 1000;
            lastBgsaveOk = true;
            rdbSaves++;
            log.info("Background saving terminated with success");
        } else {
            lastBgsaveOk = false;
            log.warn("Background saving error: {}", failure.getMessage());
        }
    }

    /** A full resync wrote the dump (repl-diskless-sync no): it counts as a save, as in Redis. */
    public void savedForReplication(long dirtyBefore) {
        dirtyAtLastSave = dirtyBefore;
        lastSave = System.currentTimeMillis() / 1000;
        lastBgsaveOk = true;
        rdbSaves++;
        log.info("Background saving terminated with success");
    }

    /** Waits for a running BGSAVE (shutdown). */
    public void awaitBgsave() throws InterruptedException {
        Thread t = bgsave;
        if (t != null) t.join();
    }

    /** Writes a dump of {@code source} to {@code target} through a temp file; any thread. */
    public static void writeAtomically(RdbSource source, Path target, RdbWriter writer) throws IOException {
        Path tmp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + ".rdb");
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             OutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
            writer.write(source, out);
            out.flush();
            fos.getFD().sync();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some filesystems cannot fsync a directory; the rename is still atomic.
        }
    }

    /** Called from the cron: starts a BGSAVE when a save point is reached. */
    public void cron() {
        if (bgsave != null) return;
        long now = System.currentTimeMillis();
        long changes = changesSinceLastSave();
        for (long[] point : ctx.config.savePoints()) {
            boolean due = changes >= point[1] && now / 1000 - lastSave >= point[0];
            // After a failed save, wait before retrying, as Redis does.
            boolean retryOk = lastBgsaveOk || now - lastBgsaveTry > 5000;
            if (due && retryOk) {
                log.info("{} changes in {} seconds. Saving...", point[1], point[0]);
                bgsave();
                return;
            }
        }
    }

    /** Loads dump.rdb into the (empty) keyspace at start-up; false when there is none. */
    public boolean load() throws IOException {
        Path file = dumpPath();
        if (!Files.exists(file)) return false;
        long start = System.nanoTime();
        // A replica keeps keys whose time passed: its master's DEL will remove them, as in Redis.
        boolean replica = !ctx.config.get("replicaof").isEmpty();
        KeyspaceLoader sink = new KeyspaceLoader(ks, "the RDB file", !replica);
        try {
            RdbReader.forKeyspace().verifyChecksum(ctx.config.getBool("rdbchecksum")).read(file, sink);
        } catch (RdbException e) {
            throw new IOException("Short read or OOM loading DB. Unrecoverable error, aborting now. ("
                    + file + ": " + e.getMessage() + ")", e);
        }
        dirtyAtLastSave = ks.dirty();
        lastSave = System.currentTimeMillis() / 1000;
        loadedReplication = sink.replicationInfo();
        log.info("Done loading RDB, keys loaded: {}, keys expired: {}.", sink.loaded(), sink.expired());
        log.info("DB loaded from disk: {} seconds", String.format("%.3f", (System.nanoTime() - start) / 1e9));
        return true;
    }
}
