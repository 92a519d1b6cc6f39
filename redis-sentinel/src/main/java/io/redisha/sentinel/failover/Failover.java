package io.redisha.sentinel.failover;

import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Monitor;
import io.redisha.sentinel.monitor.Sentinel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How failover works, in one place. Once a master is ODOWN a sentinel starts a failover in a new
 * epoch (+new-epoch, +try-failover) and asks its peers to vote for it. Elected (+elected-leader),
 * it selects a replica (+selected-slave), promotes it (+failover-state-send-slaveof-noone, then
 * +promoted-slave when INFO shows role:master), points the other replicas at it, at most
 * parallel-syncs at a time (+slave-reconf-sent, -inprog, -done), and switches its view
 * (+failover-end, +switch-master). Peers learn the new configuration from its hello messages,
 * which carry the failover's epoch as the master's config epoch.
 *
 * <p>To avoid split votes, sentinels that see ODOWN together do not all start at once: each
 * waits in proportion to its rank (by runid) among the sentinels that agree the master is down,
 * so usually the first asks and the others simply vote for it.
 */
public final class Failover {
    private static final Logger log = LoggerFactory.getLogger("sentinel");
    /** Wait between candidates of successive rank, at most a quarter of down-after. */
    static final long RANK_STAGGER_MS = 300;

    private final Sentinel s;
    private final Monitor monitor;
    private final Election election;

    public Failover(Sentinel s, Monitor monitor) {
        this.s = s;
        this.monitor = monitor;
        this.election = new Election(s);
        this.election.onReply(this::fastPath);
    }

    public Election election() {
        return election;
    }

    /** After a peer answers: ODOWN and the leader are re-evaluated at once. */
    private void fastPath() {
        if (s.tilt) return;
        for (Instance m : s.masters.values()) {
            if (!m.is(Instance.S_DOWN)) continue;
            monitor.checkObjectivelyDown(m);
            if (startIfNeeded(m)) election.askMasterState(m, true);
            if (m.failoverState == FailoverState.WAIT_START) waitStart(m);
        }
    }

    /** One timer tick for a master. */
    public void onTick(Instance m) {
        if (startIfNeeded(m)) election.askMasterState(m, true);
        step(m);
        election.askMasterState(m, false);
    }

    // ---- start

    boolean startIfNeeded(Instance m) {
        if (!m.is(Instance.O_DOWN) || m.is(Instance.FAILOVER_IN_PROGRESS)) return false;
        long now = System.currentTimeMillis();
        if (now - m.failoverStartTime < m.failoverTimeoutMs * 2) {
            if (m.failoverDelayLogged != m.failoverStartTime) {
                long next = m.failoverStartTime + m.failoverTimeoutMs * 2;
                log.warn("Next failover delay: I will not start a failover before {}",
                        new java.text.SimpleDateFormat("EEE MMM d HH:mm:ss yyyy").format(new java.util.Date(next)));
                m.failoverDelayLogged = m.failoverStartTime;
            }
            return false;
        }
        if (now - m.oDownSince < rankDelay(m)) return false;
        start(m, false);
        return true;
    }

    /** 0 for the first sentinel (by runid) among those that see the master down, then growing. */
    long rankDelay(Instance m) {
        int rank = 0;
        for (Instance x : m.sentinels.values()) {
            if (x.is(Instance.MASTER_DOWN) && x.runid != null && x.runid.compareTo(s.myid) < 0) rank++;
        }
        long stagger = Math.min(RANK_STAGGER_MS, Math.max(50, m.downAfterMs / 4));
        return rank * stagger;
    }

