package io.redisha.node.persistence;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandFlags;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.control.Info;
import io.redisha.node.persistence.aof.Aof;
import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's persistence as the rest of the server sees it: start-up loading, the cron, the
 * commands (SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF), INFO persistence, the MISCONF write gates,
 * the AOF write that must precede replies, and what SHUTDOWN or SIGTERM must write before the
 * process exits. RDB and AOF share one snapshot at a time: a background job asked for while the
 * other runs is scheduled for when it ends.
 */
public final class Persistence {
    private static final Logger log = LoggerFactory.getLogger("redis");
    private static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable "
            + "to persist to disk. Commands that may modify the data set are disabled, because this instance is "
            + "configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";

    private final ServerContext ctx;
    private static final byte[] DEL = {'D', 'E', 'L'};
    private final RdbPersistence rdb;
    private final Aof aof;
    private boolean loading;
    private boolean bgsaveScheduled;

    public Persistence(ServerContext ctx) {
        this.ctx = ctx;
        this.rdb = new RdbPersistence(ctx);
        this.aof = new Aof(ctx);
        // The one place where a removal no command asked for (expiry, eviction) becomes a DEL for
        // every write listener (AOF, replicas): a replay must never bring such a key back.
        ctx.keyspace.addListener((db, key) -> ctx.dispatcher.emit(db.id(), new byte[][] {DEL, key}));
    }

    public RdbPersistence rdb() {
        return rdb;
    }

    public Aof aof() {
        return aof;
    }

    /** Runs before any reply is sent: the AOF gets what this batch of commands logged. */
    public void beforeReplies() {
        aof.beforeReplies();
    }

    /** True while the AOF logs writes: replies of one loop turn then share one AOF write. */
    public boolean aofLogging() {
        return aof.logging();
    }

    public void register(CommandTable t) {
        t.group("server");
        t.add("save", 1, ADMIN | NOSCRIPT | NO_MULTI, this::save);
        t.add("bgsave", -1, ADMIN | NOSCRIPT, this::bgsave);
        t.add("lastsave", 1, LOADING | STALE | FAST | RANDOM, (c, a) -> c.reply().integer(rdb.lastSave()));
        t.add("bgrewriteaof", 1, ADMIN | NOSCRIPT, this::bgrewriteaof);
        ctx.dispatcher.addGate((c, spec, argv) -> {
            if (!spec.has(CommandFlags.WRITE)) return null;
            boolean refuse = !rdb.lastBgsaveOk()
                    && ctx.config.getBool("stop-writes-on-bgsave-error") && !ctx.config.savePoints().isEmpty();
            if (refuse) return MISCONF;
            if (aof.enabled() && !aof.lastWriteOk()) return "MISCONF Errors writing to the AOF file: " + aof.lastWriteError();
            return null;
        });
        ctx.info.section("Persistence", true, this::info);
    }

    /** Loads the dataset at start-up; an unreadable file stops the node. */
    public void load() throws IOException {
        loading = true;
        try {
            boolean appendonly = ctx.config.getBool("appendonly");
            try {
                aof.loadManifest();
            } catch (IOException e) {
                if (appendonly) throw new IOException("Failed to load the AOF manifest: " + e.getMessage(), e);
                log.warn("Ignoring an unreadable AOF manifest (appendonly is off): {}", e.getMessage());
            }
            if (appendonly) {
                // As Redis: with the AOF on, dump.rdb is not read.
                aof.load();
                aof.openOnStart();
            } else {
                rdb.load();
            }
        } finally {
            loading = false;
        }
        aof.watchConfig();
    }

    public void cron() {
        if (!ctx.keyspace.snapshotOpen()) {
            if (bgsaveScheduled) {
                bgsaveScheduled = false;
                rdb.bgsave();
            } else if (!ctx.config.savePoints().isEmpty()) {
                rdb.cron();
            }
        }
        aof.cron();
    }

    private void save(Client c, byte[][] a) {
        if (rdb.bgsaveInProgress()) throw new RedisError("ERR Background save already in progress");
        try {
            rdb.save();
            c.reply().ok();
        } catch (IOException e) {
            log.warn("Error saving DB on disk: {}", e.getMessage());
            throw new RedisError("ERR " + e.getMessage());
        }
    }

