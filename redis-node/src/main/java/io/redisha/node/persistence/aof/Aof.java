package io.redisha.node.persistence.aof;

import io.redisha.node.config.NodeConfig;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.keyspace.Snapshot;
import io.redisha.node.persistence.SnapshotSource;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file as Redis 7 keeps it: a directory with a manifest, one base file (an RDB
 * preamble or commands) and incremental files of commands. Every write command reaches the
 * buffer through the dispatcher; the buffer is written once per batch before the batch's
 * replies go out, fsynced then ({@code always}), once a second on a thread of its own
 * ({@code everysec}) or never ({@code no}). With {@code everysec}, a write that would meet a
 * running fsync waits instead (up to two seconds, as Redis does): the kernel can hold such a
 * write until the fsync ends, and the owner thread must not stall behind the disk. BGREWRITEAOF switches to a new incremental file at
 * once and writes the new base from a copy-on-write snapshot on another thread. Owner thread
 * unless said otherwise.
 */
public final class Aof {
    private static final Logger log = LoggerFactory.getLogger("redis");

    private enum State { OFF, WAIT_REWRITE, ON }

    private final ServerContext ctx;
    private final NodeConfig config;
    private final Keyspace ks;
    private final AofLog aofLog = new AofLog();
    private State state = State.OFF;
    private AofManifest manifest;
    private volatile String fsyncPolicy;
    private boolean timestamps;
    private ScheduledExecutorService fsyncThread;
    private volatile FileChannel syncTarget;
    private volatile boolean fsyncRunning;
    private long postponedSince;     // when a write started waiting for a running fsync, 0 = none
    private long delayedFsyncs;

    // Rewrite
    private Thread rewrite;
    private Snapshot rewriteSnapshot;
    private Path rewriteTemp;
    private Path tempIncr;
    private boolean rewriteCancelled;
    private boolean rewriteScheduled;
    private long rewriteStartedAt;
    private long lastRewriteSeconds = -1;
    private boolean lastRewriteOk = true;
    private long lastRewriteFailedAt;
    private long rewrites;
    private long consecutiveFailures;

    // Writes
    private boolean lastWriteOk = true;
    private String lastWriteError = "";
    private long lastWriteErrorLogged;
    private long currentSize;
    private long baseSize;

    public Aof(ServerContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config;
        this.ks = ctx.keyspace;
        this.fsyncPolicy = config.get("appendfsync");
        this.timestamps = config.getBool("aof-timestamp-enabled");
        ctx.dispatcher.addWriteListener(this::written);
    }

    /** Registers the config hooks (after the config is final). */
    public void watchConfig() {
        config.param("appendonly").onChange(() -> {
            if (config.getBool("appendonly")) start(); else stop();
        });
        config.param("appendfsync").onChange(() -> fsyncPolicy = config.get("appendfsync"));
        config.param("aof-timestamp-enabled").onChange(() -> timestamps = config.getBool("aof-timestamp-enabled"));
    }

    public Path dir() {
        return Path.of(config.get("dir")).resolve(config.get("appenddirname"));
    }

    private String prefix() {
        return config.get("appendfilename");
    }

    // ---- state for INFO and the gates

    public boolean enabled() { return state != State.OFF; }
    public boolean rewriteInProgress() { return rewrite != null; }
    public boolean rewriteScheduled() { return rewriteScheduled; }
    public long lastRewriteSeconds() { return lastRewriteSeconds; }
    public long currentRewriteSeconds() { return rewrite == null ? -1 : (System.currentTimeMillis() - rewriteStartedAt) / 1000; }
    public boolean lastRewriteOk() { return lastRewriteOk; }
    public long rewrites() { return rewrites; }
    public long consecutiveFailures() { return consecutiveFailures; }
    public boolean lastWriteOk() { return lastWriteOk; }
    public String lastWriteError() { return lastWriteError; }
    public long currentSize() { return currentSize + aofLog.buffered(); }
    public long baseSize() { return baseSize; }
    public int bufferLength() { return aofLog.buffered(); }
    public boolean fsyncRunning() { return fsyncRunning; }
    public long delayedFsyncs() { return delayedFsyncs; }

