package io.redisha.sentinel.it;

import static io.redisha.sentinel.it.Lab.HOSTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.RealRedis;
import io.redisha.testkit.SentinelProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Failovers that cannot finish, and S9's several groups watching one master. Three of our
 * sentinels (port {@link #SENTINEL_PORT}) on the lab hosts; the watched nodes are real
 * redis-server on ports 6680-6682, off the ports the other lab tests and the sentinel scripts use.
 * The methods run in order: the last one freezes two sentinels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelAbortIT {
    static final int SENTINEL_PORT = 26680;
    static final int SECOND_GROUP_PORT = 26681;
    static final int STUCK_PORT = 6680, GROUPS_PORT = 6681, LONELY_PORT = 6682;

    final List<SentinelProcess> sentinels = new ArrayList<>();
    final List<SentinelProcess> secondGroup = new ArrayList<>();
    final List<RealRedis> nodes = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        sentinels.addAll(Lab.parallel(
                () -> SentinelProcess.start(HOSTS[0], SENTINEL_PORT, ""),
                () -> SentinelProcess.start(HOSTS[1], SENTINEL_PORT, ""),
                () -> SentinelProcess.start(HOSTS[2], SENTINEL_PORT, "")));
        for (SentinelProcess s : sentinels) Lab.fastTimers(s);
    }

    @AfterAll
    void down() throws Exception {
        for (SentinelProcess s : sentinels) {
            SentinelFailoverIT.signal("CONT", s.pid());
            s.close();
        }
        for (SentinelProcess s : secondGroup) s.close();
        for (RealRedis n : nodes) n.close();
    }

    RealRedis node(int host, int port, String... options) throws Exception {
        RealRedis n = RealRedis.startAt(HOSTS[host], port, options);
        nodes.add(n);
        return n;
    }

    RealRedis replica(int host, int port, int masterHost, String... options) throws Exception {
        List<String> o = new ArrayList<>(List.of("--replicaof", HOSTS[masterHost], Integer.toString(port)));
        o.addAll(List.of(options));
        return node(host, port, o.toArray(String[]::new));
    }

    static void monitor(SentinelProcess s, String name, int host, int port, int quorum, String... settings) {
        try (Jedis j = Lab.jedis(s)) {
            assertThat(j.sendCommand(Protocol.Command.SENTINEL, "monitor", name, HOSTS[host], Integer.toString(port),
                    Integer.toString(quorum))).isEqualTo("OK".getBytes());
            List<String> set = new ArrayList<>(List.of("set", name));
            set.addAll(List.of(settings));
            j.sendCommand(Protocol.Command.SENTINEL, set.toArray(String[]::new));
        }
    }

    static void awaitDiscovery(List<SentinelProcess> group, String name, int replicas) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (SentinelProcess s : group) {
                try (Jedis j = Lab.jedis(s)) {
                    assertThat(Lab.maps(j, "replicas", name)).hasSize(replicas)
                            .allSatisfy(r -> assertThat(r.get("info-refresh")).isNotEqualTo("0"));
                    assertThat(Lab.maps(j, "sentinels", name)).hasSize(group.size() - 1);
                }
            }
        });
    }

    static void remove(List<SentinelProcess> group, String name) {
        for (SentinelProcess s : group) {
            try (Jedis j = Lab.jedis(s)) {
                j.sendCommand(Protocol.Command.SENTINEL, "remove", name);
            }
        }
    }

    /**
     * The chosen replica refuses REPLICAOF NO ONE (the command is renamed away), so it never
     * reports role:master: after failover-timeout the leader gives up, as Redis does.
     */
    @Test
    @Order(1)
    void aReplicaThatIsNeverPromotedAbortsWithSlaveTimeout() throws Exception {
        RealRedis master = node(0, STUCK_PORT);
        node(1, STUCK_PORT, "--replicaof", HOSTS[0], Integer.toString(STUCK_PORT),
                "--rename-command", "REPLICAOF", "", "--rename-command", "SLAVEOF", "");
        for (SentinelProcess s : sentinels) {
            monitor(s, "stuck", 0, STUCK_PORT, 2, "down-after-milliseconds", "1000", "failover-timeout", "3000");
        }
        awaitDiscovery(sentinels, "stuck", 1);
        master.close();
        String abort = "# -failover-abort-slave-timeout slave " + HOSTS[1] + ":" + STUCK_PORT + " " + HOSTS[1] + " "
                + STUCK_PORT + " @ stuck " + HOSTS[0] + " " + STUCK_PORT;
        await().atMost(Duration.ofSeconds(30)).until(() -> sentinels.stream().anyMatch(s -> s.output().contains(abort)));
        SentinelProcess leader = sentinels.stream().filter(s -> s.output().contains(abort)).findFirst().orElseThrow();
        SentinelFailoverIT.assertInOrder(leader.output(),
                "# +elected-leader master stuck",
                "* +failover-state-wait-promotion slave " + HOSTS[1] + ":" + STUCK_PORT,
                abort);
        try (Jedis j = Lab.jedis(leader)) {
            Map<String, String> m = Lab.master(j, "stuck");
            assertThat(m).containsEntry("ip", HOSTS[0]).containsEntry("last-failover-outcome", "aborted");
            assertThat(m.get("last-failover-reason")).contains("not promoted within failover-timeout");
        }
        for (SentinelProcess s : sentinels) assertThat(Lab.masterAddr(s, "stuck")).isEqualTo(HOSTS[0] + ":" + STUCK_PORT);
        remove(sentinels, "stuck");
    }

    /**
     * S9: two groups of sentinels watch one master under two names. The quicker group (down-after
     * 1 s) fails over; the other (down-after 4 s) finds that replica already promoted and followed,
     * and promotes that same one: both name one master, and only one node is a master.
     */
    @Test
    @Order(2)
    void twoGroupsWatchingOneMasterEndOnTheSameMaster() throws Exception {
        RealRedis master = node(2, GROUPS_PORT);
        replica(0, GROUPS_PORT, 2);
        replica(1, GROUPS_PORT, 2);
        secondGroup.addAll(Lab.parallel(
                () -> SentinelProcess.start(HOSTS[0], SECOND_GROUP_PORT, ""),
                () -> SentinelProcess.start(HOSTS[1], SECOND_GROUP_PORT, "")));
        for (SentinelProcess s : secondGroup) Lab.fastTimers(s);
        for (SentinelProcess s : sentinels) {
            monitor(s, "groupone", 2, GROUPS_PORT, 2, "down-after-milliseconds", "1000", "failover-timeout", "10000");
        }
        for (SentinelProcess s : secondGroup) {
            monitor(s, "grouptwo", 2, GROUPS_PORT, 2, "down-after-milliseconds", "4000", "failover-timeout", "10000");
        }
        awaitDiscovery(sentinels, "groupone", 2);
        awaitDiscovery(secondGroup, "grouptwo", 2);
        // Each group only knows its own members: hellos about another master name are ignored.
        try (Jedis j = Lab.jedis(secondGroup.get(0))) {
            assertThat(Lab.maps(j, "sentinels", "grouptwo")).extracting(x -> x.get("port"))
                    .containsOnly(Integer.toString(SECOND_GROUP_PORT));
        }
        String old = HOSTS[2] + ":" + GROUPS_PORT;
        master.close();
        await().atMost(Duration.ofSeconds(40)).until(() -> secondGroup.stream()
                .allMatch(s -> s.output().contains("# +switch-master grouptwo " + HOSTS[2] + " " + GROUPS_PORT)));
        String now = Lab.masterAddr(sentinels.get(0), "groupone");
        assertThat(now).isNotEqualTo(old);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (SentinelProcess s : sentinels) assertThat(Lab.masterAddr(s, "groupone")).isEqualTo(now);
            for (SentinelProcess s : secondGroup) assertThat(Lab.masterAddr(s, "grouptwo")).isEqualTo(now);
            int masters = 0;
            for (int h = 0; h < 2; h++) {
                try (Jedis j = new Jedis(HOSTS[h], GROUPS_PORT)) {
                    Map<String, String> r = Lab.info(j, "replication");
                    if (r.get("role").equals("master")) masters++;
                    else assertThat(r).containsEntry("master_host", now.split(":")[0]);
                }
            }
            assertThat(masters).isEqualTo(1);
        });
        // The slower group chose the replica the other one had promoted.
        SentinelProcess leader2 = secondGroup.stream().filter(s -> s.output().contains("+elected-leader master grouptwo"))
                .findFirst().orElseThrow();
        assertThat(leader2.output()).contains("# +selected-slave slave " + now + " " + now.replace(':', ' ') + " @ grouptwo");
        remove(sentinels, "groupone");
        remove(secondGroup, "grouptwo");
    }

    /**
     * A sentinel that sees the master down by itself (quorum 1) starts a failover, but its two
     * peers are frozen (SIGSTOP) and cannot vote: without a majority it is not elected, and after
     * the election timeout (here failover-timeout, the smaller) it aborts, as Redis does.
     */
    @Test
    @Order(3)
    void aCandidateWithoutVotesAbortsNotElected() throws Exception {
        RealRedis master = node(0, LONELY_PORT);
        replica(1, LONELY_PORT, 0);
        SentinelProcess a = sentinels.get(0), b = sentinels.get(1), c = sentinels.get(2);
        monitor(a, "lonely", 0, LONELY_PORT, 1, "down-after-milliseconds", "1000", "failover-timeout", "3000");
        for (SentinelProcess s : List.of(b, c)) {
            monitor(s, "lonely", 0, LONELY_PORT, 2, "down-after-milliseconds", "1000", "failover-timeout", "3000");
        }
        awaitDiscovery(sentinels, "lonely", 1);
        SentinelFailoverIT.signal("STOP", b.pid());
        SentinelFailoverIT.signal("STOP", c.pid());
        try {
            master.close();
            String abort = "# -failover-abort-not-elected master lonely " + HOSTS[0] + " " + LONELY_PORT;
            await().atMost(Duration.ofSeconds(30)).until(() -> a.output().contains(abort));
            SentinelFailoverIT.assertInOrder(a.output(),
                    "# +odown master lonely " + HOSTS[0] + " " + LONELY_PORT + " #quorum 1/1",
                    "# +try-failover master lonely",
                    abort);
            assertThat(a.output()).doesNotContain("+elected-leader master lonely");
            try (Jedis j = Lab.jedis(a)) {
                Map<String, String> m = Lab.master(j, "lonely");
                assertThat(m).containsEntry("ip", HOSTS[0]).containsEntry("last-failover-outcome", "aborted");
                assertThat(m.get("last-failover-reason")).startsWith("not elected leader of epoch");
            }
        } finally {
            SentinelFailoverIT.signal("CONT", b.pid());
            SentinelFailoverIT.signal("CONT", c.pid());
        }
    }
}