    private void bgsave(Client c, byte[][] a) {
        if (a.length > 2 || (a.length == 2 && !Args.is(a[1], "schedule"))) throw RedisError.SYNTAX;
        if (rdb.bgsaveInProgress()) throw new RedisError("ERR Background save already in progress");
        if (aof.rewriteInProgress() || ctx.keyspace.snapshotOpen()) {
            if (a.length != 2) {
                throw new RedisError("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                        + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            }
            bgsaveScheduled = true;
            c.reply().simple("Background saving scheduled");
            return;
        }
        if (!rdb.bgsave()) {
            throw new RedisError("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                    + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
        c.reply().simple("Background saving started");
    }

    private void bgrewriteaof(Client c, byte[][] a) {
        String r = aof.bgrewrite(c.inExec || rdb.bgsaveInProgress());
        if (r.startsWith("ERR ")) throw new RedisError(r);
        c.reply().simple(r);
    }

    /**
     * What must reach the disk before exiting. {@code save}: SHUTDOWN SAVE; {@code nosave}:
     * SHUTDOWN NOSAVE; neither: save when save points are configured. Returns false (and the
     * node keeps running) when a required save failed. Owner thread.
     */
    public boolean prepareForShutdown(boolean save, boolean nosave) {
        try {
            rdb.awaitBgsave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!aof.prepareForShutdown()) return false;
        if (nosave || (!save && ctx.config.savePoints().isEmpty())) {
            ctx.replication.prepareForShutdown();
            return true;
        }
        log.info("Saving the final RDB snapshot before exiting.");
        try {
            rdb.save();
            // The dump names the stream's offset: nothing may be added to the stream after it.
            ctx.replication.prepareForShutdown();
            return true;
        } catch (IOException e) {
            log.warn("Error trying to save the DB, can't exit: {}", e.getMessage());
            return false;
        }
    }

    private void info(Info.Lines l) {
        l.add("loading", loading ? 1 : 0)
                .add("async_loading", 0)
                .add("current_cow_peak", 0)
                .add("current_cow_size", 0)
                .add("current_cow_size_age", 0)
                .add("current_fork_perc", "0.00")
                .add("current_save_keys_processed", 0)
                .add("current_save_keys_total", 0)
                .add("rdb_changes_since_last_save", rdb.changesSinceLastSave())
                .add("rdb_bgsave_in_progress", rdb.bgsaveInProgress() ? 1 : 0)
                .add("rdb_last_save_time", rdb.lastSave())
                .add("rdb_last_bgsave_status", rdb.lastBgsaveOk() ? "ok" : "err")
                .add("rdb_last_bgsave_time_sec", rdb.lastBgsaveSeconds())
                .add("rdb_current_bgsave_time_sec", rdb.currentBgsaveSeconds())
                .add("rdb_saves", rdb.rdbSaves())
                .add("rdb_last_cow_size", 0)
                .add("rdb_last_load_keys_expired", 0)
                .add("rdb_last_load_keys_loaded", 0)
                .add("aof_enabled", aof.enabled() ? 1 : 0)
                .add("aof_rewrite_in_progress", aof.rewriteInProgress() ? 1 : 0)
                .add("aof_rewrite_scheduled", aof.rewriteScheduled() ? 1 : 0)
                .add("aof_last_rewrite_time_sec", aof.lastRewriteSeconds())
                .add("aof_current_rewrite_time_sec", aof.currentRewriteSeconds())
                .add("aof_last_bgrewrite_status", aof.lastRewriteOk() ? "ok" : "err")
                .add("aof_rewrites", aof.rewrites())
                .add("aof_rewrites_consecutive_failures", aof.consecutiveFailures())
                .add("aof_last_write_status", aof.lastWriteOk() ? "ok" : "err")
                .add("aof_last_cow_size", 0)
                .add("module_fork_in_progress", 0)
                .add("module_fork_last_cow_size", 0);
        if (aof.enabled()) {
            l.add("aof_current_size", aof.currentSize())
                    .add("aof_base_size", aof.baseSize())
                    .add("aof_pending_rewrite", aof.rewriteScheduled() ? 1 : 0)
                    .add("aof_buffer_length", aof.bufferLength())
                    .add("aof_pending_bio_fsync", aof.fsyncRunning() ? 1 : 0)
                    .add("aof_delayed_fsync", aof.delayedFsyncs());
        }
    }
}