    /** Starts a failover attempt in a new epoch; {@code forced} is SENTINEL FAILOVER's. */
    public void start(Instance m, boolean forced) {
        long now = System.currentTimeMillis();
        m.failoverState = FailoverState.WAIT_START;
        m.flags |= Instance.FAILOVER_IN_PROGRESS;
        if (forced) m.flags |= Instance.FORCE_FAILOVER;
        m.failoverEpoch = ++s.currentEpoch;
        s.flushConfig();
        s.events.warnText("+new-epoch", Long.toString(s.currentEpoch));
        s.events.warn("+try-failover", m, null);
        m.failoverStartTime = now + ThreadLocalRandom.current().nextInt(Election.MAX_DESYNC);
        m.failoverStateChangeTime = now;
        // Our own vote goes to us before anyone else can ask for it.
        election.vote(m, m.failoverEpoch, s.myid);
    }

    // ---- the state machine

    void step(Instance m) {
        if (!m.is(Instance.FAILOVER_IN_PROGRESS)) return;
        switch (m.failoverState) {
            case WAIT_START -> waitStart(m);
            case SELECT_SLAVE -> selectSlave(m);
            case SEND_SLAVEOF_NOONE -> sendSlaveOfNoOne(m);
            case WAIT_PROMOTION -> waitPromotion(m);
            case RECONF_SLAVES -> reconfSlaves(m);
            default -> { }
        }
    }

    private void waitStart(Instance m) {
        String leader = election.leader(m, m.failoverEpoch);
        boolean isLeader = leader != null && leader.equalsIgnoreCase(s.myid);
        if (!isLeader && !m.is(Instance.FORCE_FAILOVER)) {
            long electionTimeout = Math.min(s.timers.electionTimeout, m.failoverTimeoutMs);
            if (System.currentTimeMillis() - m.failoverStartTime > electionTimeout) {
                s.events.warn("-failover-abort-not-elected", m, null);
                abort(m, "not elected leader of epoch " + m.failoverEpoch
                        + (leader != null ? " (" + leader + " was)" : " (no majority of votes)"));
            }
            return;
        }
        s.events.warn("+elected-leader", m, null);
        m.failoverState = FailoverState.SELECT_SLAVE;
        m.failoverStateChangeTime = System.currentTimeMillis();
        s.events.warn("+failover-state-select-slave", m, null);
        selectSlave(m);
    }

    private void selectSlave(Instance m) {
        List<String> why = new ArrayList<>();
        List<Instance> ok = ReplicaSelector.candidates(m, s.timers, why);
        ok.sort(ReplicaSelector.order(m));
        if (ok.isEmpty()) {
            s.events.warn("-failover-abort-no-good-slave", m, null);
            abort(m, "no good replica" + (why.isEmpty() ? " (none known)" : ": " + String.join("; ", why)));
            return;
        }
        Instance r = ok.get(0);
        s.events.warn("+selected-slave", r, null);
        r.flags |= Instance.PROMOTED;
        m.promotedSlave = r;
        m.failoverState = FailoverState.SEND_SLAVEOF_NOONE;
        m.failoverStateChangeTime = System.currentTimeMillis();
        s.events.notice("+failover-state-send-slaveof-noone", r, null);
        sendSlaveOfNoOne(m);
    }

    private void sendSlaveOfNoOne(Instance m) {
        Instance r = m.promotedSlave;
        if (r.link.disconnected) {
            if (System.currentTimeMillis() - m.failoverStateChangeTime > m.failoverTimeoutMs) {
                s.events.warn("-failover-abort-slave-timeout", r, null);
                abort(m, "selected replica " + r.name + " unreachable until failover-timeout");
            }
            return;
        }
        if (!monitor.sendReplicaOf(r, null, 0)) return;
        s.events.notice("+failover-state-wait-promotion", r, null);
        m.failoverState = FailoverState.WAIT_PROMOTION;
        m.failoverStateChangeTime = System.currentTimeMillis();
        // Learn the promotion as soon as it happens.
        monitor.sendInfo(r);
    }

    private void waitPromotion(Instance m) {
        if (System.currentTimeMillis() - m.failoverStateChangeTime > m.failoverTimeoutMs) {
            s.events.warn("-failover-abort-slave-timeout", m.promotedSlave, null);
            abort(m, "replica " + m.promotedSlave.name + " not promoted within failover-timeout");
        }
    }