    /** True while commands are being logged: the batch's replies must wait for the write. */
    public boolean logging() {
        return aofLog.isOpen();
    }

    // ---- the write path

    private void written(int db, byte[][] argv) {
        if (!aofLog.isOpen() || ks.loading()) return;
        aofLog.append(db, argv, timestamps);
    }

    /** Before any reply leaves: write what the commands of this batch logged (and fsync with always). */
    public void beforeReplies() {
        if (aofLog.buffered() > 0 && !postponeForFsync()) flush(false);
    }

    /**
     * everysec: true while the write should wait for the background fsync to end. The batch's
     * replies then go out before the write, as with Redis; everysec promises no more than the
     * last second or two. After two seconds the write goes ahead, even if it blocks.
     */
    private boolean postponeForFsync() {
        if (!fsyncRunning || !"everysec".equals(fsyncPolicy)) {
            postponedSince = 0;
            return false;
        }
        long now = System.currentTimeMillis();
        if (postponedSince == 0) postponedSince = now;
        if (now - postponedSince < 2000) return true;
        postponedSince = 0;
        delayedFsyncs++;
        log.info("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer "
                + "without waiting for fsync to complete, this may slow down Redis.");
        return false;
    }

    private void flush(boolean forceSync) {
        if (!aofLog.isOpen()) return;
        try {
            currentSize += aofLog.write();
            if (!lastWriteOk) {
                log.warn("AOF write error looks solved, Redis can write again.");
                lastWriteOk = true;
                lastWriteError = "";
            }
        } catch (IOException e) {
            if (fsyncPolicy.equals("always")) {
                // An acknowledged write must be on disk: the node cannot go on without it.
                log.warn("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting... ({})", e.getMessage());
                Runtime.getRuntime().halt(1);
            }
            lastWriteOk = false;
            lastWriteError = e.getMessage() == null ? e.toString() : e.getMessage();
            long now = System.currentTimeMillis();
            if (now - lastWriteErrorLogged > 30_000) {
                lastWriteErrorLogged = now;
                log.warn("Error writing to the AOF file: {}", lastWriteError);
            }
            return;
        }
        boolean skipOnRewrite = rewrite != null && config.getBool("no-appendfsync-on-rewrite");
        if (forceSync || (fsyncPolicy.equals("always") && !skipOnRewrite)) {
            try {
                aofLog.fsync();
            } catch (IOException e) {
                if (forceSync) {
                    log.warn("Error fsyncing the AOF file: {}", e.getMessage());
                    return;
                }
                log.warn("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}. Exiting...", e.getMessage());
                Runtime.getRuntime().halt(1);
            }
        }
    }

