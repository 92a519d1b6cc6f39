package io.redisha.sentinel.monitor;

import io.redisha.common.resp.RespClient;
import io.redisha.common.resp.RespError;
import io.redisha.sentinel.config.MasterSpec;
import io.redisha.sentinel.failover.Failover;
import io.redisha.sentinel.failover.FailoverState;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Watches every instance: keeps links up, sends PING (1 s), INFO (10 s, 1 s around a failover)
 * and hello (2 s), learns replicas from INFO and peer sentinels from hello, and decides SDOWN
 * and ODOWN. Runs on the sentinel's loop, a tick every 100 ms, like Redis's sentinelTimer.
 */
public final class Monitor {
    public static final String HELLO_CHANNEL = "__sentinel__:hello";
    private static final int MAX_PENDING = 100;

    private final Sentinel s;
    private Failover failover;

    public Monitor(Sentinel s) {
        this.s = s;
    }

    public void failover(Failover f) {
        this.failover = f;
    }

    public Failover failover() {
        return failover;
    }

    // ---- instances

    /** Creates the masters (and known replicas and sentinels) the config file lists. */
    public void load() {
        for (MasterSpec spec : s.config.masters.values()) {
            Instance m = createMaster(spec.name, spec.host, spec.port, spec.quorum);
            m.downAfterMs = spec.downAfterMs;
            m.failoverTimeoutMs = spec.failoverTimeoutMs;
            m.parallelSyncs = spec.parallelSyncs;
            m.authPass = spec.authPass;
            m.authUser = spec.authUser;
            m.notificationScript = spec.notificationScript;
            m.clientReconfigScript = spec.clientReconfigScript;
            m.masterRebootDownAfterMs = spec.masterRebootDownAfterMs;
            m.configEpoch = spec.configEpoch;
            m.leaderEpoch = spec.leaderEpoch;
            m.renamedCommands.putAll(spec.renamedCommands);
            for (String[] r : spec.knownReplicas) addReplica(m, r[0], Integer.parseInt(r[1]), false);
            for (String[] x : spec.knownSentinels) {
                Instance si = new Instance(Instance.Type.SENTINEL, x[2], x[0], Integer.parseInt(x[1]), m);
                si.runid = x[2];
                m.sentinels.put(x[2], si);
            }
        }
    }

    public Instance createMaster(String name, String host, int port, int quorum) {
        Instance m = new Instance(Instance.Type.MASTER, name, host, port, null);
        m.quorum = quorum;
        m.downAfterMs = s.timers.defaultDownAfter;
        m.failoverTimeoutMs = s.timers.defaultFailoverTimeout;
        s.masters.put(name, m);
        return m;
    }

    public Instance addReplica(Instance m, String host, int port, boolean announce) {
        String name = Instance.addrName(host, port);
        Instance r = m.replicas.get(name);
        if (r != null) return r;
        r = new Instance(Instance.Type.REPLICA, name, host, port, m);
        m.replicas.put(name, r);
        if (announce) s.events.notice("+slave", r, null);
        return r;
    }

    /** Forgets replicas, failover state and (unless keepSentinels) peers: SENTINEL RESET and a switch. */
    public void resetMaster(Instance m, boolean keepSentinels, boolean event) {
        for (Instance r : m.replicas.values()) r.link.close();
        m.replicas.clear();
        if (!keepSentinels) {
            for (Instance x : m.sentinels.values()) x.link.close();
            m.sentinels.clear();
        } else {
            for (Instance x : m.sentinels.values()) {
                x.flags &= ~Instance.MASTER_DOWN;
                x.leader = null;
            }
        }
        m.link.close();
        m.link.lastReconnTime = 0;
        m.flags = 0;
        m.failoverState = FailoverState.NONE;
        m.failoverStateChangeTime = 0;
        m.failoverStartTime = 0;
        m.promotedSlave = null;
        m.runid = null;
        m.sDownSince = 0;
        m.oDownSince = 0;
        m.info = null;
        m.infoRefresh = 0;
        m.lastPubTime = 0;
        long now = System.currentTimeMillis();
        m.roleReported = Instance.Type.MASTER;
        m.roleReportedTime = now;
        m.link.actPingTime = 0;
        m.link.lastAvailTime = now;
        m.link.lastPongTime = now;
        if (event) s.events.warn("+reset-master", m, null);
    }

