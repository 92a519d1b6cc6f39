package io.redisha.sentinel.api;

import io.redisha.sentinel.config.SentinelConfigParser;
import io.redisha.sentinel.failover.ReplicaSelector;
import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Sentinel;
import io.redisha.sentinel.server.Conn;
import io.redisha.sentinel.server.RespWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SENTINEL and its subcommands. */
final class SentinelCommand {
    private static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("ckquorum", 3), Map.entry("config", -4), Map.entry("debug", -2),
            Map.entry("get-master-addr-by-name", 3), Map.entry("help", 2), Map.entry("info-cache", -3),
            Map.entry("is-master-down-by-addr", 6), Map.entry("master", 3), Map.entry("masters", 2),
            Map.entry("monitor", 6), Map.entry("myid", 2), Map.entry("pending-scripts", 2), Map.entry("remove", 3),
            Map.entry("replicas", 3), Map.entry("reset", 3), Map.entry("sentinels", 3), Map.entry("set", -5),
            Map.entry("simulate-failure", -3), Map.entry("slaves", 3), Map.entry("failover", 3),
            Map.entry("flushconfig", 2));

    private final Api api;
    private final Sentinel s;

    SentinelCommand(Api api) {
        this.api = api;
        this.s = api.s;
    }

    void handle(Conn c, String[] a, RespWriter w) {
        String sub = a[1].toLowerCase(Locale.ROOT);
        Integer arity = ARITY.get(sub);
        if (arity == null) {
            w.error("ERR unknown subcommand '" + Api.trim(a[1]) + "'. Try SENTINEL HELP.");
            return;
        }
        if ((arity > 0 && a.length != arity) || (arity < 0 && a.length < -arity)) {
            w.error("ERR wrong number of arguments for 'sentinel|" + sub + "' command");
            return;
        }
        switch (sub) {
            case "masters" -> {
                w.array(s.masters.size());
                for (Instance m : s.masters.values()) w.stringMap(InstanceReply.of(m));
            }
            case "master" -> {
                Instance m = master(a[2], w);
                if (m != null) w.stringMap(InstanceReply.of(m));
            }
            case "replicas", "slaves" -> {
                Instance m = master(a[2], w);
                if (m == null) return;
                w.array(m.replicas.size());
                for (Instance r : m.replicas.values()) w.stringMap(InstanceReply.of(r));
            }
            case "sentinels" -> {
                Instance m = master(a[2], w);
                if (m == null) return;
                w.array(m.sentinels.size());
                for (Instance x : m.sentinels.values()) w.stringMap(InstanceReply.of(x));
            }
            case "myid" -> w.bulk(s.myid);
            case "get-master-addr-by-name" -> {
                Instance m = s.master(a[2]);
                if (m == null) {
                    w.nullArray();
                    return;
                }
                String[] addr = Sentinel.currentMasterAddress(m);
                w.array(2);
                w.bulk(addr[0]);
                w.bulk(addr[1]);
            }
            case "is-master-down-by-addr" -> isMasterDownByAddr(a, w);
            case "failover" -> failover(a, w);
            case "reset" -> {
                int n = 0;
                for (Instance m : new ArrayList<>(s.masters.values())) {
                    if (!Api.glob(a[2], m.name)) continue;
                    api.monitor.resetMaster(m, false, true);
                    n++;
                }
                if (n > 0) s.flushConfig();
                w.integer(n);
            }
            case "ckquorum" -> {
                Instance m = master(a[2], w);
                if (m == null) return;
                String err = ckquorum(m);
                if (err == null) w.simple("OK " + usable(m) + " usable Sentinels. Quorum and failover authorization can be reached");
                else w.error("NOQUORUM " + err);
            }
            case "monitor" -> monitor(a, w);
            case "remove" -> {
                Instance m = master(a[2], w);
                if (m == null) return;
                api.monitor.resetMaster(m, false, false);
                s.masters.remove(m.name);
                s.events.warn("-monitor", m, null);
                s.flushConfig();
                w.ok();
            }
            case "set" -> SentinelSet.handle(s, a, w);
            case "flushconfig" -> {
                s.flushConfig();
                w.ok();
            }
            case "config" -> SentinelSet.config(s, a, w);
            case "info-cache" -> infoCache(a, w);
            case "debug" -> debug(a, w);
            case "pending-scripts" -> pendingScripts(w);
            case "simulate-failure" -> {
                for (int i = 2; i < a.length; i++) {
                    String f = a[i].toLowerCase(Locale.ROOT);
                    if (f.equals("crash-after-election")) s.simulateFailureFlags |= 1;
                    else if (f.equals("crash-after-promotion")) s.simulateFailureFlags |= 2;
                    else if (f.equals("help")) {
                        w.bulks(List.of("crash-after-election", "crash-after-promotion"));
                        return;
                    } else {
                        w.error("ERR Unknown failure simulation specified");
                        return;
                    }
                }
                w.ok();
            }
            case "help" -> w.bulks(List.of(
                    "SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "CKQUORUM <master-name>", "    Check if the current Sentinel configuration is able to reach the quorum",
                    "    needed to failover a master and the majority needed to authorize the",
                    "    failover.",
                    "CONFIG SET <param> <value> [<param> <value>...]", "    Set a global Sentinel configuration parameter.",
                    "CONFIG GET <param> [param param param...]", "    Get global Sentinel configuration parameter.",
                    "DEBUG [<param> <value> ...]", "    Show a list of configurable time parameters and their values (milliseconds).",
                    "    Or update current configurable parameters values (one or more).",
                    "GET-MASTER-ADDR-BY-NAME <master-name>", "    Return the ip and port number of the master with that name.",
                    "FAILOVER <master-name>", "    Manually failover a master node without asking for agreement from other",
                    "    Sentinels",
                    "FLUSHCONFIG", "    Force Sentinel to rewrite its configuration on disk, including the current",
                    "    Sentinel state.",
                    "INFO-CACHE <master-name>", "    Return last cached INFO output from masters and all its replicas.",
                    "IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>",
                    "    Check if the master specified by ip:port is down from current Sentinel's",
                    "    point of view.",
                    "MASTER <master-name>", "    Show the state and info of the specified master.",
                    "MASTERS", "    Show a list of monitored masters and their state.",
                    "MONITOR <name> <ip> <port> <quorum>", "    Start monitoring a new master with the specified name, ip, port and quorum.",
                    "MYID", "    Return the ID of the Sentinel instance.",
                    "PENDING-SCRIPTS", "    Get pending scripts information.",
                    "REMOVE <master-name>", "    Remove master from Sentinel's monitor list.",
                    "REPLICAS <master-name>", "    Show a list of replicas for this master and their state.",
                    "RESET <pattern>", "    Reset masters for specific master name matching this pattern.",
                    "SENTINELS <master-name>", "    Show a list of Sentinel instances for this master and their state.",
                    "SET <master-name> <option> <value> [<option> <value> ...]",
                    "    Set configuration parameters for certain masters.",
                    "SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]",
                    "    Simulate a Sentinel crash.",
                    "HELP", "    Print this help."));
            default -> w.error("ERR unknown subcommand '" + Api.trim(a[1]) + "'. Try SENTINEL HELP.");
        }
    }

    private void pendingScripts(RespWriter w) {
        long now = System.currentTimeMillis();
        List<io.redisha.sentinel.monitor.Scripts.Job> jobs = s.scripts.jobs();
        w.array(jobs.size());
        for (io.redisha.sentinel.monitor.Scripts.Job j : jobs) {
            w.map(5);
            w.bulk("argv");
            w.bulks(List.of(j.argv));
            w.bulk("flags");
            w.bulk(j.running() ? "running" : "scheduled");
            w.bulk("pid");
            w.bulk(j.running() ? Long.toString(j.process.pid()) : "0");
            if (j.running()) {
                w.bulk("run-time");
                w.bulk(Long.toString(now - j.startTime));
            } else {
                w.bulk("run-delay");
                w.bulk(Long.toString(Math.max(0, j.startAfter - now)));
            }
            w.bulk("retry-num");
            w.bulk(Integer.toString(j.retry));
        }
    }

    private Instance master(String name, RespWriter w) {
        Instance m = s.master(name);
        if (m == null) w.error("ERR No such master with that name");
        return m;
    }

    private void isMasterDownByAddr(String[] a, RespWriter w) {
        long port, epoch;
        try {
            port = Long.parseLong(a[3]);
            epoch = Long.parseLong(a[4]);
        } catch (NumberFormatException e) {
            w.error("ERR value is not an integer or out of range");
            return;
        }
        Instance m = s.masterByAddr(a[2], (int) port);
        boolean down = !s.tilt && m != null && m.is(Instance.S_DOWN);
        String leader = null;
        long leaderEpoch = 0;
        if (m != null && !a[5].equals("*")) {
            leader = api.monitor.failover().election().vote(m, epoch, a[5]);
            leaderEpoch = m.leaderEpoch;
        }
        w.array(3);
        w.integer(down ? 1 : 0);
        w.bulk(leader != null ? leader : "*");
        w.integer(leader != null ? leaderEpoch : 0);
    }

    private void failover(String[] a, RespWriter w) {
        Instance m = master(a[2], w);
        if (m == null) return;
        if (m.is(Instance.FAILOVER_IN_PROGRESS)) {
            w.error("INPROG Failover already in progress");
            return;
        }
        if (ReplicaSelector.select(m, s.timers) == null) {
            w.error("NOGOODSLAVE No suitable replica to promote");
            return;
        }
        org.slf4j.LoggerFactory.getLogger("sentinel").warn("Executing user requested FAILOVER of '{}'", m.name);
        // SENTINEL FAILOVER needs no agreement: we lead it ourselves.
        api.monitor.failover().start(m, true);
        w.ok();
    }

    private int usable(Instance m) {
        int n = 1;
        for (Instance x : m.sentinels.values()) if (!x.is(Instance.S_DOWN | Instance.O_DOWN) && !x.link.disconnected) n++;
        return n;
    }

    private String ckquorum(Instance m) {
        int voters = m.sentinels.size() + 1;
        int usable = usable(m);
        if (usable < m.quorum) {
            return usable + " usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master";
        }
        if (usable < voters / 2 + 1) {
            return usable + " usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover";
        }
        return null;
    }

    private void monitor(String[] a, RespWriter w) {
        long quorum, port;
        try {
            quorum = Long.parseLong(a[5]);
        } catch (NumberFormatException e) {
            w.error("ERR value is not an integer or out of range");
            return;
        }
        if (quorum <= 0) {
            w.error("ERR Quorum must be 1 or greater.");
            return;
        }
        try {
            port = Long.parseLong(a[4]);
        } catch (NumberFormatException e) {
            w.error("ERR value is not an integer or out of range");
            return;
        }
        if (port < 0 || port > 65535) {
            w.error("ERR Invalid port number.");
            return;
        }
        if (!SentinelConfigParser.validHost(a[3], s.config.resolveHostnames)) {
            w.error("ERR Invalid IP address or hostname specified");
            return;
        }
        if (s.master(a[2]) != null) {
            w.error("ERR Duplicated master name");
            return;
        }
        Instance m = api.monitor.createMaster(a[2], a[3], (int) port, (int) quorum);
        s.flushConfig();
        s.events.warn("+monitor", m, "quorum " + quorum);
        w.ok();
    }

    private void infoCache(String[] a, RespWriter w) {
        List<Instance> ms = new ArrayList<>();
        if (a.length == 2) ms.addAll(s.masters.values());
        for (int i = 2; i < a.length; i++) {
            Instance m = s.master(a[i]);
            if (m != null) ms.add(m);
        }
        long now = System.currentTimeMillis();
        w.array(ms.size() * 2);
        for (Instance m : ms) {
            w.bulk(m.name);
            List<Instance> all = new ArrayList<>();
            all.add(m);
            all.addAll(m.replicas.values());
            w.array(all.size());
            for (Instance ri : all) {
                w.array(2);
                w.integer(ri.infoRefresh != 0 ? now - ri.infoRefresh : 0);
                if (ri.info == null) w.nullBulk(); else w.bulk(ri.info);
            }
        }
    }

    private void debug(String[] a, RespWriter w) {
        if (a.length == 2) {
            Map<String, Long> m = s.timers.asMap();
            w.map(m.size());
            for (Map.Entry<String, Long> e : m.entrySet()) {
                w.bulk(e.getKey());
                w.bulk(Long.toString(e.getValue()));
            }
            return;
        }
        if ((a.length - 2) % 2 != 0) {
            w.error("ERR wrong number of arguments for 'sentinel|debug' command");
            return;
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 2; i < a.length; i += 2) {
            long v;
            try {
                v = Long.parseLong(a[i + 1]);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v <= 0) {
                w.error("ERR Invalid argument '" + a[i + 1] + "' for SENTINEL DEBUG '" + a[i] + "'");
                return;
            }
            if (!s.timers.asMap().containsKey(a[i].toUpperCase(Locale.ROOT))) {
                w.error("ERR Unknown option or number of arguments for SENTINEL DEBUG '" + a[i] + "'");
                return;
            }
            values.put(a[i], v);
        }
        for (Map.Entry<String, Long> e : values.entrySet()) s.timers.set(e.getKey(), e.getValue());
        w.ok();
    }
}