    private void startFsyncThread() {
        if (fsyncThread != null) return;
        fsyncThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aof-fsync");
            t.setDaemon(true);
            return t;
        });
        fsyncThread.scheduleWithFixedDelay(this::backgroundFsync, 1, 1, TimeUnit.SECONDS);
    }

    /** everysec: fsync the current file if anything was written to it since the last time. */
    private void backgroundFsync() {
        FileChannel ch = syncTarget;
        if (ch == null || !"everysec".equals(fsyncPolicy) || !aofLog.takeUnsynced()) return;
        if (rewrite != null && config.getBool("no-appendfsync-on-rewrite")) return;
        fsyncRunning = true;
        try {
            ch.force(false);
        } catch (IOException e) {
            log.warn("Error fsyncing the AOF file in the background: {}", e.getMessage());
        } finally {
            fsyncRunning = false;
        }
    }

    /** A replaced file is fsynced and closed off the owner thread, in order with the periodic fsync. */
    private void closeInBackground(FileChannel old) {
        if (old == null) return;
        Runnable job = () -> {
            try {
                if (!"no".equals(fsyncPolicy)) old.force(false);
                old.close();
            } catch (IOException e) {
                log.warn("Error closing an AOF file: {}", e.getMessage());
            }
        };
        if (fsyncThread != null) fsyncThread.execute(job); else job.run();
    }

    private void openIncr(Path file) throws IOException {
        FileChannel old = aofLog.detach();
        aofLog.open(file);
        syncTarget = aofLog.channel();
        closeInBackground(old);
        startFsyncThread();
    }

    // ---- start-up

    /** Reads the manifest at start-up (whatever appendonly says), as Redis does. */
    public void loadManifest() throws IOException {
        Path file = dir().resolve(AofManifest.manifestName(prefix()));
        if (Files.exists(file)) {
            manifest = AofManifest.parse(prefix(), file);
        } else {
            manifest = new AofManifest(prefix());
        }
    }

    /** appendonly yes at start-up: replays the AOF; returns false when there is none. */
    public boolean load() throws IOException {
        if (manifest.isEmpty()) upgradeOldAof();
        if (manifest.isEmpty()) return false;
        long total = 0;
        for (AofManifest.Entry e : manifest.loadOrder()) {
            Path f = dir().resolve(e.name());
            if (Files.exists(f)) total += Files.size(f);
        }
        ks.loading(true);
        try {
            if (total > 0) new AofLoader(ctx, config.getBool("aof-load-truncated")).loadAll(dir(), manifest);
        } finally {
            ks.loading(false);
        }
        return true;
    }

    /** An appendonly.aof of Redis before 7 in dir becomes the base of a new AOF directory. */
    private void upgradeOldAof() throws IOException {
        Path old = Path.of(config.get("dir")).resolve(prefix());
        if (!Files.isRegularFile(old)) return;
        Files.createDirectories(dir());
        Files.move(old, dir().resolve(prefix()), StandardCopyOption.ATOMIC_MOVE);
        manifest.base = new AofManifest.Entry(prefix(), 1, 'b');
        manifest.baseSeq = 1;
        manifest.persist(dir());
        log.info("Successfully migrated an old-style AOF into the AOF directory");
    }

    /**
     * After loading, with appendonly yes: creates the base from the loaded (or empty) dataset if
     * there is none, opens the last incremental file (or a new one) and drops history files.
     */
    public void openOnStart() throws IOException {
        Files.createDirectories(dir());
        if (manifest.isEmpty()) {
            AofManifest.Entry base = manifest.newBase(config.getBool("aof-use-rdb-preamble"));
            Path tmp = dir().resolve("temp-" + base.name());
            writeBase(RdbSource.of(ks), tmp);
            Files.move(tmp, dir().resolve(base.name()), StandardCopyOption.ATOMIC_MOVE);
            log.info("Creating AOF base file {} on server start", base.name());
        }
        AofManifest.Entry incr = manifest.lastIncr();
        if (incr == null) {
            incr = manifest.newIncr();
            log.info("Creating AOF incr file {} on server start", incr.name());
        } else {
            log.info("Opening AOF incr file {} on server start", incr.name());
        }
        openIncr(dir().resolve(incr.name()));
        manifest.persist(dir());
        deleteHistory();
        state = State.ON;
        baseSize = manifest.base == null ? 0 : sizeOf(manifest.base.name());
        currentSize = totalSize();
    }

    private long sizeOf(String name) {
        try {
            return Files.size(dir().resolve(name));
        } catch (IOException e) {
            return 0;
        }
    }

    private long totalSize() {
        long n = 0;
        for (AofManifest.Entry e : manifest.loadOrder()) n += sizeOf(e.name());
        return n;
    }

    private void deleteHistory() throws IOException {
        if (manifest.history.isEmpty()) return;
        java.util.List<AofManifest.Entry> gone = new java.util.ArrayList<>(manifest.history);
        manifest.history.clear();
        manifest.persist(dir());
        for (AofManifest.Entry e : gone) {
            log.info("Removing the history file {} in the background", e.name());
            Files.deleteIfExists(dir().resolve(e.name()));
        }
    }

    // ---- turning it on and off at run time

    /** CONFIG SET appendonly yes: the log starts with a rewrite that creates the base. */
    private void start() {
        if (state != State.OFF) return;
        if (manifest == null) manifest = new AofManifest(prefix());
        try {
            Files.createDirectories(dir());
        } catch (IOException e) {
            log.warn("Can't create the append-only dir {}: {}", dir(), e.getMessage());
            return;
        }
        state = State.WAIT_REWRITE;
        if (ks.snapshotOpen()) {
            rewriteScheduled = true;
            log.warn("AOF was enabled but there is already another background operation. "
                    + "An AOF background was scheduled to start when possible.");
        } else if (!startRewrite()) {
            log.warn("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. "
                    + "Check the above logs for more info about the error.");
        }
    }

    /** CONFIG SET appendonly no. */
    private void stop() {
        if (state == State.OFF) return;
        flush(true);
        closeInBackground(aofLog.detach());
        syncTarget = null;
        if (rewrite != null) {
            log.info("Killing running AOF rewrite child");
            rewriteCancelled = true;
        }
        if (tempIncr != null) {
            deleteQuietly(tempIncr);
            tempIncr = null;
        }
        rewriteScheduled = false;
        state = State.OFF;
    }

    // ---- BGREWRITEAOF

    /** BGREWRITEAOF: the status reply, or an error starting with "ERR ". */
    public String bgrewrite(boolean inExec) {
        if (rewrite != null) return "ERR Background append only file rewriting already in progress";
        if (ks.snapshotOpen() || inExec) {
            rewriteScheduled = true;
            return "Background append only file rewriting scheduled";
        }
        if (startRewrite()) return "Background append only file rewriting started";
        return "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.";
    }

    private boolean startRewrite() {
        if (rewrite != null || ks.snapshotOpen()) return false;
        rewriteScheduled = false;
        boolean preamble = config.getBool("aof-use-rdb-preamble");
        try {
            Files.createDirectories(dir());
            // What was logged so far belongs to the old files; what follows to the new one.
            flush(false);
            if (state == State.ON) {
                AofManifest next = manifest.copy();
                AofManifest.Entry incr = next.newIncr();
                openIncr(dir().resolve(incr.name()));
                next.persist(dir());
                manifest = next;
                log.info("Creating AOF incr file {} on background rewrite", incr.name());
            } else if (state == State.WAIT_REWRITE) {
                tempIncr = dir().resolve("temp-" + prefix() + ".incr");
                Files.deleteIfExists(tempIncr);
                openIncr(tempIncr);
            }
        } catch (IOException e) {
            log.warn("Can't open new incr AOF file: {}", e.getMessage());
            return false;
        }
        Snapshot snap = ks.snapshot();
        RdbSource source = new SnapshotSource(snap, ctx);
        Path temp = dir().resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
        boolean timestamps = config.getBool("aof-timestamp-enabled");
        rewriteSnapshot = snap;
        rewriteTemp = temp;
        rewriteCancelled = false;
        rewriteStartedAt = System.currentTimeMillis();
        Thread t = new Thread(() -> {
            IOException error = null;
            try {
                writeBase(source, temp, preamble, timestamps);
            } catch (IOException | RuntimeException e) {
                error = e instanceof IOException io ? io : new IOException(e.toString(), e);
            }
            IOException failure = error;
            ctx.owner().execute(() -> rewriteDone(preamble, failure));
        }, "aof-rewrite");
        t.setDaemon(true);
        rewrite = t;
        t.start();
        log.info("Background append only file rewriting started");
        return true;
    }

    private void writeBase(RdbSource source, Path file) throws IOException {
        writeBase(source, file, config.getBool("aof-use-rdb-preamble"), config.getBool("aof-timestamp-enabled"));
    }

    private void writeBase(RdbSource source, Path file, boolean preamble, boolean timestamps) throws IOException {
        try (FileOutputStream fos = new FileOutputStream(file.toFile());
             OutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
            if (preamble) {
                new RdbWriter().aofBase(true)
                        .compression(config.getBool("rdbcompression"))
                        .checksum(config.getBool("rdbchecksum"))
                        .redisVersion(ServerContext.REDIS_VERSION)
                        .write(source, out);
            } else {
                AofBaseCommands.write(source, out, timestamps);
            }
            out.flush();
            fos.getFD().sync();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private void rewriteDone(boolean preamble, IOException failure) {
        rewriteSnapshot.close();
        rewriteSnapshot = null;
        rewrite = null;
        Path temp = rewriteTemp;
        lastRewriteSeconds = (System.currentTimeMillis() - rewriteStartedAt) / 1000;
        if (rewriteCancelled) {
            deleteQuietly(temp);
            return;
        }
        if (failure != null) {
            rewriteFailed(temp, "Background AOF rewrite terminated with error: " + failure.getMessage());
            return;
        }
        try {
            log.info("Background AOF rewrite terminated with success");
            AofManifest next = manifest.copy();
            AofManifest.Entry base = next.newBase(preamble);
            Files.move(temp, dir().resolve(base.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("Successfully renamed the temporary AOF base file {} into {}", temp.getFileName(), base.name());
            if (state == State.WAIT_REWRITE) {
                // Whatever the directory held before is replaced by this base and the new incr file.
                for (AofManifest.Entry e : next.incrs) next.history.add(new AofManifest.Entry(e.name(), e.seq(), 'h'));
                next.incrs.clear();
                AofManifest.Entry incr = next.newIncr();
                Files.move(tempIncr, dir().resolve(incr.name()), StandardCopyOption.ATOMIC_MOVE);
                log.info("Successfully renamed the temporary AOF incr file {} into {}", tempIncr.getFileName(), incr.name());
                tempIncr = null;
            } else if (state == State.ON) {
                next.incrsBeforeLastToHistory();
            } else {
                for (AofManifest.Entry e : next.incrs) next.history.add(new AofManifest.Entry(e.name(), e.seq(), 'h'));
                next.incrs.clear();
            }
            next.persist(dir());
            manifest = next;
            syncDirectory(dir());
            deleteHistory();
        } catch (IOException e) {
            rewriteFailed(temp, "Error trying to rename the temporary AOF file: " + e.getMessage());
            return;
        }
        if (state == State.WAIT_REWRITE) {
            state = State.ON;
            // The initial write completes: fsync what was logged meanwhile.
            flush(true);
        }
        baseSize = totalSize();
        currentSize = baseSize;
        lastRewriteOk = true;
        consecutiveFailures = 0;
        rewrites++;
        log.info("Background AOF rewrite finished successfully");
    }

    private void rewriteFailed(Path temp, String why) {
        log.warn(why);
        deleteQuietly(temp);
        lastRewriteOk = false;
        lastRewriteFailedAt = System.currentTimeMillis();
        consecutiveFailures++;
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    // ---- cron, shutdown

    public void cron() {
        // Expiry DELs logged with no reply to send, a write that waited for an fsync, or one to
        // retry after an error.
        if (aofLog.buffered() > 0 && !postponeForFsync()) flush(false);
        if (rewrite != null || ks.snapshotOpen()) return;
        long now = System.currentTimeMillis();
        if (rewriteScheduled || (state == State.WAIT_REWRITE && now - lastRewriteFailedAt > 5000)) {
            startRewrite();
            return;
        }
        if (state != State.ON) return;
        long perc = config.getLong("auto-aof-rewrite-percentage");
        if (perc > 0 && currentSize() > config.getLong("auto-aof-rewrite-min-size")
                && (lastRewriteOk || now - lastRewriteFailedAt > 5000)) {
            long base = baseSize > 0 ? baseSize : 1;
            long growth = currentSize() * 100 / base - 100;
            if (growth >= perc) {
                log.info("Starting automatic rewriting of AOF on {}% growth", growth);
                startRewrite();
            }
        }
    }

    /**
     * SHUTDOWN or SIGTERM: stop a rewrite, write and fsync what is buffered. False (nothing
     * done) while the first rewrite after CONFIG SET appendonly yes runs: the AOF does not hold
     * the dataset yet.
     */
    public boolean prepareForShutdown() {
        if (rewrite != null && state == State.WAIT_REWRITE) {
            log.warn("Writing initial AOF, can't exit.");
            return false;
        }
        if (rewrite != null) {
            log.warn("There is a child rewriting the AOF. Killing it!");
            rewriteCancelled = true;
            deleteQuietly(rewriteTemp);
        }
        if (tempIncr != null && state == State.WAIT_REWRITE) deleteQuietly(tempIncr);
        if (aofLog.isOpen()) {
            log.info("Calling fsync() on the AOF file.");
            flush(true);
        }
        return true;
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some filesystems cannot fsync a directory; the rename is still atomic.
        }
    }
}
