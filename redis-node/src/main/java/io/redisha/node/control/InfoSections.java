package io.redisha.node.control;

import io.redisha.node.command.CommandSpec;
import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Eviction;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.keyspace.KeyspaceStats;
import io.redisha.node.server.ServerContext;
import io.redisha.node.server.ServerStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The INFO sections every node has, with Redis 7's field names. */
final class InfoSections {
    private final ServerContext ctx;

    InfoSections(ServerContext ctx) {
        this.ctx = ctx;
    }

    void registerDefaults(Info info) {
        info.section("Server", true, this::server);
        info.section("Clients", true, this::clients);
        info.section("Memory", true, this::memory);
        info.section("Persistence", true, this::persistence);
        info.section("Stats", true, this::stats);
        info.section("Replication", true, this::replication);
        info.section("CPU", true, this::cpu);
        info.section("Modules", true, l -> { });
        info.section("Commandstats", false, this::commandstats);
        info.section("Errorstats", true, l -> { });
        info.section("Cluster", true, l -> l.add("cluster_enabled", 0));
        info.section("Keyspace", true, this::keyspace);
    }

    private void server(Info.Lines l) {
        long uptime = ctx.uptimeSeconds();
        l.add("redis_version", ServerContext.REDIS_VERSION)
                .add("redis_git_sha1", "00000000")
                .add("redis_git_dirty", 0)
                .add("redis_build_id", "0")
                .add("redis_mode", "standalone")
                .add("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
                .add("arch_bits", 64)
                .add("monotonic_clock", "POSIX clock_gettime")
                .add("multiplexing_api", io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio")
                .add("atomicvar_api", "c11-builtin")
                .add("gcc_version", "0.0.0")
                .add("process_id", ProcessHandle.current().pid())
                .add("process_supervised", "no")
                .add("run_id", ctx.runId)
                .add("tcp_port", ctx.config.getInt("port"))
                .add("server_time_usec", System.currentTimeMillis() * 1000)
                .add("uptime_in_seconds", uptime)
                .add("uptime_in_days", uptime / 86400)
                .add("hz", ctx.config.getInt("hz"))
                .add("configured_hz", ctx.config.getInt("hz"))
                .add("lru_clock", ctx.keyspace.lruClock() & 0xffffff)
                .add("executable", ProcessHandle.current().info().command().orElse(""))
                .add("config_file", ctx.config.configFile() == null ? "" : ctx.config.configFile().toString())
                .add("io_threads_active", ctx.config.getInt("io-threads") > 1 ? 1 : 0)
                .add("java_version", System.getProperty("java.version"));
    }

    private void clients(Info.Lines l) {
        l.add("connected_clients", ctx.clients.connectedCount())
                .add("cluster_connections", 0)
                .add("maxclients", ctx.config.getLong("maxclients"))
                .add("client_recent_max_input_buffer", 0)
                .add("client_recent_max_output_buffer", 0)
                .add("blocked_clients", ctx.keyspace.blocking().blockedClients())
                .add("tracking_clients", 0)
                .add("clients_in_timeout_table", ctx.keyspace.blocking().blockedClients());
    }

    static long rssBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void memory(Info.Lines l) {
        Eviction ev = ctx.keyspace.eviction();
        long used = ev.usedMemory();
        long peak = ev.peak();
        long startup = Eviction.BASELINE;
        long overhead = startup + ctx.keyspace.tableBytes();
        long dataset = Math.max(0, used - overhead);
        long rss = rssBytes();
        long total = totalSystemMemory();
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long heap = rt.totalMemory();
        l.add("used_memory", used)
                .add("used_memory_human", Info.human(used))
                .add("used_memory_rss", rss)
                .add("used_memory_rss_human", Info.human(rss))
                .add("used_memory_peak", peak)
                .add("used_memory_peak_human", Info.human(peak))
                .add("used_memory_peak_perc", percent(used, peak))
                .add("used_memory_overhead", overhead)
                .add("used_memory_startup", startup)
                .add("used_memory_dataset", dataset)
                .add("used_memory_dataset_perc", percent(dataset, used - startup))
                // The allocator is the JVM's heap: what it holds, has committed, and the process's RSS.
                .add("allocator_allocated", heapUsed)
                .add("allocator_active", heap)
                .add("allocator_resident", rss)
                .add("total_system_memory", total)
                .add("total_system_memory_human", Info.human(total))
                .add("used_memory_lua", 0)
                .add("used_memory_vm_eval", 0)
                .add("used_memory_lua_human", "0B")
                .add("used_memory_scripts_eval", 0)
                .add("number_of_cached_scripts", 0)
                .add("number_of_functions", 0)
                .add("number_of_libraries", 0)
                .add("used_memory_vm_functions", 0)
                .add("used_memory_vm_total", 0)
                .add("used_memory_vm_total_human", "0B")
                .add("used_memory_functions", 0)
                .add("used_memory_scripts", 0)
                .add("used_memory_scripts_human", "0B")
                .add("maxmemory", ev.maxmemory())
                .add("maxmemory_human", Info.human(ev.maxmemory()))
                .add("maxmemory_policy", ctx.config.get("maxmemory-policy"))
                .add("allocator_frag_ratio", ratio(heap, heapUsed))
                .add("allocator_frag_bytes", heap - heapUsed)
                .add("allocator_rss_ratio", ratio(rss, heap))
                .add("allocator_rss_bytes", rss - heap)
                .add("rss_overhead_ratio", "1.00")
                .add("rss_overhead_bytes", 0)
                .add("mem_fragmentation_ratio", ratio(rss, used))
                .add("mem_fragmentation_bytes", rss - used)
                .add("mem_not_counted_for_evict", 0)
                .add("mem_replication_backlog", 0)
                .add("mem_total_replication_buffers", 0)
                .add("mem_clients_slaves", 0)
                .add("mem_clients_normal", 0)
                .add("mem_cluster_links", 0)
                .add("mem_aof_buffer", 0)
                .add("mem_allocator", "jvm")
                .add("active_defrag_running", 0)
                .add("lazyfree_pending_objects", 0)
                .add("lazyfreed_objects", 0)
                .add("jvm_heap_used", heapUsed)
                .add("jvm_heap_committed", heap)
                .add("jvm_heap_max", rt.maxMemory());
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole <= 0 ? 0.0 : part * 100.0 / whole);
    }

    private static String ratio(long a, long b) {
        return String.format(Locale.ROOT, "%.2f", b <= 0 ? 0.0 : (double) a / b);
    }

    private static long totalSystemMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private void persistence(Info.Lines l) {
        l.add("loading", 0)
                .add("async_loading", 0)
                .add("rdb_changes_since_last_save", ctx.keyspace.dirty())
                .add("rdb_bgsave_in_progress", 0)
                .add("rdb_last_save_time", ctx.startTimeMillis / 1000)
                .add("rdb_last_bgsave_status", "ok")
                .add("aof_enabled", 0)
                .add("aof_rewrite_in_progress", 0)
                .add("aof_rewrite_scheduled", 0)
                .add("aof_last_write_status", "ok");
    }

    private void stats(Info.Lines l) {
        ServerStats s = ctx.stats;
        KeyspaceStats k = ctx.keyspace.stats();
        l.add("total_connections_received", s.connectionsReceived.sum())
                .add("total_commands_processed", ctx.dispatcher.commandsProcessed())
                .add("instantaneous_ops_per_sec", s.instantaneousOps())
                .add("total_net_input_bytes", s.netInputBytes.sum())
                .add("total_net_output_bytes", s.netOutputBytes.sum())
                .add("instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", s.instantaneousInputKbps()))
                .add("instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", s.instantaneousOutputKbps()))
                .add("rejected_connections", s.rejectedConnections.sum())
                .add("sync_full", s.syncFull)
                .add("sync_partial_ok", s.syncPartialOk)
                .add("sync_partial_err", s.syncPartialErr)
                .add("expired_keys", k.expiredKeys)
                .add("expired_stale_perc", "0.00")
                .add("expired_time_cap_reached_count", 0)
                .add("expire_cycle_cpu_milliseconds", k.expireCycleCpuMillis)
                .add("evicted_keys", k.evictedKeys)
                .add("evicted_clients", 0)
                .add("keyspace_hits", k.keyspaceHits)
                .add("keyspace_misses", k.keyspaceMisses)
                .add("pubsub_channels", ctx.pubsub.channelCount())
                .add("pubsub_patterns", ctx.pubsub.patternCount())
                .add("pubsubshard_channels", 0)
                .add("latest_fork_usec", 0)
                .add("total_forks", 0)
                .add("total_error_replies", ctx.dispatcher.errorReplies())
                .add("total_reads_processed", ctx.dispatcher.commandsProcessed())
                .add("total_writes_processed", ctx.dispatcher.commandsProcessed());
    }

    private void replication(Info.Lines l) {
        l.add("role", "master")
                .add("connected_slaves", 0)
                .add("master_failover_state", "no-failover")
                .add("master_replid", ctx.runId)
                .add("master_replid2", "0000000000000000000000000000000000000000")
                .add("master_repl_offset", 0)
                .add("second_repl_offset", -1)
                .add("repl_backlog_active", 0)
                .add("repl_backlog_size", 1048576)
                .add("repl_backlog_first_byte_offset", 0)
                .add("repl_backlog_histlen", 0);
    }

    private void cpu(Info.Lines l) {
        double[] times = processCpu();
        l.add("used_cpu_sys", String.format(Locale.ROOT, "%.6f", times[0]))
                .add("used_cpu_user", String.format(Locale.ROOT, "%.6f", times[1]))
                .add("used_cpu_sys_children", "0.000000")
                .add("used_cpu_user_children", "0.000000");
    }

    /** System and user CPU seconds of the process, from /proc/self/stat. */
    private static double[] processCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double ticks = 100.0;
            return new double[] {Long.parseLong(f[12]) / ticks, Long.parseLong(f[11]) / ticks};
        } catch (IOException | RuntimeException e) {
            double cpu = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
            return new double[] {0, cpu};
        }
    }

    private void commandstats(Info.Lines l) {
        for (CommandSpec s : ctx.table.withSubcommands()) {
            if (s.calls() == 0 && s.rejectedCalls() == 0 && s.failedCalls() == 0) continue;
            l.add("cmdstat_" + s.fullName(), "calls=" + s.calls() + ",usec=" + s.usec()
                    + ",usec_per_call=" + String.format(Locale.ROOT, "%.2f", s.calls() == 0 ? 0.0 : (double) s.usec() / s.calls())
                    + ",rejected_calls=" + s.rejectedCalls() + ",failed_calls=" + s.failedCalls());
        }
    }

    private void keyspace(Info.Lines l) {
        Keyspace ks = ctx.keyspace;
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0) continue;
            l.add("db" + i, "keys=" + db.size() + ",expires=" + db.expiresCount() + ",avg_ttl=0");
        }
    }
}
