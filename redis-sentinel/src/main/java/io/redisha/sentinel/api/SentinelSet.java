package io.redisha.sentinel.api;

import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Sentinel;
import io.redisha.sentinel.server.RespWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** SENTINEL SET (per master) and SENTINEL CONFIG GET/SET (sentinel-wide). */
final class SentinelSet {
    private SentinelSet() {}

    static void handle(Sentinel s, String[] a, RespWriter w) {
        Instance m = s.master(a[2]);
        if (m == null) {
            w.error("ERR No such master with that name");
            return;
        }
        if ((a.length - 3) % 2 != 0) {
            w.error("ERR wrong number of arguments for 'sentinel|set' command");
            return;
        }
        // Check everything first: a bad pair changes nothing.
        for (int i = 3; i < a.length; i += 2) {
            String opt = a[i].toLowerCase(Locale.ROOT), v = a[i + 1];
            String bad = switch (opt) {
                case "down-after-milliseconds", "failover-timeout" -> positive(v) ? null : "invalid";
                case "parallel-syncs", "quorum" -> positive(v) ? null : "invalid";
                case "master-reboot-down-after-period" -> nonNegative(v) ? null : "invalid";
                case "auth-pass", "auth-user" -> null;
                case "notification-script", "client-reconfig-script" ->
                        s.config.denyScriptsReconfig ? "deny"
                                : v.isEmpty() || io.redisha.sentinel.monitor.Scripts.executable(v) ? null : opt;
                default -> "unknown";
            };
            if ("unknown".equals(bad)) {
                w.error("ERR Unknown option or number of arguments for SENTINEL SET '" + a[i] + "'");
                return;
            }
            if ("deny".equals(bad)) {
                w.error("ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration");
                return;
            }
            if ("notification-script".equals(bad)) {
                w.error("ERR Notification script seems non existing or non executable");
                return;
            }
            if ("client-reconfig-script".equals(bad)) {
                w.error("ERR Client reconfiguration script seems non existing or non executable");
                return;
            }
            if (bad != null) {
                w.error("ERR Invalid argument '" + v + "' for SENTINEL SET '" + a[i] + "'");
                return;
            }
        }
        for (int i = 3; i < a.length; i += 2) {
            String opt = a[i].toLowerCase(Locale.ROOT), v = a[i + 1];
            switch (opt) {
                case "down-after-milliseconds" -> {
                    m.downAfterMs = Long.parseLong(v);
                    for (Instance r : m.replicas.values()) r.downAfterMs = m.downAfterMs;
                    for (Instance x : m.sentinels.values()) x.downAfterMs = m.downAfterMs;
                }
                case "failover-timeout" -> m.failoverTimeoutMs = Long.parseLong(v);
                case "parallel-syncs" -> m.parallelSyncs = Integer.parseInt(v);
                case "quorum" -> m.quorum = Integer.parseInt(v);
                case "master-reboot-down-after-period" -> m.masterRebootDownAfterMs = Long.parseLong(v);
                case "auth-pass" -> {
                    m.authPass = v.isEmpty() ? null : v;
                    reconnect(m);
                }
                case "auth-user" -> {
                    m.authUser = v.isEmpty() ? null : v;
                    reconnect(m);
                }
                case "notification-script" -> m.notificationScript = v.isEmpty() ? null : v;
                case "client-reconfig-script" -> m.clientReconfigScript = v.isEmpty() ? null : v;
                default -> { }
            }
            s.events.warn("+set", m, a[i] + " " + (opt.equals("auth-pass") ? "******" : v));
        }
        s.flushConfig();
        w.ok();
    }

    private static void reconnect(Instance m) {
        m.link.close();
        for (Instance r : m.replicas.values()) r.link.close();
    }

    private static boolean positive(String v) {
        try {
            return Long.parseLong(v) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean nonNegative(String v) {
        try {
            return Long.parseLong(v) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, String> globals(Sentinel s) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("resolve-hostnames", s.config.resolveHostnames ? "yes" : "no");
        g.put("announce-hostnames", s.config.announceHostnames ? "yes" : "no");
        g.put("announce-ip", s.config.announceIp != null ? s.config.announceIp : "");
        g.put("announce-port", Integer.toString(s.config.announcePort));
        g.put("sentinel-user", s.config.sentinelUser != null ? s.config.sentinelUser : "");
        g.put("sentinel-pass", s.config.sentinelPass != null ? s.config.sentinelPass : "");
        g.put("loglevel", s.config.loglevel);
        return g;
    }

    static void config(Sentinel s, String[] a, RespWriter w) {
        String sub = a[2].toLowerCase(Locale.ROOT);
        if (sub.equals("get")) {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 3; i < a.length; i++) {
                for (Map.Entry<String, String> e : globals(s).entrySet()) {
                    if (Api.glob(a[i].toLowerCase(Locale.ROOT), e.getKey())) out.put(e.getKey(), e.getValue());
                }
            }
            w.stringMap(out);
            return;
        }
        if (!sub.equals("set") || (a.length - 3) % 2 != 0) {
            w.error("ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.");
            return;
        }
        for (int i = 3; i < a.length; i += 2) {
            String k = a[i].toLowerCase(Locale.ROOT), v = a[i + 1];
            boolean ok = switch (k) {
                case "resolve-hostnames", "announce-hostnames" -> v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("no");
                case "announce-port" -> v.matches("\\d{1,5}") && Integer.parseInt(v) <= 65535;
                case "announce-ip", "sentinel-user", "sentinel-pass" -> true;
                case "loglevel" -> v.matches("(?i)debug|verbose|notice|warning|nothing");
                default -> false;
            };
            if (!ok) {
                w.error("ERR Invalid argument '" + v + "' to SENTINEL CONFIG SET '" + a[i] + "'");
                return;
            }
        }
        for (int i = 3; i < a.length; i += 2) {
            String k = a[i].toLowerCase(Locale.ROOT), v = a[i + 1];
            switch (k) {
                case "resolve-hostnames" -> s.config.resolveHostnames = v.equalsIgnoreCase("yes");
                case "announce-hostnames" -> s.config.announceHostnames = v.equalsIgnoreCase("yes");
                case "announce-port" -> s.config.announcePort = Integer.parseInt(v);
                case "announce-ip" -> s.config.announceIp = v.isEmpty() ? null : v;
                case "sentinel-user" -> s.config.sentinelUser = v.isEmpty() ? null : v;
                case "sentinel-pass" -> s.config.sentinelPass = v.isEmpty() ? null : v;
                case "loglevel" -> s.config.loglevel = v.toLowerCase(Locale.ROOT);
                default -> { }
            }
        }
        s.flushConfig();
        w.ok();
    }
}
