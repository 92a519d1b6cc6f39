package io.redisha.node.persistence;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandFlags;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.control.Info;
import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's persistence as the rest of the server sees it: start-up loading, the cron, the
 * commands (SAVE, BGSAVE, LASTSAVE), INFO persistence, the MISCONF write gate and what
 * SHUTDOWN or SIGTERM must write before the process exits.
 */
public final class Persistence {
    private static final Logger log = LoggerFactory.getLogger("redis");
    private static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable "
            + "to persist to disk. Commands that may modify the data set are disabled, because this instance is "
            + "configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";

    private final ServerContext ctx;
    private final RdbPersistence rdb;
    private boolean loading;

    public Persistence(ServerContext ctx) {
        this.ctx = ctx;
        this.rdb = new RdbPersistence(ctx);
    }

    public RdbPersistence rdb() {
        return rdb;
    }

    public void register(CommandTable t) {
        t.group("server");
        t.add("save", 1, ADMIN | NOSCRIPT | NO_MULTI, this::save);
        t.add("bgsave", -1, ADMIN | NOSCRIPT, this::bgsave);
        t.add("lastsave", 1, LOADING | STALE | FAST | RANDOM, (c, a) -> c.reply().integer(rdb.lastSave()));
        ctx.dispatcher.addGate((c, spec, argv) -> {
            boolean refuse = spec.has(CommandFlags.WRITE) && !rdb.lastBgsaveOk()
                    && ctx.config.getBool("stop-writes-on-bgsave-error") && !ctx.config.savePoints().isEmpty();
            return refuse ? MISCONF : null;
        });
        ctx.info.section("Persistence", true, this::info);
    }

    /** Loads the dataset at start-up; an unreadable file stops the node. */
    public void load() throws IOException {
        loading = true;
        try {
            rdb.load();
        } finally {
            loading = false;
        }
    }

    public void cron() {
        if (!ctx.config.savePoints().isEmpty()) rdb.cron();
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
        if (!rdb.bgsave()) {
            throw new RedisError("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                    + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
        c.reply().simple("Background saving started");
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
        if (nosave || (!save && ctx.config.savePoints().isEmpty())) return true;
        log.info("Saving the final RDB snapshot before exiting.");
        try {
            rdb.save();
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
                .add("aof_enabled", 0)
                .add("aof_rewrite_in_progress", 0)
                .add("aof_rewrite_scheduled", 0)
                .add("aof_last_rewrite_time_sec", -1)
                .add("aof_current_rewrite_time_sec", -1)
                .add("aof_last_bgrewrite_status", "ok")
                .add("aof_rewrites", 0)
                .add("aof_rewrites_consecutive_failures", 0)
                .add("aof_last_write_status", "ok")
                .add("aof_last_cow_size", 0)
                .add("module_fork_in_progress", 0)
                .add("module_fork_last_cow_size", 0);
    }
}