    /** After a failover (ours or learned from a peer): the master is now at host:port. */
    public void changeAddress(Instance m, String host, int port) {
        List<String[]> replicas = new ArrayList<>();
        for (Instance r : m.replicas.values()) {
            if (r.host.equalsIgnoreCase(host) && r.port == port) continue;
            replicas.add(new String[] {r.host, Integer.toString(r.port)});
        }
        if (!(m.host.equalsIgnoreCase(host) && m.port == port)) {
            replicas.add(new String[] {m.host, Integer.toString(m.port)});
        }
        resetMaster(m, true, false);
        m.host = host;
        m.port = port;
        for (String[] r : replicas) {
            Instance ri = addReplica(m, r[0], Integer.parseInt(r[1]), true);
            // The old master is usually still down: count its silence from now.
            ri.link.lastAvailTime = System.currentTimeMillis();
        }
        s.flushConfig();
    }

    // ---- the timer

    public void tick() {
        long now = System.currentTimeMillis();
        checkTilt(now);
        s.scripts.tick();
        Instance toSwitch = null;
        for (Instance m : new ArrayList<>(s.masters.values())) {
            if (s.masters.get(m.name) != m) continue;
            handle(m);
            for (Instance r : new ArrayList<>(m.replicas.values())) handle(r);
            for (Instance x : new ArrayList<>(m.sentinels.values())) handle(x);
            if (m.failoverState == FailoverState.UPDATE_CONFIG) toSwitch = m;
        }
        if (toSwitch != null) failover.switchToPromoted(toSwitch);
    }

    private void checkTilt(long now) {
        if (s.previousTime == 0) s.previousTime = now;
        long delta = now - s.previousTime;
        if (delta < 0 || delta > s.timers.tiltTrigger) {
            // The clock jumped or the process stalled: our timings can't be trusted for a while.
            if (!s.tilt) {
                s.tilt = true;
                s.events.warnText("+tilt", "#tilt mode entered");
            }
            s.tiltStartTime = now;
        }
        s.previousTime = now;
    }

    /** SENTINEL DEBUG can shorten the tilt period; tests and operators can also force it. */
    public void enterTilt() {
        s.tilt = true;
        s.tiltStartTime = System.currentTimeMillis();
        s.events.warnText("+tilt", "#tilt mode entered");
    }

    private void handle(Instance ri) {
        reconnect(ri);
        sendPeriodic(ri);
        if (s.tilt) {
            if (System.currentTimeMillis() - s.tiltStartTime < s.timers.tiltPeriod) return;
            s.tilt = false;
            s.events.warnText("-tilt", "#tilt mode exited");
        }
        checkSubjectivelyDown(ri);
        if (ri.type == Instance.Type.MASTER) {
            checkObjectivelyDown(ri);
            failover.onTick(ri);
        }
    }

    // ---- links

    /** Connects whichever of the two connections is missing (both at first, one after a kill). */
    private void reconnect(Instance ri) {
        Link l = ri.link;
        if (!l.disconnected || l.connecting || ri.port == 0) return;
        long now = System.currentTimeMillis();
        if (now - l.lastReconnTime < s.timers.pingPeriod) return;
        l.lastReconnTime = now;
        l.connecting = true;
        boolean wantPubsub = ri.type != Instance.Type.SENTINEL;
        InetSocketAddress local = sourceAddress();
        CompletableFuture<RespClient> cc = l.cmd == null ? RespClient.connect(s.loop, ri.host, ri.port, local, 1000)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<RespClient> pc = wantPubsub && l.pubsub == null
                ? RespClient.connect(s.loop, ri.host, ri.port, local, 1000) : CompletableFuture.completedFuture(null);
        cc.whenComplete((c, e1) -> pc.whenComplete((p, e2) -> s.loop.execute(() -> {
            if (!l.connecting) {
                // The link was closed or reset meanwhile.
                if (c != null) c.close();
                if (p != null) p.close();
                return;
            }
            l.connecting = false;
            if (c != null) cmdUp(ri, c);
            if (p != null) pubsubUp(ri, p);
            l.disconnected = l.cmd == null || (wantPubsub && l.pubsub == null);
        })));
    }

    /**
     * Outgoing links leave from the first bound address when it is a specific one, so peers see
     * (and our hello announces) the address this sentinel serves on, as on a real host.
     */
    private InetSocketAddress sourceAddress() {
        if (s.config.bind.isEmpty()) return null;
        String a = s.config.bind.get(0);
        if (a.startsWith("-")) a = a.substring(1);
        if (a.equals("*") || a.equals("::*") || a.equals("0.0.0.0") || a.equals("::")
                || !io.redisha.sentinel.config.SentinelConfigParser.isIpLiteral(a)) {
            return null;
        }
        return new InetSocketAddress(a, 0);
    }

