package io.redisha.node.control;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandFlags;
import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.config.NodeConfig;
import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Eviction;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MEMORY, and the maxmemory gate: before each command, when a limit is set, evict per the
 * policy; when that cannot bring memory under the limit, refuse the commands that may grow it.
 */
public final class MemoryCommands {
    private static final Logger log = LoggerFactory.getLogger("redis");
    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    private static final String[] PARAMS = {"maxmemory", "maxmemory-policy", "maxmemory-samples",
        "maxmemory-eviction-tenacity", "lfu-log-factor", "lfu-decay-time", "replica-ignore-maxmemory"};

    private final ServerContext ctx;
    private final Keyspace ks;
    private final Eviction eviction;
    private boolean ignoreOnReplica = true;
    private boolean continuing;
    private boolean peakSampling;

    public MemoryCommands(ServerContext ctx) {
        this.ctx = ctx;
        this.ks = ctx.keyspace;
        this.eviction = ks.eviction();
        apply();
        for (String p : PARAMS) ctx.config.param(p).onChange(this::apply);
        ctx.config.param("maxmemory").onChange(this::maxmemoryChanged);
        ctx.dispatcher.addGate(this::gate);
    }

    private void apply() {
        NodeConfig cfg = ctx.config;
        eviction.maxmemory(cfg.getLong("maxmemory"));
        Eviction.Policy p = Eviction.Policy.of(cfg.get("maxmemory-policy"));
        if (p != eviction.policy()) eviction.policy(p);
        eviction.samples(cfg.getInt("maxmemory-samples"));
        eviction.tenacity(cfg.getInt("maxmemory-eviction-tenacity"));
        ks.lfuLogFactor(cfg.getInt("lfu-log-factor"));
        ks.lfuDecayTime(cfg.getInt("lfu-decay-time"));
        ignoreOnReplica = cfg.getBool("replica-ignore-maxmemory");
    }

    private void maxmemoryChanged() {
        apply();
        long used = eviction.usedMemory();
        if (eviction.maxmemory() > 0 && used > eviction.maxmemory()) {
            log.warn("WARNING: the new maxmemory value set via CONFIG SET ({}) is smaller than the current memory usage ({}). "
                    + "This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.",
                    eviction.maxmemory(), used);
            if (evictionAllowed()) evict();
        }
    }

    private boolean evictionAllowed() {
        return !ks.loading() && !(ignoreOnReplica && ctx.replication.isReplica());
    }

    private Eviction.Result evict() {
        Eviction.Result r = eviction.perform();
        if (r == Eviction.Result.RUNNING) continueLater();
        return r;
    }

