package io.redisha.sentinel.monitor;

import io.netty.channel.EventLoop;
import io.redisha.sentinel.config.ConfigRewriter;
import io.redisha.sentinel.config.MasterSpec;
import io.redisha.sentinel.config.SentinelConfig;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sentinel's whole state: its id and epoch, the masters with their replicas and peer
 * sentinels, the timers, TILT. Owned by one event-loop thread; nothing here is locked.
 */
public final class Sentinel {
    private static final Logger log = LoggerFactory.getLogger("sentinel");

    public final SentinelConfig config;
    public final EventLoop loop;
    public final Timers timers = new Timers();
    public final Events events = new Events();
    public final Scripts scripts = new Scripts(this);
    public final Map<String, Instance> masters = new LinkedHashMap<>();
    public final String runId = randomId();  // this process, as INFO shows; myid survives restarts
    public final long startTime = System.currentTimeMillis();
    public String myid;
    public long currentEpoch;
    public boolean tilt;
    public long tiltStartTime;
    long previousTime;
    public long simulateFailureFlags;

    public Sentinel(SentinelConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.myid = config.myid != null ? config.myid : randomId();
        this.currentEpoch = config.currentEpoch;
        this.events.scripts(scripts);
    }

    /** client-reconfig-script: master-name role state from-ip from-port to-ip to-port. */
    public void clientReconfigScript(Instance m, String role, String fromHost, int fromPort, String toHost, int toPort) {
        if (m.clientReconfigScript == null) return;
        scripts.schedule(m.clientReconfigScript, m.name, role, "start", fromHost, Integer.toString(fromPort),
                toHost, Integer.toString(toPort));
    }

    public static String randomId() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public Instance master(String name) {
        return masters.get(name);
    }

    public Instance masterByAddr(String host, int port) {
        for (Instance m : masters.values()) if (m.port == port && m.host.equalsIgnoreCase(host)) return m;
        return null;
    }

    /** The address clients should use: the promoted replica once a failover has reached it. */
    public static String[] currentMasterAddress(Instance m) {
        if (m.is(Instance.FAILOVER_IN_PROGRESS) && m.promotedSlave != null
                && m.failoverState.ordinal() >= io.redisha.sentinel.failover.FailoverState.RECONF_SLAVES.ordinal()) {
            return new String[] {m.promotedSlave.host, Integer.toString(m.promotedSlave.port)};
        }
        return new String[] {m.host, Integer.toString(m.port)};
    }

    /** Raises the current epoch when a peer shows a newer one. */
    public void observeEpoch(long epoch) {
        if (epoch > currentEpoch) {
            currentEpoch = epoch;
            flushConfig();
            events.warnText("+new-epoch", Long.toString(currentEpoch));
        }
    }

    /** Saves the state in the config file; the file is the sentinel's memory across restarts. */
    public void flushConfig() {
        try {
            ConfigRewriter.rewrite(snapshot());
        } catch (IOException e) {
            log.warn("WARNING: Sentinel was not able to save the new configuration on disk!!!: {}", e.getMessage());
        }
    }

    public SentinelConfig snapshot() {
        SentinelConfig c = config;
        c.myid = myid;
        c.currentEpoch = currentEpoch;
        c.masters.clear();
        for (Instance m : masters.values()) {
            String[] addr = currentMasterAddress(m);
            MasterSpec s = new MasterSpec(m.name, addr[0], Integer.parseInt(addr[1]), m.quorum);
            s.downAfterMs = m.downAfterMs;
            s.failoverTimeoutMs = m.failoverTimeoutMs;
            s.parallelSyncs = m.parallelSyncs;
            s.authPass = m.authPass;
            s.authUser = m.authUser;
            s.notificationScript = m.notificationScript;
            s.clientReconfigScript = m.clientReconfigScript;
            s.masterRebootDownAfterMs = m.masterRebootDownAfterMs;
            s.configEpoch = m.configEpoch;
            s.leaderEpoch = m.leaderEpoch;
            s.renamedCommands.putAll(m.renamedCommands);
            for (Instance r : m.replicas.values()) {
                if (r.host.equalsIgnoreCase(addr[0]) && r.port == Integer.parseInt(addr[1])) continue;
                s.knownReplicas.add(new String[] {r.host, Integer.toString(r.port)});
            }
            // During a failover the old master is a replica-to-be of the promoted one.
            if (!(m.host.equalsIgnoreCase(addr[0]) && m.port == Integer.parseInt(addr[1]))) {
                s.knownReplicas.add(new String[] {m.host, Integer.toString(m.port)});
            }
            for (Instance x : m.sentinels.values()) {
                if (x.runid == null) continue;
                s.knownSentinels.add(new String[] {x.host, Integer.toString(x.port), x.runid});
            }
            c.masters.put(m.name, s);
        }
        return c;
    }
}