    private void cmdUp(Instance ri, RespClient c) {
        Link l = ri.link;
        l.cmd = c;
        l.ccConnTime = System.currentTimeMillis();
        c.onClose(() -> s.loop.execute(() -> {
            if (l.cmd == c) l.lost();
        }));
        auth(ri, c);
        c.send(ri.command("CLIENT"), "SETNAME", "sentinel-" + s.myid.substring(0, 8) + "-cmd");
        sendPing(ri);
    }

    private void pubsubUp(Instance ri, RespClient p) {
        Link l = ri.link;
        long now = System.currentTimeMillis();
        l.pubsub = p;
        l.pcConnTime = now;
        l.pcLastActivity = now;
        p.onClose(() -> s.loop.execute(() -> {
            if (l.pubsub == p) l.closePubsub();
        }));
        auth(ri, p);
        p.send(ri.command("CLIENT"), "SETNAME", "sentinel-" + s.myid.substring(0, 8) + "-pubsub");
        p.onPush(msg -> {
            l.pcLastActivity = System.currentTimeMillis();
            if (msg.size() == 3 && "message".equals(RespClient.text(msg.get(0)))
                    && HELLO_CHANNEL.equals(RespClient.text(msg.get(1)))) {
                processHello(RespClient.text(msg.get(2)));
            }
        });
        p.send(ri.command("SUBSCRIBE"), HELLO_CHANNEL);
    }

    private void auth(Instance ri, RespClient c) {
        String user, pass;
        if (ri.type == Instance.Type.SENTINEL) {
            user = s.config.sentinelUser;
            pass = s.config.sentinelPass != null ? s.config.sentinelPass : s.config.requirepass;
        } else {
            Instance m = ri.type == Instance.Type.MASTER ? ri : ri.master;
            user = m.authUser;
            pass = m.authPass;
        }
        if (pass == null) return;
        if (user != null) c.send(ri.command("AUTH"), user, pass);
        else c.send(ri.command("AUTH"), pass);
    }

    // ---- periodic commands

    private void sendPeriodic(Instance ri) {
        Link l = ri.link;
        if (l.disconnected || l.cmd == null) return;
        if (l.pendingCommands() >= MAX_PENDING) return;
        long now = System.currentTimeMillis();
        long infoPeriod = s.timers.infoPeriod;
        Instance m = ri.type == Instance.Type.MASTER ? ri : ri.master;
        if (ri.type != Instance.Type.SENTINEL
                && (m.is(Instance.O_DOWN | Instance.FAILOVER_IN_PROGRESS) || ri.masterLinkDownTime != 0)) {
            infoPeriod = Math.min(infoPeriod, 1000);
        }
        long pingPeriod = Math.min(ri.downAfterMs, s.timers.pingPeriod);
        if (ri.type != Instance.Type.SENTINEL && !infoPending(ri)
                && (ri.infoRefresh == 0 || now - ri.infoRefresh > infoPeriod)) {
            sendInfo(ri);
        }
        if (now - l.lastPongTime > pingPeriod && now - l.lastPingTime > pingPeriod / 2) sendPing(ri);
        if (now - ri.lastPubTime > s.timers.publishPeriod && !helloPending(ri)) sendHello(ri);
    }

    private final java.util.Set<Instance> infoInFlight = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final java.util.Set<Instance> helloInFlight = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private boolean infoPending(Instance ri) {
        return infoInFlight.contains(ri);
    }

    private boolean helloPending(Instance ri) {
        return helloInFlight.contains(ri);
    }

    public void sendPing(Instance ri) {
        Link l = ri.link;
        RespClient c = l.cmd;
        if (c == null) return;
        long now = System.currentTimeMillis();
        l.lastPingTime = now;
        if (l.actPingTime == 0) l.actPingTime = now;
        c.send(ri.command("PING")).whenComplete((r, e) -> {
            if (e != null) return;
            long t = System.currentTimeMillis();
            boolean valid = "PONG".equals(r) || (r instanceof RespError err
                    && (err.code().equals("LOADING") || err.code().equals("MASTERDOWN")));
            if (valid) {
                l.lastAvailTime = t;
                l.actPingTime = 0;
            }
            l.lastPongTime = t;
        });
    }

