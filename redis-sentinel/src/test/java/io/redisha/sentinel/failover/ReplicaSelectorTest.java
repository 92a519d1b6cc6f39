package io.redisha.sentinel.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Timers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSelectorTest {
    final Timers t = new Timers();
    final Instance m = new Instance(Instance.Type.MASTER, "m", "10.0.0.1", 6379, null);

    Instance replica(String host, int priority, long offset, String runid) {
        Instance r = new Instance(Instance.Type.REPLICA, host + ":6379", host, 6379, m);
        r.link.disconnected = false;
        r.infoRefresh = System.currentTimeMillis();
        r.slavePriority = priority;
        r.replOffset = offset;
        r.runid = runid;
        m.replicas.put(r.name, r);
        return r;
    }

    @Test
    void lowestPriorityThenGreatestOffsetThenSmallestRunid() {
        m.downAfterMs = 30000;
        replica("10.0.0.2", 100, 500, "b");
        Instance best = replica("10.0.0.3", 10, 100, "c");
        assertThat(ReplicaSelector.select(m, t)).isSameAs(best);
        best.slavePriority = 100;
        assertThat(ReplicaSelector.select(m, t).host).isEqualTo("10.0.0.2");
        best.replOffset = 500;
        assertThat(ReplicaSelector.select(m, t).runid).isEqualTo("b");
    }

    @Test
    void priorityZeroDownAndDisconnectedReplicasAreNeverChosen() {
        m.downAfterMs = 30000;
        replica("10.0.0.2", 0, 900, "a");
        replica("10.0.0.3", 100, 900, "b").flags |= Instance.S_DOWN;
        replica("10.0.0.4", 100, 900, "c").link.disconnected = true;
        List<String> why = new ArrayList<>();
        assertThat(ReplicaSelector.candidates(m, t, why)).isEmpty();
        assertThat(why).containsExactly("10.0.0.2:6379 replica-priority 0", "10.0.0.3:6379 down", "10.0.0.4:6379 disconnected");
        assertThat(ReplicaSelector.select(m, t)).isNull();
    }

    @Test
    void aReplicaAlreadyPromotedAndFollowedGoesFirst() {
        m.downAfterMs = 30000;
        Instance other = replica("10.0.0.2", 10, 900, "a");
        Instance promoted = replica("10.0.0.3", 100, 100, "b");
        promoted.roleReported = Instance.Type.MASTER;
        // Alone, a replica saying master may be a restarted empty node: no preference.
        assertThat(ReplicaSelector.select(m, t)).isSameAs(other);
        other.slaveMasterHost = "10.0.0.3";
        other.slaveMasterPort = 6379;
        assertThat(ReplicaSelector.select(m, t)).isSameAs(promoted);
    }
}
