package io.redisha.sentinel.it;

import static io.redisha.sentinel.it.InteropLab.MASTER;
import static io.redisha.sentinel.it.Lab.HOSTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.SentinelProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Our sentinel and node next to Redis's: our sentinels drive real redis-server nodes, real
 * redis-sentinel processes drive our nodes (INFO, REPLICAOF, the MULTI with CONFIG REWRITE and
 * CLIENT KILL they send), and a mixed group of both kinds elects and fails over together.
 */
class SentinelInteropIT {

    @Test
    void ourSentinelsFailOverRealRedisServers() {
        try (InteropLab lab = new InteropLab()) {
            Map<String, AutoCloseable> nodes = new HashMap<>();
            for (String h : HOSTS) nodes.put(lab.addr(h), lab.realNode(h));
            List<SentinelProcess> sentinels = Lab.parallel(
                    () -> lab.ourSentinel(HOSTS[0]), () -> lab.ourSentinel(HOSTS[1]), () -> lab.ourSentinel(HOSTS[2]));
            failOverAndRejoin(lab, sentinels, nodes, lab.addr(HOSTS[0]), true);
        }
    }

    @Test
    void realSentinelsFailOverOurNodes() {
        try (InteropLab lab = new InteropLab()) {
            Map<String, AutoCloseable> nodes = ourNodes(lab);
            List<SentinelProcess> sentinels = List.of(
                    lab.realSentinel(HOSTS[0]), lab.realSentinel(HOSTS[1]), lab.realSentinel(HOSTS[2]));
            failOverAndRejoin(lab, sentinels, nodes, lab.addr(HOSTS[0]), false);
        }
    }

    @Test
    void mixedGroupElectsEitherKindAndAgreesOnEpochs() {
        try (InteropLab lab = new InteropLab()) {
            Map<String, AutoCloseable> nodes = ourNodes(lab);
            SentinelProcess real = lab.realSentinel(HOSTS[2]);
            List<SentinelProcess> ours = Lab.parallel(() -> lab.ourSentinel(HOSTS[0]), () -> lab.ourSentinel(HOSTS[1]));
            List<SentinelProcess> sentinels = List.of(ours.get(0), ours.get(1), real);

            String master = failOverAndRejoin(lab, sentinels, nodes, lab.addr(HOSTS[0]), false);
            failOverAndRejoin(lab, sentinels, nodes, master, false);

            for (SentinelProcess s : sentinels) {
                assertThat(Lab.masterAddr(s, MASTER)).isEqualTo(Lab.masterAddr(real, MASTER));
            }
            String realEpoch = configEpoch(real);
            assertThat(realEpoch).isNotEqualTo("0");
            for (SentinelProcess s : ours) assertThat(configEpoch(s)).as("config-epoch of " + s.host()).isEqualTo(realEpoch);
            int realLed = count(real.output(), "+elected-leader");
            int oursLed = count(ours.get(0).output(), "+elected-leader") + count(ours.get(1).output(), "+elected-leader");
            System.out.printf("mixed group: real sentinel led %d failover(s), ours %d%n", realLed, oursLed);
            assertThat(realLed + oursLed).isGreaterThanOrEqualTo(2);
        }
    }

    private static Map<String, AutoCloseable> ourNodes(InteropLab lab) {
        Map<String, AutoCloseable> nodes = new HashMap<>();
        List<AutoCloseable> started = Lab.parallel(
                () -> lab.ourNode(HOSTS[0]), () -> lab.ourNode(HOSTS[1]), () -> lab.ourNode(HOSTS[2]));
        for (int i = 0; i < HOSTS.length; i++) nodes.put(lab.addr(HOSTS[i]), started.get(i));
        return nodes;
    }

    /**
     * Waits until the group knows both replicas and both peers, kills the master, checks the
     * promotion and the replicas, brings the old master back as a fresh master and checks that
     * the sentinels turn it into a replica. Returns the new master.
     */
    private static String failOverAndRejoin(InteropLab lab, List<SentinelProcess> sentinels,
            Map<String, AutoCloseable> nodes, String master, boolean realNodes) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (SentinelProcess s : sentinels) {
                try (Jedis j = Lab.jedis(s)) {
                    assertThat(Lab.masterAddr(s, MASTER)).as("master seen by " + s.host()).isEqualTo(master);
                    List<Map<String, String>> replicas = Lab.maps(j, "replicas", MASTER);
                    assertThat(replicas.stream().filter(r -> r.get("flags").equals("slave")))
                            .as("replicas seen by " + s.host() + ": " + replicas).hasSize(2);
                    assertThat(Lab.maps(j, "sentinels", MASTER)).as("peers of " + s.host()).hasSize(2);
                }
            }
        });
        String key = "before:" + master;
        try (Jedis j = lab.jedis(master)) {
            j.set(key, "v1");
            assertThat(j.waitReplicas(2, 5000)).isEqualTo(2);
        }
        close(nodes.get(master));
        String newMaster = InteropLab.awaitNewMaster(sentinels, master);
        List<String> all = List.of(lab.addr(HOSTS[0]), lab.addr(HOSTS[1]), lab.addr(HOSTS[2]));
        List<String> replicas = InteropLab.others(newMaster, all);
        List<String> live = replicas.stream().filter(a -> !a.equals(master)).toList();
        lab.assertFollowing(newMaster, live, key, "v1");

        String host = master.substring(0, master.lastIndexOf(':'));
        nodes.put(master, realNodes ? lab.realMaster(host) : lab.ourMaster(host));
        lab.assertFollowing(newMaster, replicas, key, "v1");
        return newMaster;
    }

    private static String configEpoch(SentinelProcess s) {
        try (Jedis j = Lab.jedis(s)) {
            return Lab.master(j, MASTER).get("config-epoch");
        }
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) n++;
        return n;
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
