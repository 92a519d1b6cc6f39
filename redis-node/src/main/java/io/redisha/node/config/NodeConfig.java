package io.redisha.node.config;

import io.redisha.common.config.ConfigException;
import io.redisha.common.config.ConfigLine;
import io.redisha.common.util.Glob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node's configuration: every key it understands, declared once with its type, default
 * and whether CONFIG SET may change it. A key not declared here is refused, never ignored.
 */
public final class NodeConfig {
    private final Map<String, ConfigParam> params = new LinkedHashMap<>();
    private final Map<String, String> aliases = new java.util.HashMap<>();
    private Path configFile;

    public NodeConfig() {
        declare(ConfigParam.multi("bind", "127.0.0.1 -::1", false));
        declare(ConfigParam.integer("port", 6379, 0, 65535, false));
        declare(ConfigParam.string("unixsocket", "", false));
        declare(ConfigParam.octal("unixsocketperm", 0, false));
        declare(ConfigParam.string("requirepass", "", true));
        declare(ConfigParam.integer("databases", 16, 1, Integer.MAX_VALUE, false));
        declare(ConfigParam.integer("timeout", 0, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.integer("tcp-keepalive", 300, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.integer("maxclients", 10000, 1, 4294967295L, true));
        declare(ConfigParam.memory("proto-max-bulk-len", 512L * 1024 * 1024, 1024 * 1024, Long.MAX_VALUE, true));
        declare(ConfigParam.memory("client-query-buffer-limit", 1024L * 1024 * 1024, 1024 * 1024, Long.MAX_VALUE, true));
        declare(ConfigParam.string("pidfile", "", false));
        declare(ConfigParam.string("logfile", "", false));
        declare(ConfigParam.choice("loglevel", "notice", true, "debug", "verbose", "notice", "warning"));
        declare(ConfigParam.bool("daemonize", false, false));
        declare(ConfigParam.string("dir", Path.of("").toAbsolutePath().toString(), true).protectedConfig());
        // Any int is accepted and then held between 1 and 500, as in Redis.
        declare(ConfigParam.integer("hz", 10, 0, Integer.MAX_VALUE, true).clamped(1, 500));
        // Persistence: RDB snapshots.
        declare(ConfigParam.savePoints("save", "3600 1 300 100 60 10000"));
        declare(ConfigParam.string("dbfilename", "dump.rdb", true).protectedConfig());
        declare(ConfigParam.bool("rdbcompression", true, true));
        declare(ConfigParam.bool("rdbchecksum", true, false));
        declare(ConfigParam.bool("stop-writes-on-bgsave-error", true, true));
        // Microseconds of sleep per key written by a background save: Redis's knob for tests.
        declare(ConfigParam.integer("rdb-key-save-delay", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, true));
        // Persistence: the append-only file (Redis 7 multi-part layout).
        declare(ConfigParam.bool("appendonly", false, true));
        declare(ConfigParam.string("appendfilename", "appendonly.aof", false));
        declare(ConfigParam.string("appenddirname", "appendonlydir", false));
        declare(ConfigParam.choice("appendfsync", "everysec", true, "always", "everysec", "no"));
        declare(ConfigParam.bool("no-appendfsync-on-rewrite", false, true));
        declare(ConfigParam.integer("auto-aof-rewrite-percentage", 100, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.memory("auto-aof-rewrite-min-size", 64L * 1024 * 1024, 0, Long.MAX_VALUE, true));
        declare(ConfigParam.bool("aof-load-truncated", true, true));
        declare(ConfigParam.bool("aof-use-rdb-preamble", true, true));
        declare(ConfigParam.bool("aof-timestamp-enabled", false, true));
        declare(ConfigParam.integer("io-threads", 1, 1, 128, false));
        // Replication. "replicaof" is changed at run time by REPLICAOF, never by CONFIG SET.
        declare(ConfigParam.multi("replicaof", "", false));
        declare(ConfigParam.string("masterauth", "", true));
        declare(ConfigParam.string("masteruser", "", true));
        declare(ConfigParam.bool("replica-read-only", true, true));
        declare(ConfigParam.bool("replica-serve-stale-data", true, true));
        declare(ConfigParam.integer("replica-priority", 100, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.string("replica-announce-ip", "", true));
        declare(ConfigParam.integer("replica-announce-port", 0, 0, 65535, true));
        declare(ConfigParam.bool("replica-announced", true, true));
        declare(ConfigParam.memory("repl-backlog-size", 1024 * 1024, 1, Long.MAX_VALUE, true));
        declare(ConfigParam.integer("repl-backlog-ttl", 3600, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.integer("repl-timeout", 60, 1, Integer.MAX_VALUE, true));
        declare(ConfigParam.integer("repl-ping-replica-period", 10, 1, Integer.MAX_VALUE, true));
        declare(ConfigParam.bool("repl-diskless-sync", true, true));
        declare(ConfigParam.integer("repl-diskless-sync-delay", 5, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.choice("repl-diskless-load", "disabled", true, "disabled", "on-empty-db", "swapdb"));
        declare(ConfigParam.integer("min-replicas-to-write", 0, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.integer("min-replicas-max-lag", 10, 0, Integer.MAX_VALUE, true));
        // Memory limit and eviction (applied by control.MemoryCommands).
        declare(ConfigParam.memory("maxmemory", 0, 0, Long.MAX_VALUE, true));
        declare(ConfigParam.choice("maxmemory-policy", "noeviction", true, "volatile-lru", "volatile-lfu",
                "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"));
        declare(ConfigParam.integer("maxmemory-samples", 5, 1, Integer.MAX_VALUE, true));
        declare(ConfigParam.integer("maxmemory-eviction-tenacity", 10, 0, 100, true));
        declare(ConfigParam.integer("lfu-log-factor", 10, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.integer("lfu-decay-time", 1, 0, Integer.MAX_VALUE, true));
        declare(ConfigParam.bool("replica-ignore-maxmemory", true, true));
        alias("slave-ignore-maxmemory", "replica-ignore-maxmemory");
        declare(ConfigParam.custom("client-output-buffer-limit", OutputBufferLimits.DEFAULT, true, OutputBufferLimits::normalise));
        alias("slaveof", "replicaof");
        alias("slave-read-only", "replica-read-only");
        alias("slave-serve-stale-data", "replica-serve-stale-data");
        alias("slave-priority", "replica-priority");
        alias("slave-announce-ip", "replica-announce-ip");
        alias("slave-announce-port", "replica-announce-port");
        alias("repl-ping-slave-period", "repl-ping-replica-period");
        alias("min-slaves-to-write", "min-replicas-to-write");
        alias("min-slaves-max-lag", "min-replicas-max-lag");
        // Not a Redis key: the HTTP port of /actuator (0 = port + 1000, -1 = off).
        declare(ConfigParam.integer("management-port", 0, -1, 65535, false));
    }

    private void declare(ConfigParam p) {
        params.put(p.name, p);
    }

    /** An old name Redis still accepts (slaveof for replicaof...). */
    private void alias(String old, String name) {
        aliases.put(old, name);
    }

    private ConfigParam lookup(String name) {
        ConfigParam p = params.get(name);
        if (p == null && aliases.containsKey(name)) p = params.get(aliases.get(name));
        return p;
    }

    /**
     * Sets a key from the server itself (REPLICAOF changes "replicaof"), bypassing the
     * mutability check and without running its change hook.
     */
    public void setInternal(String name, String value) {
        lookup(name).value = value;
    }

    public Path configFile() { return configFile; }
    public void configFile(Path p) { configFile = p; }

    /** Applies the lines of a config file and the command line, in order. */
    public void load(List<ConfigLine> lines) {
        java.util.Set<ConfigParam> seen = new java.util.HashSet<>();
        for (ConfigLine line : lines) {
            ConfigParam p = lookup(line.name());
            if (p == null) throw line.error("Bad directive or wrong number of arguments");
            try {
                String v = p.normalise(line.args().subList(1, line.args().size()));
                // Several "save" lines add up; the first one replaces the defaults, as in Redis.
                if (p.kind == ConfigParam.Kind.SAVE && seen.contains(p) && !v.isEmpty() && !p.value.isEmpty()) {
                    v = p.value + " " + v;
                }
                seen.add(p);
                if (p.name.equals("replicaof")) v = replicaOf(line.args().subList(1, line.args().size()));
                if (p.name.equals("dbfilename") && v.contains("/")) {
                    throw new IllegalArgumentException("dbfilename can't be a path, just a filename");
                }
                p.value = v;
            } catch (IllegalArgumentException e) {
                throw line.error(e.getMessage().equals("wrong number of arguments")
                        ? "Bad directive or wrong number of arguments" : e.getMessage());
            }
        }
        validateDir();
        if (!plainName(get("appendfilename"))) throw new ConfigException("appendfilename can't be a path, just a filename");
        if (!plainName(get("appenddirname"))) throw new ConfigException("appenddirname can't be a path, just a dirname");
    }

    private static boolean plainName(String s) {
        return !s.isEmpty() && !s.contains("/") && !s.contains("\\") && !s.equals(".") && !s.equals("..");
    }

    private void validateDir() {
        Path dir = Path.of(get("dir"));
        if (!dir.toFile().isDirectory()) {
            throw new ConfigException("Can't chdir to '" + get("dir") + "': No such file or directory");
        }
        params.get("dir").value = dir.toAbsolutePath().normalize().toString();
    }

    public String get(String name) {
        ConfigParam p = lookup(name);
        if (p == null) throw new IllegalArgumentException("no such config key " + name);
        return p.value;
    }

    public int getInt(String name) { return (int) getLong(name); }

    public long getLong(String name) {
        ConfigParam p = params.get(name);
        if (p == null) throw new IllegalArgumentException("no such config key " + name);
        return p.asLong();
    }
    public boolean getBool(String name) { return get(name).equals("yes"); }

    public List<String> getList(String name) {
        String v = get(name);
        return v.isEmpty() ? List.of() : Arrays.asList(v.split(" "));
    }

    public ConfigParam param(String name) {
        return lookup(name);
    }

    /** Every key in declaration order. */
    Iterable<ConfigParam> params() {
        return params.values();
    }

    /**
     * CONFIG REWRITE: writes the current configuration into the file the node was started
     * with. Returns null on success or Redis's error message.
     */
    public String rewrite() {
        if (configFile == null) return "ERR The server is running without a config file";
        return new ConfigRewriter(this).rewrite(configFile);
    }

    /** "host port", or "" for "no one". */
    private static String replicaOf(List<String> args) {
        if (args.size() != 2) throw new IllegalArgumentException("wrong number of arguments");
        if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) return "";
        try {
            int port = Integer.parseInt(args.get(1));
            if (port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid master port");
        }
        return args.get(0) + " " + args.get(1);
    }

    /** CONFIG GET: name/value pairs of every key matching one of the patterns. */
    public Map<String, String> match(List<String> patterns) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigParam p : params.values()) {
            for (String pat : patterns) {
                if (Glob.matches(pat.toLowerCase(Locale.ROOT), p.name)) {
                    out.put(p.name, p.value);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * CONFIG SET of several pairs, all or nothing. Returns null on success or Redis's error
     * message.
     */
    public String set(List<String[]> pairs) {
        List<ConfigParam> changed = new ArrayList<>();
        List<String> old = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (String[] kv : pairs) {
            ConfigParam p = lookup(kv[0].toLowerCase(Locale.ROOT));
            if (p == null) return "ERR Unknown option or number of arguments for CONFIG SET - '" + kv[0] + "'";
            if (!p.mutable) {
                return "ERR CONFIG SET failed (possibly related to argument '" + kv[0] + "') - can't set immutable config";
            }
            if (p.isProtected) {
                return "ERR CONFIG SET failed (possibly related to argument '" + kv[0] + "') - can't set protected config";
            }
            if (changed.contains(p)) return "ERR CONFIG SET failed (possibly related to argument '" + kv[0] + "') - duplicate parameter";
            String v;
            try {
                List<String> words = (p.kind == ConfigParam.Kind.MULTI || p.kind == ConfigParam.Kind.SAVE
                        || p.kind == ConfigParam.Kind.CUSTOM) && !kv[1].isBlank()
                        ? Arrays.asList(kv[1].trim().split("\\s+")) : List.of(kv[1].trim());
                v = p.normalise(words);
            } catch (IllegalArgumentException e) {
                return "ERR CONFIG SET failed (possibly related to argument '" + kv[0] + "') - " + e.getMessage();
            }
            if (p.name.equals("dir") && !Path.of(v).toFile().isDirectory()) {
                return "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory";
            }
            changed.add(p);
            old.add(p.value);
            fresh.add(p.name.equals("dir") ? Path.of(v).toAbsolutePath().normalize().toString() : v);
        }
        for (int i = 0; i < changed.size(); i++) changed.get(i).value = fresh.get(i);
        for (ConfigParam p : changed) {
            if (p.onChange != null) p.onChange.run();
        }
        return null;
    }

    /** The save points as {seconds, changes} pairs. */
    public List<long[]> savePoints() {
        List<long[]> out = new ArrayList<>();
        String[] w = get("save").isEmpty() ? new String[0] : get("save").split(" ");
        for (int i = 0; i + 1 < w.length; i += 2) out.add(new long[] {Long.parseLong(w[i]), Long.parseLong(w[i + 1])});
        return out;
    }

    public int managementPort() {
        int m = getInt("management-port");
        if (m == 0) {
            int port = getInt("port");
            return port == 0 ? -1 : port + 1000;
        }
        return m;
    }
}