    private void abort(Instance m, String reason) {
        m.flags &= ~(Instance.FAILOVER_IN_PROGRESS | Instance.FORCE_FAILOVER);
        m.failoverState = FailoverState.NONE;
        m.failoverStateChangeTime = System.currentTimeMillis();
        if (m.promotedSlave != null) {
            m.promotedSlave.flags &= ~Instance.PROMOTED;
            m.promotedSlave = null;
        }
        m.lastFailoverOutcome = "aborted";
        m.lastFailoverReason = reason;
        m.lastFailoverTime = System.currentTimeMillis();
    }

    /** From INFO: a replica says role:master. Ours being promoted, or one to turn back. */
    public void replicaReportsMaster(Instance r, boolean wasReplica) {
        Instance m = r.master;
        long now = System.currentTimeMillis();
        if (r.is(Instance.PROMOTED) && m.is(Instance.FAILOVER_IN_PROGRESS)
                && m.failoverState == FailoverState.WAIT_PROMOTION) {
            m.configEpoch = m.failoverEpoch;
            m.failoverState = FailoverState.RECONF_SLAVES;
            m.failoverStateChangeTime = now;
            s.flushConfig();
            s.events.warn("+promoted-slave", r, null);
            s.events.warn("+failover-state-reconf-slaves", m, null);
            s.clientReconfigScript(m, "leader", m.host, m.port, r.host, r.port);
            // Tell the peers the new config now, and move the replicas without waiting a tick.
            monitor.helloNow(m);
            reconfSlaves(m);
            return;
        }
        if (wasReplica && !r.is(Instance.PROMOTED) && m.failoverState == FailoverState.NONE) {
            s.events.warn("+failover-detected", r, null);
        }
        long wait = s.timers.publishPeriod * 4;
        if (!r.is(Instance.PROMOTED) && masterLooksSane(m) && noDownFor(r, wait) && now - r.roleReportedTime > wait) {
            if (monitor.sendReplicaOf(r, m.host, m.port)) {
                s.events.notice("+convert-to-slave", r, null);
            }
        }
    }

    /** From INFO: a replica says role:slave; maybe of the wrong master, maybe being reconfigured. */
    public void replicaReportsReplica(Instance r) {
        Instance m = r.master;
        long now = System.currentTimeMillis();
        boolean wrongMaster = r.slaveMasterPort != m.port || r.slaveMasterHost == null
                || !r.slaveMasterHost.equalsIgnoreCase(m.host);
        if (wrongMaster && !r.is(Instance.RECONF_SENT | Instance.RECONF_INPROG)) {
            long wait = m.failoverTimeoutMs;
            if (masterLooksSane(m) && noDownFor(r, wait) && now - r.slaveConfChangeTime > wait) {
                if (monitor.sendReplicaOf(r, m.host, m.port)) s.events.notice("+fix-slave-config", r, null);
            }
        }
        if (r.is(Instance.RECONF_SENT | Instance.RECONF_INPROG) && m.promotedSlave != null) {
            Instance p = m.promotedSlave;
            if (r.is(Instance.RECONF_SENT) && r.slaveMasterHost != null
                    && r.slaveMasterHost.equalsIgnoreCase(p.host) && r.slaveMasterPort == p.port) {
                r.flags &= ~Instance.RECONF_SENT;
                r.flags |= Instance.RECONF_INPROG;
                s.events.notice("+slave-reconf-inprog", r, null);
            }
            if (r.is(Instance.RECONF_INPROG) && r.masterLinkUp) {
                r.flags &= ~Instance.RECONF_INPROG;
                r.flags |= Instance.RECONF_DONE;
                s.events.notice("+slave-reconf-done", r, null);
                reconfSlaves(m);
            }
        }
    }

    private boolean masterLooksSane(Instance m) {
        return !m.link.disconnected
                && m.roleReported == Instance.Type.MASTER
                && !m.is(Instance.S_DOWN | Instance.O_DOWN)
                && System.currentTimeMillis() - m.link.lastAvailTime < s.timers.infoPeriod * 2;
    }

