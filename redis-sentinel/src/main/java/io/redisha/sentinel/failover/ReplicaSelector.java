package io.redisha.sentinel.failover;

import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Timers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which replica to promote, as Redis chooses: only replicas that are up, recently heard from,
 * not priority 0 and not disconnected from the old master for too long; then the lowest
 * replica-priority, the greatest replication offset, and the smallest runid.
 *
 * <p>Beyond Redis, a replica that already says role:master and that another replica follows goes
 * first: someone else promoted it (another group of sentinels watching the same master under
 * another name, or an operator), and promoting a second one would leave two masters. A restarted
 * node that merely came back as an empty master has no follower and gets no preference.
 */
public final class ReplicaSelector {
    private ReplicaSelector() {}

    static Comparator<Instance> order(Instance master) {
        return Comparator.comparingInt((Instance r) -> promotedElsewhere(master, r) ? 0 : 1).thenComparing(ORDER);
    }

    static boolean promotedElsewhere(Instance master, Instance r) {
        if (r.roleReported != Instance.Type.MASTER) return false;
        for (Instance x : master.replicas.values()) {
            if (x != r && x.roleReported == Instance.Type.REPLICA && x.slaveMasterPort == r.port
                    && r.host.equalsIgnoreCase(x.slaveMasterHost)) {
                return true;
            }
        }
        return false;
    }

    static final Comparator<Instance> ORDER = Comparator
            .comparingInt((Instance r) -> r.slavePriority)
            .thenComparing((Instance r) -> r.replOffset, Comparator.reverseOrder())
            .thenComparing((Instance r) -> r.runid, Comparator.nullsLast(Comparator.naturalOrder()));

    public static Instance select(Instance master, Timers t) {
        List<Instance> ok = candidates(master, t, new ArrayList<>());
        ok.sort(order(master));
        return ok.isEmpty() ? null : ok.get(0);
    }

    /** The usable replicas; {@code why} collects the reasons the others were skipped. */
    public static List<Instance> candidates(Instance master, Timers t, List<String> why) {
        long now = System.currentTimeMillis();
        long maxMasterDownTime = (master.is(Instance.S_DOWN) ? now - master.sDownSince : 0) + master.downAfterMs * 10;
        long pingPeriod = Math.min(master.downAfterMs, t.pingPeriod);
        long infoValidity = master.is(Instance.S_DOWN) ? pingPeriod * 5 : t.infoPeriod * 3;
        List<Instance> ok = new ArrayList<>();
        for (Instance r : master.replicas.values()) {
            String skip = null;
            if (r.is(Instance.S_DOWN | Instance.O_DOWN)) skip = "down";
            else if (r.link.disconnected) skip = "disconnected";
            else if (now - r.link.lastAvailTime > pingPeriod * 5) skip = "no recent ping reply";
            else if (r.slavePriority == 0) skip = "replica-priority 0";
            else if (r.infoRefresh == 0 || now - r.infoRefresh > infoValidity) skip = "stale INFO";
            else if (r.masterLinkDownTime > maxMasterDownTime) skip = "disconnected from the master too long";
            if (skip == null) ok.add(r);
            else why.add(r.name + " " + skip);
        }
        return ok;
    }
}
