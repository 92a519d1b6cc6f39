package io.redisha.sentinel.config;

import io.redisha.common.config.ConfigException;
import io.redisha.common.config.ConfigFile;
import io.redisha.common.config.ConfigLine;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code redis-sentinel /path/sentinel.conf [--opt value ...]} with redis-sentinel's
 * errors. Lines are applied in file order, so a per-master directive must follow its
 * {@code sentinel monitor} line, as the seed's walkthrough shows.
 */
public final class SentinelConfigParser {
    /** Server directives a Redis-written sentinel.conf may hold and that mean nothing to us. */
    private static final Set<String> ACCEPTED_AND_IGNORED = Set.of(
            "protected-mode", "user", "latency-tracking-info-percentiles", "hz", "timeout", "tcp-keepalive",
            "tcp-backlog", "supervised", "maxclients", "syslog-enabled", "syslog-ident", "syslog-facility",
            "unixsocket", "unixsocketperm", "always-show-logo", "set-proc-title", "proc-title-template",
            "acllog-max-len", "aclfile", "io-threads", "enable-debug-command", "crash-log-enabled",
            "crash-memcheck-enabled", "oom-score-adj", "disable-thp", "locale-collate");

    private SentinelConfigParser() {}

    public static SentinelConfig parseArguments(String[] args) {
        SentinelConfig config = new SentinelConfig();
        List<ConfigLine> lines = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String a : args) if (!a.equals("--sentinel")) options.add(a);
        if (options.isEmpty() || options.get(0).startsWith("--")) {
            throw new ConfigException("Sentinel needs config file on disk to save state. Exiting...");
        }
        Path file = Path.of(options.get(0)).toAbsolutePath();
        config.configFile = file;
        lines.addAll(ConfigFile.read(file));
        List<ConfigLine> cmd = ConfigFile.fromCommandLine(options.subList(1, options.size()));
        for (ConfigLine l : cmd) {
            // management-port is ours: keep the file readable by a real redis-sentinel.
            if (!l.name().equals("sentinel") && !l.name().equals("management-port")) config.commandLineOptions.put(l.name(), l.args().subList(1, l.args().size()));
        }
        lines.addAll(cmd);
        for (ConfigLine l : lines) apply(config, l);
        return config;
    }

    /** Parses text as a config file (for tests and for a file written by a rewrite). */
    public static SentinelConfig parse(String text) {
        SentinelConfig config = new SentinelConfig();
        for (ConfigLine l : ConfigFile.parse("(text)", text)) apply(config, l);
        return config;
    }

    static void apply(SentinelConfig c, ConfigLine l) {
        try {
            String name = l.name();
            int n = l.argCount();
            switch (name) {
                case "port" -> {
                    need(l, 1);
                    c.port = Integer.parseInt(l.arg(1));
                    if (c.port < 0 || c.port > 65535) throw l.error("argument must be between 0 and 65535 inclusive");
                }
                case "bind" -> {
                    if (n < 1) throw bad(l);
                    c.bind = new ArrayList<>(l.args().subList(1, l.args().size()));
                }
                case "daemonize" -> c.daemonize = yesNo(l);
                case "pidfile" -> c.pidfile = one(l);
                case "logfile" -> c.logfile = one(l);
                case "dir" -> c.dir = one(l);
                case "loglevel" -> c.loglevel = one(l).toLowerCase(Locale.ROOT);
                case "requirepass" -> c.requirepass = one(l).isEmpty() ? null : l.arg(1);
                case "management-port" -> c.managementPort = Integer.parseInt(one(l));
                case "sentinel" -> sentinel(c, l);
                default -> {
                    if (!ACCEPTED_AND_IGNORED.contains(name)) throw bad(l);
                }
            }
        } catch (NumberFormatException e) {
            throw l.error("argument couldn't be parsed into an integer");
        }
    }

    private static void sentinel(SentinelConfig c, ConfigLine l) {
        List<String> a = l.args();
        int argc = a.size() - 1; // words after "sentinel"
        if (argc < 1) throw err(l, "Unrecognized sentinel configuration statement.");
        String sub = a.get(1).toLowerCase(Locale.ROOT);
        if (sub.equals("monitor") && argc == 5) {
            int quorum = Integer.parseInt(a.get(5));
            if (quorum <= 0) throw err(l, "Quorum must be 1 or greater.");
            if (c.masters.containsKey(a.get(2))) throw err(l, "Duplicate master name.");
            int port = Integer.parseInt(a.get(4));
            if (port < 0 || port > 65535) throw err(l, "Invalid port number.");
            if (!validHost(a.get(3), c.resolveHostnames)) throw err(l, "Can't resolve instance hostname.");
            c.masters.put(a.get(2), new MasterSpec(a.get(2), a.get(3), port, quorum));
        } else if ((sub.equals("down-after-milliseconds") || sub.equals("failover-timeout")
                || sub.equals("master-reboot-down-after-period")) && argc == 3) {
            MasterSpec m = master(c, l, a.get(2));
            long v = Long.parseLong(a.get(3));
            if (v <= 0 && !sub.equals("master-reboot-down-after-period")) throw err(l, "negative or zero time parameter.");
            if (sub.equals("down-after-milliseconds")) m.downAfterMs = v;
            else if (sub.equals("failover-timeout")) m.failoverTimeoutMs = v;
            else m.masterRebootDownAfterMs = v;
        } else if (sub.equals("parallel-syncs") && argc == 3) {
            master(c, l, a.get(2)).parallelSyncs = Integer.parseInt(a.get(3));
        } else if (sub.equals("notification-script") && argc == 3) {
            master(c, l, a.get(2)).notificationScript = a.get(3);
        } else if (sub.equals("client-reconfig-script") && argc == 3) {
            master(c, l, a.get(2)).clientReconfigScript = a.get(3);
        } else if (sub.equals("auth-pass") && argc == 3) {
            master(c, l, a.get(2)).authPass = a.get(3);
        } else if (sub.equals("auth-user") && argc == 3) {
            master(c, l, a.get(2)).authUser = a.get(3);
        } else if (sub.equals("current-epoch") && argc == 2) {
            long e = Long.parseLong(a.get(2));
            if (e > c.currentEpoch) c.currentEpoch = e;
        } else if (sub.equals("myid") && argc == 2) {
            if (a.get(2).length() != 40) throw err(l, "Malformed Sentinel id in myid option.");
            c.myid = a.get(2).toLowerCase(Locale.ROOT);
        } else if (sub.equals("config-epoch") && argc == 3) {
            MasterSpec m = master(c, l, a.get(2));
            m.configEpoch = Long.parseLong(a.get(3));
            // A config epoch is an epoch this sentinel has seen.
            if (m.configEpoch > c.currentEpoch) c.currentEpoch = m.configEpoch;
        } else if (sub.equals("leader-epoch") && argc == 3) {
            master(c, l, a.get(2)).leaderEpoch = Long.parseLong(a.get(3));
        } else if ((sub.equals("known-slave") || sub.equals("known-replica")) && argc == 4) {
            MasterSpec m = master(c, l, a.get(2));
            Integer.parseInt(a.get(4));
            m.knownReplicas.add(new String[] {a.get(3), a.get(4)});
        } else if (sub.equals("known-sentinel") && (argc == 4 || argc == 5)) {
            MasterSpec m = master(c, l, a.get(2));
            Integer.parseInt(a.get(4));
            if (argc == 5 && !a.get(5).equalsIgnoreCase(c.myid)) {
                m.knownSentinels.add(new String[] {a.get(3), a.get(4), a.get(5).toLowerCase(Locale.ROOT)});
            }
        } else if (sub.equals("rename-command") && argc == 4) {
            master(c, l, a.get(2)).renamedCommands.put(a.get(3), a.get(4));
        } else if (sub.equals("announce-ip") && argc == 2) {
            c.announceIp = a.get(2).isEmpty() ? null : a.get(2);
        } else if (sub.equals("announce-port") && argc == 2) {
            c.announcePort = Integer.parseInt(a.get(2));
        } else if (sub.equals("deny-scripts-reconfig") && argc == 2) {
            c.denyScriptsReconfig = yesNoWord(l, a.get(2));
        } else if (sub.equals("sentinel-user") && argc == 2) {
            c.sentinelUser = a.get(2).isEmpty() ? null : a.get(2);
        } else if (sub.equals("sentinel-pass") && argc == 2) {
            c.sentinelPass = a.get(2).isEmpty() ? null : a.get(2);
        } else if (sub.equals("resolve-hostnames") && argc == 2) {
            c.resolveHostnames = yesNoWord(l, a.get(2));
        } else if (sub.equals("announce-hostnames") && argc == 2) {
            c.announceHostnames = yesNoWord(l, a.get(2));
        } else {
            throw err(l, "Unrecognized sentinel configuration statement.");
        }
    }

    /** An IP literal, or a hostname when resolve-hostnames allows names and it resolves. */
    public static boolean validHost(String host, boolean resolveHostnames) {
        if (isIpLiteral(host)) return true;
        if (!resolveHostnames) return false;
        try {
            InetAddress.getByName(host);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isIpLiteral(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String p : host.split("\\.")) if (Integer.parseInt(p) > 255) return false;
            return true;
        }
        return host.contains(":") && host.matches("[0-9a-fA-F:.]+");
    }

    private static MasterSpec master(SentinelConfig c, ConfigLine l, String name) {
        MasterSpec m = c.masters.get(name);
        if (m == null) throw err(l, "No such master with specified name.");
        return m;
    }

    /** Sentinel errors print without the file name, as redis-sentinel's queued loader does. */
    private static ConfigException err(ConfigLine l, String reason) {
        return new ConfigException(null, l.lineNumber(), l.text(), reason);
    }

    private static ConfigException bad(ConfigLine l) {
        return err(l, "Bad directive or wrong number of arguments");
    }

    private static void need(ConfigLine l, int n) {
        if (l.argCount() != n) throw bad(l);
    }

    private static String one(ConfigLine l) {
        need(l, 1);
        return l.arg(1);
    }

    private static boolean yesNo(ConfigLine l) {
        return yesNoWord(l, one(l));
    }

    private static boolean yesNoWord(ConfigLine l, String w) {
        if (w.equalsIgnoreCase("yes")) return true;
        if (w.equalsIgnoreCase("no")) return false;
        throw err(l, "argument must be 'yes' or 'no'");
    }

    /** Redis refuses to start when it could not save its state later. */
    public static void checkWritable(Path file) {
        if (!Files.isWritable(file)) {
            throw new ConfigException("Sentinel config file " + file + " is not writable: Permission denied. Exiting...");
        }
    }
}