    private static boolean noDownFor(Instance r, long ms) {
        long downSince = r.sDownSince;
        if (r.is(Instance.S_DOWN)) return false;
        return downSince == 0 || System.currentTimeMillis() - downSince > ms;
    }

    private void reconfSlaves(Instance m) {
        if (m.failoverState != FailoverState.RECONF_SLAVES) return;
        long now = System.currentTimeMillis();
        int inProgress = 0;
        for (Instance r : m.replicas.values()) if (r.is(Instance.RECONF_SENT | Instance.RECONF_INPROG)) inProgress++;
        for (Instance r : m.replicas.values()) {
            if (inProgress >= m.parallelSyncs) break;
            if (r.is(Instance.PROMOTED | Instance.RECONF_DONE)) continue;
            if (r.is(Instance.RECONF_SENT) && now - r.slaveReconfSentTime > s.timers.slaveReconfTimeout) {
                s.events.notice("-slave-reconf-sent-timeout", r, null);
                r.flags &= ~Instance.RECONF_SENT;
                r.flags |= Instance.RECONF_DONE;
                continue;
            }
            if (r.is(Instance.RECONF_SENT | Instance.RECONF_INPROG)) continue;
            if (r.link.disconnected) continue;
            if (monitor.sendReplicaOf(r, m.promotedSlave.host, m.promotedSlave.port)) {
                r.flags |= Instance.RECONF_SENT;
                r.slaveReconfSentTime = now;
                s.events.notice("+slave-reconf-sent", r, null);
                inProgress++;
                monitor.sendInfo(r);
            }
        }
        detectEnd(m);
    }

    private void detectEnd(Instance m) {
        Instance p = m.promotedSlave;
        if (p == null || p.is(Instance.S_DOWN)) return;
        int notReconfigured = 0;
        for (Instance r : m.replicas.values()) {
            if (r.is(Instance.PROMOTED | Instance.RECONF_DONE) || r.is(Instance.S_DOWN)) continue;
            notReconfigured++;
        }
        boolean timeout = false;
        if (System.currentTimeMillis() - m.failoverStateChangeTime > m.failoverTimeoutMs) {
            notReconfigured = 0;
            timeout = true;
            s.events.warn("+failover-end-for-timeout", m, null);
        }
        if (notReconfigured == 0) {
            s.events.warn("+failover-end", m, null);
            m.failoverState = FailoverState.UPDATE_CONFIG;
            m.failoverStateChangeTime = System.currentTimeMillis();
        }
        if (timeout) {
            // Replicas not done yet get the command anyway, without waiting for them.
            for (Instance r : m.replicas.values()) {
                if (r.is(Instance.PROMOTED | Instance.RECONF_DONE | Instance.RECONF_SENT)) continue;
                if (monitor.sendReplicaOf(r, p.host, p.port)) {
                    s.events.notice("+slave-reconf-sent-be", r, null);
                    r.flags |= Instance.RECONF_SENT;
                }
            }
        }
        m.lastFailoverOutcome = timeout ? "ended-for-timeout" : null;
    }

    /** The end: our view moves to the promoted replica (+switch-master) and replicas are re-learned. */
    public void switchToPromoted(Instance m) {
        Instance p = m.promotedSlave;
        String oldHost = m.host;
        int oldPort = m.port;
        boolean timedOut = "ended-for-timeout".equals(m.lastFailoverOutcome);
        s.events.warn("+switch-master", null, m.name + " " + oldHost + " " + oldPort + " " + p.host + " " + p.port);
        monitor.changeAddress(m, p.host, p.port);
        m.lastFailoverOutcome = timedOut ? "ended-for-timeout" : "succeeded";
        m.lastFailoverReason = timedOut ? "some replicas were not reconfigured within failover-timeout" : null;
        m.lastFailoverTime = System.currentTimeMillis();
        monitor.helloNow(m);
    }
}
