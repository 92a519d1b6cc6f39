package io.redisha.sentinel.api;

import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Sentinel;
import io.redisha.sentinel.server.SentinelServer;
import java.util.Locale;

/** INFO on a sentinel: server, clients, stats and the sentinel section, as Redis prints them. */
final class InfoReply {
    /** Stats fields a sentinel has but never moves (keys, memory, replication): Redis prints them as 0. */
    private static final String[] STATS_ZERO_BEFORE_PUBSUB = {"instantaneous_ops_per_sec", "total_net_input_bytes",
            "total_net_output_bytes", "total_net_repl_input_bytes", "total_net_repl_output_bytes",
            "rejected_connections", "sync_full", "sync_partial_ok", "sync_partial_err", "expired_keys",
            "evicted_keys", "evicted_clients", "keyspace_hits", "keyspace_misses"};

    private InfoReply() {}

    static String render(Api api, String section, SentinelServer server) {
        String sec = section.toLowerCase(Locale.ROOT);
        boolean all = sec.equals("default") || sec.equals("all") || sec.equals("everything");
        Sentinel s = api.s;
        StringBuilder sb = new StringBuilder();
        long now = System.currentTimeMillis();
        if (all || sec.equals("server")) {
            sb.append("# Server\r\n")
                    .append("redis_version:").append(Api.VERSION).append("\r\n")
                    .append("redis_git_sha1:00000000\r\n")
                    .append("redis_git_dirty:0\r\n")
                    .append("redis_build_id:0\r\n")
                    .append("redis_mode:sentinel\r\n")
                    .append("os:").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                    .append(' ').append(System.getProperty("os.arch")).append("\r\n")
                    .append("arch_bits:64\r\n")
                    .append("monotonic_clock:POSIX clock_gettime\r\n")
                    .append("multiplexing_api:epoll\r\n")
                    .append("atomicvar_api:c11-builtin\r\n")
                    .append("gcc_version:0.0.0\r\n")
                    .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
                    .append("process_supervised:no\r\n")
                    .append("run_id:").append(s.runId).append("\r\n")
                    .append("tcp_port:").append(s.config.port).append("\r\n")
                    .append("server_time_usec:").append(now * 1000).append("\r\n")
                    .append("uptime_in_seconds:").append((now - s.startTime) / 1000).append("\r\n")
                    .append("uptime_in_days:").append((now - s.startTime) / 86400000).append("\r\n")
                    .append("hz:10\r\n")
                    .append("configured_hz:10\r\n")
                    .append("lru_clock:").append((now / 1000) & ((1 << 24) - 1)).append("\r\n")
                    .append("executable:").append(ProcessHandle.current().info().command().orElse("")).append("\r\n")
                    .append("config_file:").append(s.config.configFile).append("\r\n")
                    .append("io_threads_active:0\r\n");
        }
        if (all || sec.equals("clients")) {
            if (!sb.isEmpty()) sb.append("\r\n");
            int pubsub = 0;
            for (var c : server.clients().values()) if (c.subscriptions() > 0) pubsub++;
            sb.append("# Clients\r\n")
                    .append("connected_clients:").append(server.clients().size()).append("\r\n")
                    .append("cluster_connections:0\r\n")
                    .append("maxclients:10000\r\n")
                    .append("client_recent_max_input_buffer:0\r\n")
                    .append("client_recent_max_output_buffer:0\r\n")
                    .append("blocked_clients:0\r\n")
                    .append("tracking_clients:0\r\n")
                    .append("clients_in_timeout_table:0\r\n");
        }
        if (all || sec.equals("stats")) {
            if (!sb.isEmpty()) sb.append("\r\n");
            sb.append("# Stats\r\n")
                    .append("total_connections_received:").append(server.totalConnections).append("\r\n")
                    .append("total_commands_processed:").append(server.totalCommands).append("\r\n");
            for (String z : STATS_ZERO_BEFORE_PUBSUB) sb.append(z).append(":0\r\n");
            sb.append("pubsub_channels:").append(api.hub.channelCount()).append("\r\n")
                    .append("pubsub_patterns:").append(api.hub.patternCount()).append("\r\n")
                    .append("pubsubshard_channels:0\r\n");
        }
        if (all || sec.equals("cpu")) {
            if (!sb.isEmpty()) sb.append("\r\n");
            double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            // The JVM reports one total: it is shown as user time.
            sb.append("# CPU\r\n")
                    .append(String.format(java.util.Locale.ROOT, "used_cpu_sys:%.6f\r\n", 0.0))
                    .append(String.format(java.util.Locale.ROOT, "used_cpu_user:%.6f\r\n", cpu))
                    .append("used_cpu_sys_children:0.000000\r\n")
                    .append("used_cpu_user_children:0.000000\r\n");
        }
        if (all || sec.equals("sentinel")) {
            if (!sb.isEmpty()) sb.append("\r\n");
            sb.append("# Sentinel\r\n")
                    .append("sentinel_masters:").append(s.masters.size()).append("\r\n")
                    .append("sentinel_tilt:").append(s.tilt ? 1 : 0).append("\r\n")
                    .append("sentinel_tilt_since_seconds:").append(s.tilt ? (now - s.tiltStartTime) / 1000 : -1).append("\r\n")
                    .append("sentinel_running_scripts:").append(s.scripts.runningCount()).append("\r\n")
                    .append("sentinel_scripts_queue_length:").append(s.scripts.queueLength()).append("\r\n")
                    .append("sentinel_simulate_failure_flags:").append(s.simulateFailureFlags).append("\r\n");
            int i = 0;
            for (Instance m : s.masters.values()) {
                String status = m.is(Instance.O_DOWN) ? "odown" : m.is(Instance.S_DOWN) ? "sdown" : "ok";
                sb.append("master").append(i++).append(":name=").append(m.name).append(",status=").append(status)
                        .append(",address=").append(m.host).append(':').append(m.port)
                        .append(",slaves=").append(m.replicas.size())
                        .append(",sentinels=").append(m.sentinels.size() + 1).append("\r\n");
            }
        }
        return sb.toString();
    }
}
