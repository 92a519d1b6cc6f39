package io.redisha.sentinel.api;

import io.redisha.sentinel.failover.FailoverState;
import io.redisha.sentinel.monitor.Instance;
import java.util.LinkedHashMap;
import java.util.Map;

/** The field list of SENTINEL MASTER / REPLICAS / SENTINELS, in Redis 7's names and order. */
final class InstanceReply {
    private InstanceReply() {}

    static Map<String, String> of(Instance ri) {
        long now = System.currentTimeMillis();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", ri.name);
        m.put("ip", ri.host);
        m.put("port", Integer.toString(ri.port));
        m.put("runid", ri.runid != null ? ri.runid : "");
        m.put("flags", ri.flagsString());
        m.put("link-pending-commands", Integer.toString(ri.link.pendingCommands()));
        m.put("link-refcount", "1");
        if (ri.is(Instance.FAILOVER_IN_PROGRESS)) m.put("failover-state", ri.failoverState.label);
        m.put("last-ping-sent", Long.toString(ri.link.actPingTime != 0 ? now - ri.link.actPingTime : 0));
        m.put("last-ok-ping-reply", Long.toString(now - ri.link.lastAvailTime));
        m.put("last-ping-reply", Long.toString(now - ri.link.lastPongTime));
        if (ri.is(Instance.S_DOWN)) m.put("s-down-time", Long.toString(now - ri.sDownSince));
        if (ri.is(Instance.O_DOWN)) m.put("o-down-time", Long.toString(now - ri.oDownSince));
        m.put("down-after-milliseconds", Long.toString(ri.downAfterMs));
        if (ri.type != Instance.Type.SENTINEL) {
            m.put("info-refresh", Long.toString(ri.infoRefresh != 0 ? now - ri.infoRefresh : 0));
            m.put("role-reported", ri.roleReported == Instance.Type.MASTER ? "master" : "slave");
            m.put("role-reported-time", Long.toString(now - ri.roleReportedTime));
        }
        switch (ri.type) {
            case MASTER -> {
                m.put("config-epoch", Long.toString(ri.configEpoch));
                m.put("num-slaves", Integer.toString(ri.replicas.size()));
                m.put("num-other-sentinels", Integer.toString(ri.sentinels.size()));
                m.put("quorum", Integer.toString(ri.quorum));
                m.put("failover-timeout", Long.toString(ri.failoverTimeoutMs));
                m.put("parallel-syncs", Integer.toString(ri.parallelSyncs));
                if (ri.notificationScript != null) m.put("notification-script", ri.notificationScript);
                if (ri.clientReconfigScript != null) m.put("client-reconfig-script", ri.clientReconfigScript);
                // Beyond Redis: what became of the last failover attempt, and why it failed.
                if (ri.failoverState != FailoverState.NONE) {
                    m.put("last-failover-outcome", "in-progress");
                    m.put("last-failover-epoch", Long.toString(ri.failoverEpoch));
                } else if (ri.lastFailoverOutcome != null && ri.lastFailoverTime != 0) {
                    m.put("last-failover-outcome", ri.lastFailoverOutcome);
                    m.put("last-failover-epoch", Long.toString(ri.failoverEpoch));
                    m.put("last-failover-time", Long.toString(now - ri.lastFailoverTime));
                    if (ri.lastFailoverReason != null) m.put("last-failover-reason", ri.lastFailoverReason);
                }
            }
            case REPLICA -> {
                m.put("master-link-down-time", Long.toString(ri.masterLinkDownTime));
                m.put("master-link-status", ri.masterLinkUp ? "ok" : "err");
                m.put("master-host", ri.slaveMasterHost != null ? ri.slaveMasterHost : "?");
                m.put("master-port", Integer.toString(ri.slaveMasterPort));
                m.put("slave-priority", Integer.toString(ri.slavePriority));
                m.put("slave-repl-offset", Long.toString(ri.replOffset));
                m.put("replica-announced", ri.replicaAnnounced ? "1" : "0");
            }
            case SENTINEL -> {
                m.put("last-hello-message", Long.toString(ri.lastHelloTime != 0 ? now - ri.lastHelloTime : 0));
                m.put("voted-leader", ri.leader != null ? ri.leader : "?");
                m.put("voted-leader-epoch", Long.toString(ri.leaderEpoch));
            }
        }
        return m;
    }
}