    /**
     * used_memory_peak: sampled ten times a second on the owner thread (started with the first
     * command, once the owner loop exists), rather than on every write.
     */
    private void samplePeak() {
        if (ctx.owner() == null) return;
        peakSampling = true;
        ctx.owner().scheduleAtFixedRate(eviction::usedMemory, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Over the time budget: go on after the pending I/O, as Redis goes on in a time event. */
    private void continueLater() {
        if (continuing || ctx.owner() == null) return;
        continuing = true;
        ctx.owner().execute(() -> {
            continuing = false;
            if (evictionAllowed()) evict();
        });
    }

    private String gate(Client c, CommandSpec spec, byte[][] argv) {
        if (!peakSampling) samplePeak();
        if (eviction.maxmemory() == 0 || !evictionAllowed()) return null;
        if (evict() != Eviction.Result.FAIL) return null;
        // The master's stream is applied whatever the memory: refusing it would fork the data.
        if ((c.flags & Client.FLAG_MASTER) != 0) return null;
        boolean reject = spec.has(DENYOOM);
        String name = spec.name();
        if (name.equals("exec")) {
            if (c.multiQueue != null) {
                for (Client.QueuedCommand q : c.multiQueue) reject |= q.spec().has(CommandFlags.DENYOOM);
            }
        } else if (c.inMulti && !name.equals("discard") && !name.equals("quit") && !name.equals("reset")) {
            // Queueing itself takes memory without limit.
            reject = true;
        }
        return reject ? OOM : null;
    }

    public void register(CommandTable t) {
        CommandSpec memory = t.container("memory", -2, 0);
        t.sub(memory, "usage", -3, READONLY, 2, 2, 1, this::usage);
        t.sub(memory, "stats", 2, 0, (c, a) -> stats(c));
        t.sub(memory, "doctor", 2, 0, (c, a) -> doctor(c));
        t.sub(memory, "malloc-stats", 2, 0, (c, a) -> c.reply().bulk("Stats not supported for the current allocator"));
        t.sub(memory, "purge", 2, 0, (c, a) -> c.reply().ok());
        t.sub(memory, "help", 2, LOADING | STALE, (c, a) -> help(c));
    }

    private void usage(Client c, byte[][] a) {
        for (int j = 3; j < a.length; j++) {
            if (Args.is(a[j], "samples") && j + 1 < a.length) {
                if (Args.parseLong(a[j + 1]) < 0) throw RedisError.SYNTAX;
                j++;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        // The estimate is kept exact as values change, so nothing needs sampling.
        long bytes = c.db.memoryUsage(a[2]);
        if (bytes < 0) c.reply().nullBulk(); else c.reply().integer(bytes);
    }

    private void stats(Client c) {
        long used = eviction.usedMemory();
        long peak = eviction.peak();
        long startup = Eviction.BASELINE;
        long keys = ks.totalKeys();
        int dbsWithKeys = 0;
        for (int i = 0; i < ks.databases(); i++) if (ks.db(i).size() > 0) dbsWithKeys++;
        long overhead = startup + ks.tableBytes();
        long dataset = Math.max(0, used - overhead);
        long rss = InfoSections.rssBytes();
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        Reply r = c.reply();
        r.map(27 + dbsWithKeys);
        r.bulk("peak.allocated");
        r.integer(peak);
        r.bulk("total.allocated");
        r.integer(used);
        r.bulk("startup.allocated");
        r.integer(startup);
        r.bulk("replication.backlog");
        r.integer(0);
        r.bulk("clients.slaves");
        r.integer(0);
        r.bulk("clients.normal");
        r.integer(0);
        r.bulk("cluster.links");
        r.integer(0);
        r.bulk("aof.buffer");
        r.integer(0);
        r.bulk("lua.caches");
        r.integer(0);
        r.bulk("functions.caches");
        r.integer(0);
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0) continue;
            r.bulk("db." + i);
            r.map(2);
            r.bulk("overhead.hashtable.main");
            r.integer(db.overheadBytes());
            r.bulk("overhead.hashtable.expires");
            r.integer(0);
        }
        r.bulk("overhead.total");
        r.integer(overhead);
        r.bulk("keys.count");
        r.integer(keys);
        r.bulk("keys.bytes-per-key");
        r.integer(keys == 0 ? 0 : (used - startup) / keys);
        r.bulk("dataset.bytes");
        r.integer(dataset);
        r.bulk("dataset.percentage");
        r.dbl(used - startup <= 0 ? 0 : dataset * 100.0 / (used - startup));
        r.bulk("peak.percentage");
        r.dbl(peak == 0 ? 0 : used * 100.0 / peak);
        r.bulk("allocator.allocated");
        r.integer(heapUsed);
        r.bulk("allocator.active");
        r.integer(rt.totalMemory());
        r.bulk("allocator.resident");
        r.integer(rss);
        r.bulk("allocator-fragmentation.ratio");
        r.dbl(heapUsed == 0 ? 0 : (double) rt.totalMemory() / heapUsed);
        r.bulk("allocator-fragmentation.bytes");
        r.integer(rt.totalMemory() - heapUsed);
        r.bulk("allocator.rss-ratio");
        r.dbl(rt.totalMemory() == 0 ? 0 : (double) rss / rt.totalMemory());
        r.bulk("allocator.rss-bytes");
        r.integer(rss - rt.totalMemory());
        r.bulk("rss-overhead.ratio");
        r.dbl(1);
        r.bulk("rss-overhead.bytes");
        r.integer(0);
        r.bulk("fragmentation");
        r.dbl(used == 0 ? 0 : (double) rss / used);
        r.bulk("fragmentation.bytes");
        r.integer(rss - used);
    }

    private void doctor(Client c) {
        long used = eviction.usedMemory();
        if (used < 5L * 1024 * 1024) {
            c.reply().bulk("Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. "
                    + "Please, leave for your mission on Earth and fill it with some data. "
                    + "The new Sam and I will be back to our programming as soon as I finished rebooting.");
            return;
        }
        c.reply().bulk("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.");
    }

    private void help(Client c) {
        c.reply().lines(
            "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
            "HELP",
            "    Prints this help.");
    }
}