    public void sendInfo(Instance ri) {
        RespClient c = ri.link.cmd;
        if (c == null) return;
        infoInFlight.add(ri);
        c.send(ri.command("INFO")).whenComplete((r, e) -> {
            infoInFlight.remove(ri);
            if (e == null && r instanceof byte[] b) refreshInfo(ri, new String(b, java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    /** PUBLISH our hello through a master, replica or peer sentinel. */
    private void sendHello(Instance ri) {
        RespClient c = ri.link.cmd;
        if (c == null) return;
        Instance m = ri.type == Instance.Type.MASTER ? ri : ri.master;
        String[] addr = Sentinel.currentMasterAddress(m);
        String ip = s.config.announceIp;
        if (ip == null) {
            InetSocketAddress local = c.localAddress();
            if (local == null) return;
            ip = local.getAddress().getHostAddress();
        }
        int port = s.config.announcePort != 0 ? s.config.announcePort : s.config.port;
        String payload = ip + "," + port + "," + s.myid + "," + s.currentEpoch + "," + m.name + ","
                + addr[0] + "," + addr[1] + "," + m.configEpoch;
        helloInFlight.add(ri);
        c.send(ri.command("PUBLISH"), HELLO_CHANNEL, payload).whenComplete((r, e) -> {
            helloInFlight.remove(ri);
            if (e == null && !(r instanceof RespError)) ri.lastPubTime = System.currentTimeMillis();
        });
    }

    /** Sends our hello to every peer at once, so a new leader's config spreads without waiting. */
    public void helloNow(Instance m) {
        m.lastPubTime = 0;
        for (Instance r : m.replicas.values()) r.lastPubTime = 0;
        for (Instance x : m.sentinels.values()) x.lastPubTime = 0;
    }

    /**
     * MULTI; REPLICAOF host port (or NO ONE); CONFIG REWRITE; CLIENT KILL TYPE normal/pubsub; EXEC,
     * as Redis 7's sentinel does. A node that cannot queue CONFIG REWRITE aborts the transaction:
     * then the role change is sent again on its own, as that is what matters.
     */
    public boolean sendReplicaOf(Instance ri, String host, int port) {
        RespClient c = ri.link.cmd;
        if (c == null || ri.link.disconnected) return false;
        String h = host == null ? "NO" : host;
        String p = host == null ? "ONE" : Integer.toString(port);
        c.send(ri.command("MULTI"));
        c.send(ri.command("REPLICAOF"), h, p);
        c.send(ri.command("CONFIG"), "REWRITE");
        c.send(ri.command("CLIENT"), "KILL", "TYPE", "normal");
        c.send(ri.command("CLIENT"), "KILL", "TYPE", "pubsub");
        c.send(ri.command("EXEC")).whenComplete((r, e) -> {
            if (e == null && r instanceof RespError) {
                RespClient again = ri.link.cmd;
                if (again != null) {
                    again.send(ri.command("REPLICAOF"), h, p);
                    again.send(ri.command("CLIENT"), "KILL", "TYPE", "normal");
                }
            }
        });
        return true;
    }

    // ---- INFO

    private void refreshInfo(Instance ri, String info) {
        long now = System.currentTimeMillis();
        // Whether the last INFO before this one showed a replica: a change we then witnessed.
        boolean wasReplica = ri.infoRefresh != 0 && ri.roleReported == Instance.Type.REPLICA;
        ri.info = info;
        ri.infoRefresh = now;
        Instance.Type role = null;
        boolean newReplicas = false;
        ri.masterLinkDownTime = 0;
        for (String raw : info.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("run_id:") && line.length() == 47) {
                String id = line.substring(7);
                if (ri.runid != null && !ri.runid.equals(id)) {
                    s.events.notice("+reboot", ri, null);
                    // master-reboot-down-after-period: a master that restarted counts as down for
                    // a while, so a failover can still happen if it came back empty.
                    if (ri.type == Instance.Type.MASTER && ri.masterRebootDownAfterMs > 0) {
                        ri.flags |= Instance.MASTER_REBOOT;
                        ri.masterRebootSince = now;
                    }
                }
                ri.runid = id;
            } else if (ri.type == Instance.Type.MASTER && line.startsWith("slave") && line.contains(":ip=")) {
                String[] kv = parseSlaveLine(line.substring(line.indexOf(':') + 1));
                if (kv != null && !ri.replicas.containsKey(Instance.addrName(kv[0], Integer.parseInt(kv[1])))) {
                    addReplica(ri, kv[0], Integer.parseInt(kv[1]), true);
                    newReplicas = true;
                }
            } else if (line.startsWith("master_link_down_since_seconds:")) {
                ri.masterLinkDownTime = parseLong(line.substring(31), -1) * 1000;
            } else if (line.equals("role:master")) {
                role = Instance.Type.MASTER;
            } else if (line.equals("role:slave")) {
                role = Instance.Type.REPLICA;
            } else if (line.startsWith("master_host:")) {
                String h = line.substring(12);
                if (ri.slaveMasterHost == null || !ri.slaveMasterHost.equalsIgnoreCase(h)) {
                    ri.slaveMasterHost = h;
                    ri.slaveConfChangeTime = now;
                }
            } else if (line.startsWith("master_port:")) {
                int p = (int) parseLong(line.substring(12), 0);
                if (ri.slaveMasterPort != p) {
                    ri.slaveMasterPort = p;
                    ri.slaveConfChangeTime = now;
                }
            } else if (line.startsWith("master_link_status:")) {
                ri.masterLinkUp = line.substring(19).equalsIgnoreCase("up");
            } else if (line.startsWith("slave_priority:") || line.startsWith("replica_priority:")) {
                ri.slavePriority = (int) parseLong(line.substring(line.indexOf(':') + 1), 100);
            } else if (line.startsWith("slave_repl_offset:")) {
                ri.replOffset = parseLong(line.substring(18), 0);
            } else if (line.startsWith("replica_announced:")) {
                ri.replicaAnnounced = !line.substring(18).equals("0");
            }
        }
        if (newReplicas) s.flushConfig();
        if (role != null && role != ri.roleReported) {
            ri.roleReported = role;
            ri.roleReportedTime = now;
            if (role == Instance.Type.REPLICA) ri.slaveConfChangeTime = now;
        }
        if (s.tilt) return;
        if (ri.type == Instance.Type.REPLICA && role == Instance.Type.MASTER) {
            failover.replicaReportsMaster(ri, wasReplica);
        }
        if (ri.type == Instance.Type.REPLICA && role == Instance.Type.REPLICA) {
            failover.replicaReportsReplica(ri);
        }
    }

    /** "ip=1.2.3.4,port=6379,state=online,..." (Redis 2.8+) or the old "ip,port,state". */
    static String[] parseSlaveLine(String v) {
        String ip = null, port = null;
        if (v.contains("=")) {
            for (String kv : v.split(",")) {
                if (kv.startsWith("ip=")) ip = kv.substring(3);
                else if (kv.startsWith("port=")) port = kv.substring(5);
            }
        } else {
            String[] p = v.split(",");
            if (p.length >= 2) {
                ip = p[0];
                port = p[1];
            }
        }
        if (ip == null || port == null || parseLong(port, -1) <= 0) return null;
        return new String[] {ip, port};
    }

    static long parseLong(String s, long dflt) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    // ---- hello

    /** ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch */
    public void processHello(String hello) {
        if (hello == null) return;
        String[] t = hello.split(",");
        if (t.length != 8) return;
        String runid = t[2].toLowerCase(Locale.ROOT);
        if (runid.equals(s.myid)) return;
        Instance m = s.master(t[4]);
        if (m == null) return;
        int port = (int) parseLong(t[1], -1);
        int masterPort = (int) parseLong(t[6], -1);
        long epoch = parseLong(t[3], -1);
        long masterConfigEpoch = parseLong(t[7], -1);
        if (port <= 0 || masterPort <= 0 || epoch < 0 || masterConfigEpoch < 0) return;
        String ip = t[0];
        Instance si = null;
        for (Instance x : m.sentinels.values()) {
            if (x.runid != null && x.runid.equals(runid) && x.host.equalsIgnoreCase(ip) && x.port == port) si = x;
        }
        if (si == null) {
            // The same sentinel at a new address, or a new sentinel where another one was.
            if (removeSentinelEverywhere(runid, ip, port)) s.flushConfig();
            for (Instance x : new ArrayList<>(m.sentinels.values())) {
                if (x.host.equalsIgnoreCase(ip) && x.port == port) {
                    m.sentinels.remove(x.name);
                    x.link.close();
                    s.events.notice("+sentinel-invalid-addr", x, null);
                }
            }
            si = new Instance(Instance.Type.SENTINEL, runid, ip, port, m);
            si.runid = runid;
            m.sentinels.put(runid, si);
            s.events.notice("+sentinel", si, null);
            s.flushConfig();
        }
        s.observeEpoch(epoch);
        if (m.configEpoch < masterConfigEpoch) {
            m.configEpoch = masterConfigEpoch;
            if (masterPort != m.port || !t[5].equalsIgnoreCase(m.host)) {
                s.events.warn("+config-update-from", si, null);
                s.events.warn("+switch-master", null, m.name + " " + m.host + " " + m.port + " " + t[5] + " " + masterPort);
                String oldHost = m.host;
                int oldPort = m.port;
                changeAddress(m, t[5], masterPort);
                s.clientReconfigScript(m, "observer", oldHost, oldPort, m.host, m.port);
            } else {
                s.flushConfig();
            }
        }
        si.lastHelloTime = System.currentTimeMillis();
    }

    /** A restarted sentinel announcing itself from another address replaces its old entry everywhere. */
    private boolean removeSentinelEverywhere(String runid, String ip, int port) {
        boolean removed = false;
        for (Instance m : s.masters.values()) {
            Instance old = m.sentinels.get(runid);
            if (old != null && !(old.host.equalsIgnoreCase(ip) && old.port == port)) {
                m.sentinels.remove(runid);
                old.link.close();
                s.events.warn("-dup-sentinel", m, "#duplicate of " + ip + ":" + port + " or " + runid);
                removed = true;
            }
        }
        return removed;
    }

    // ---- SDOWN / ODOWN

    private void checkSubjectivelyDown(Instance ri) {
        Link l = ri.link;
        long now = System.currentTimeMillis();
        long elapsed = 0;
        if (l.actPingTime != 0) elapsed = now - l.actPingTime;
        else if (l.disconnected) elapsed = now - l.lastAvailTime;
        // A connection that stopped answering is replaced before the instance is judged down.
        if (l.cmd != null && now - l.ccConnTime > s.timers.minLinkReconnectPeriod && l.actPingTime != 0
                && now - l.actPingTime > ri.downAfterMs / 2 && now - l.lastPongTime > ri.downAfterMs / 2) {
            l.closeCmd();
        }
        if (l.pubsub != null && now - l.pcConnTime > s.timers.minLinkReconnectPeriod
                && now - l.pcLastActivity > s.timers.publishPeriod * 3) {
            l.closePubsub();
        }
        if (ri.is(Instance.MASTER_REBOOT) && now - ri.masterRebootSince > ri.masterRebootDownAfterMs) {
            ri.flags &= ~Instance.MASTER_REBOOT;
        }
        boolean down = elapsed > ri.downAfterMs || ri.is(Instance.MASTER_REBOOT)
                || (ri.type == Instance.Type.MASTER && ri.roleReported == Instance.Type.REPLICA
                    && now - ri.roleReportedTime > ri.downAfterMs + s.timers.infoPeriod * 2);
        if (down) {
            if (!ri.is(Instance.S_DOWN)) {
                s.events.warn("+sdown", ri, null);
                ri.sDownSince = now;
                ri.flags |= Instance.S_DOWN;
                if (ri.type == Instance.Type.MASTER) {
                    // Ask the peers at once rather than on the next tick: the failover starts sooner.
                    failover.election().askMasterState(ri, true);
                    // Fresh replica offsets for the choice of replica: their INFO is otherwise up
                    // to 10 s old, and older than 5 s rules a replica out.
                    for (Instance r : ri.replicas.values()) {
                        if (!infoPending(r)) sendInfo(r);
                    }
                }
            }
        } else if (ri.is(Instance.S_DOWN)) {
            s.events.warn("-sdown", ri, null);
            ri.flags &= ~Instance.S_DOWN;
        }
    }

    /** Our SDOWN plus the peers' master_down answers, against the quorum. */
    public void checkObjectivelyDown(Instance m) {
        int agree = 0;
        boolean odown = false;
        if (m.is(Instance.S_DOWN)) {
            agree = 1;
            for (Instance x : m.sentinels.values()) if (x.is(Instance.MASTER_DOWN)) agree++;
            odown = agree >= m.quorum;
        }
        if (odown) {
            if (!m.is(Instance.O_DOWN)) {
                s.events.warn("+odown", m, "#quorum " + agree + "/" + m.quorum);
                m.flags |= Instance.O_DOWN;
                m.oDownSince = System.currentTimeMillis();
            }
        } else if (m.is(Instance.O_DOWN)) {
            s.events.warn("-odown", m, null);
            m.flags &= ~Instance.O_DOWN;
        }
    }
}
