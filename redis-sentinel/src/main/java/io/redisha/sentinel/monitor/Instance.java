package io.redisha.sentinel.monitor;

import io.redisha.sentinel.failover.FailoverState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A master, replica or other sentinel as this sentinel sees it. Only the owner loop touches it.
 * Flags use Redis's meanings so SENTINEL MASTER can print them in Redis's words.
 */
public final class Instance {
    public enum Type { MASTER, REPLICA, SENTINEL }

    public static final int S_DOWN = 1, O_DOWN = 1 << 1, MASTER_DOWN = 1 << 2, FAILOVER_IN_PROGRESS = 1 << 3,
            PROMOTED = 1 << 4, RECONF_SENT = 1 << 5, RECONF_INPROG = 1 << 6, RECONF_DONE = 1 << 7,
            FORCE_FAILOVER = 1 << 8, MASTER_REBOOT = 1 << 9;

    public final Type type;
    public String name;
    public String host;
    public int port;
    public String runid;
    public int flags;
    public final Instance master;       // for replicas and sentinels
    public final Link link;

    public long downAfterMs;
    public long sDownSince;
    public long oDownSince;
    public long lastPubTime;            // last hello we published through it
    public long lastHelloTime;          // last hello received from it (sentinels)

    // INFO
    public long infoRefresh;
    public String info;
    public Type roleReported;
    public long roleReportedTime;
    public long slaveConfChangeTime;

    // replica details from its INFO
    public long masterLinkDownTime;
    public String slaveMasterHost;
    public int slaveMasterPort;
    public boolean masterLinkUp;
    public int slavePriority = 100;
    public long replOffset;
    public boolean replicaAnnounced = true;
    public long slaveReconfSentTime;

    // sentinel peers: their answer to IS-MASTER-DOWN-BY-ADDR
    public long lastMasterDownReplyTime;
    public boolean askPending;
    public String leader;
    public long leaderEpoch;

    // masters
    public int quorum;
    public int parallelSyncs = 1;
    public long failoverTimeoutMs = 180000;
    public String authPass;
    public String authUser;
    public String notificationScript;
    public String clientReconfigScript;
    public long masterRebootDownAfterMs;
    public long masterRebootSince;
    public long configEpoch;
    public long failoverEpoch;
    public FailoverState failoverState = FailoverState.NONE;
    public long failoverStateChangeTime;
    public long failoverStartTime;
    public long failoverDelayLogged;
    public Instance promotedSlave;
    public final Map<String, Instance> replicas = new LinkedHashMap<>();
    public final Map<String, Instance> sentinels = new LinkedHashMap<>();
    public final Map<String, String> renamedCommands = new LinkedHashMap<>();
    /** Beyond Redis: how the last failover attempt ended, and why when it failed. */
    public String lastFailoverOutcome;
    public String lastFailoverReason;
    public long lastFailoverTime;

    public Instance(Type type, String name, String host, int port, Instance master) {
        this.type = type;
        this.name = name;
        this.host = host;
        this.port = port;
        this.master = master;
        this.link = new Link(this);
        long now = System.currentTimeMillis();
        this.roleReported = type;
        this.roleReportedTime = now;
        this.slaveConfChangeTime = now;
        if (master != null) this.downAfterMs = master.downAfterMs;
    }

    public boolean is(int flag) {
        return (flags & flag) != 0;
    }

    public String address() {
        return host + ":" + port;
    }

    public static String addrName(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The "%@" of Redis's event lines. */
    public String describe() {
        String t = switch (type) {
            case MASTER -> "master";
            case REPLICA -> "slave";
            case SENTINEL -> "sentinel";
        };
        String s = t + " " + name + " " + host + " " + port;
        if (master != null) s += " @ " + master.name + " " + master.host + " " + master.port;
        return s;
    }

    /** Redis's flags field: s_down,o_down,master,... */
    public String flagsString() {
        StringBuilder sb = new StringBuilder();
        if (is(S_DOWN)) sb.append("s_down,");
        if (is(O_DOWN)) sb.append("o_down,");
        sb.append(switch (type) {
            case MASTER -> "master,";
            case REPLICA -> "slave,";
            case SENTINEL -> "sentinel,";
        });
        if (link.disconnected) sb.append("disconnected,");
        if (is(MASTER_DOWN)) sb.append("master_down,");
        if (is(FAILOVER_IN_PROGRESS)) sb.append("failover_in_progress,");
        if (is(PROMOTED)) sb.append("promoted,");
        if (is(RECONF_SENT)) sb.append("reconf_sent,");
        if (is(RECONF_INPROG)) sb.append("reconf_inprog,");
        if (is(RECONF_DONE)) sb.append("reconf_done,");
        if (is(FORCE_FAILOVER)) sb.append("force_failover,");
        if (is(MASTER_REBOOT)) sb.append("master_reboot,");
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    public String command(String name) {
        String r = master != null ? master.renamedCommands.get(name) : renamedCommands.get(name);
        return r != null ? r : name;
    }
}
