package io.redisha.sentinel.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisha.sentinel.config.SentinelConfig;
import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Monitor;
import io.redisha.sentinel.monitor.Sentinel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElectionTest {
    @TempDir
    Path dir;
    Sentinel s;
    Instance m;
    Election election;

    @BeforeEach
    void setUp() throws Exception {
        SentinelConfig c = new SentinelConfig();
        c.configFile = dir.resolve("sentinel.conf");
        Files.writeString(c.configFile, "sentinel monitor mymaster 127.0.0.1 6379 2\n");
        c.myid = "1".repeat(40);
        s = new Sentinel(c, null);
        Monitor monitor = new Monitor(s);
        monitor.failover(new Failover(s, monitor));
        m = monitor.createMaster("mymaster", "127.0.0.1", 6379, 2);
        for (String id : new String[] {"2".repeat(40), "3".repeat(40)}) {
            Instance x = new Instance(Instance.Type.SENTINEL, id, "127.0.0.1", 26380, m);
            x.runid = id;
            m.sentinels.put(id, x);
        }
        election = monitor.failover().election();
    }

    @Test
    void oneVotePerEpochAndItIsOnDiskBeforeTheAnswer() throws Exception {
        assertThat(election.vote(m, 1, "2".repeat(40))).isEqualTo("2".repeat(40));
        assertThat(election.vote(m, 1, "3".repeat(40))).isEqualTo("2".repeat(40));
        assertThat(s.currentEpoch).isEqualTo(1);
        assertThat(Files.readString(s.config.configFile)).contains("sentinel leader-epoch mymaster 1")
                .contains("sentinel current-epoch 1");
        // A later epoch is a new vote.
        assertThat(election.vote(m, 2, "3".repeat(40))).isEqualTo("3".repeat(40));
    }

    @Test
    void theLeaderNeedsAMajorityOfKnownSentinelsAndTheQuorum() {
        s.currentEpoch = 5;
        assertThat(election.leader(m, 5)).as("only our own vote").isNull();
        Instance peer = m.sentinels.get("2".repeat(40));
        peer.leader = s.myid;
        peer.leaderEpoch = 5;
        assertThat(election.leader(m, 5)).isEqualTo(s.myid);
    }

    @Test
    void aVoteGivenAwayIsNotTakenBack() {
        s.currentEpoch = 3;
        election.vote(m, 3, "2".repeat(40));
        Instance peer = m.sentinels.get("3".repeat(40));
        peer.leader = s.myid;
        peer.leaderEpoch = 3;
        // We voted for 2 in epoch 3; one peer voting for us is one vote of three.
        assertThat(election.leader(m, 3)).isNull();
    }
}
