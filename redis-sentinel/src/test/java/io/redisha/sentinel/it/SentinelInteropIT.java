package io.redisha.sentinel.it;

import static io.redisha.sentinel.it.InteropLab.MASTER;
import static io.redisha.sentinel.it.Lab.HOSTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.SentinelProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

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
            List<SentinelProcess> sentinels = InteropLab.parallel(
                    () -> lab.ourSentinel(HOSTS[0]), () -> lab.ourSentinel(HOSTS[1]), () -> lab.ourSentinel(HOSTS[2]));
            failOverAndRejoin(lab, sentinels, nodes, lab.addr(HOSTS[0]), true, true);
        }
    }

    @Test
    void realSentinelsFailOverOurNodes() {
        try (InteropLab lab = new InteropLab()) {
            Map<String, AutoCloseable> nodes = ourNodes(lab);
            List<SentinelProcess> sentinels = List.of(
                    lab.realSentinel(HOSTS[0]), lab.realSentinel(HOSTS[1]), lab.realSentinel(HOSTS[2]));
            failOverAndRejoin(lab, sentinels, nodes, lab.addr(HOSTS[0]), false, true);
        }
    }

    @Test
    void mixedGroupElectsEitherKindAndAgreesOnEpochs() {
        try (InteropLab lab = new InteropLab()) {
            Map<String, AutoCloseable> nodes = ourNodes(lab);
            SentinelProcess real = lab.realSentinel(HOSTS[2]);
            List<SentinelProcess> ours = InteropLab.parallel(() -> lab.ourSentinel(HOSTS[0]), () -> lab.ourSentinel(HOSTS[1]));
            List<SentinelProcess> sentinels = List.of(ours.get(0), ours.get(1), real);

            // Round one as configured: our sentinels ask their peers the moment they see the
            // master down, so they usually lead.
            String master = failOverAndRejoin(lab, sentinels, nodes, lab.addr(HOSTS[0]), false, true);
            int oursLedFirst = count(ours.get(0).output(), "+elected-leader") + count(ours.get(1).output(), "+elected-leader");
            int realLedFirst = count(real.output(), "+elected-leader");
            // Round two hands the lead to the real sentinel: quorum and down-after are its own
            // settings, so it alone sees ODOWN at once and asks ours for their votes; ours must
            // vote without seeing the master down themselves, then follow its hello.
            sentinel(real, "set", MASTER, "quorum", "1");
            for (SentinelProcess s : ours) sentinel(s, "set", MASTER, "down-after-milliseconds", "8000");
            failOverAndRejoin(lab, sentinels, nodes, master, false, false);
            assertThat(count(real.output(), "+elected-leader")).as("real sentinel led round two").isEqualTo(realLedFirst + 1);
            assertThat(realLedFirst + oursLedFirst).isEqualTo(1);
            for (SentinelProcess s : ours) {
                assertThat(s.output()).as("sentinel " + s.host())
                        .containsPattern("# \\+vote-for-leader " + myid(real) + " \\d+")
                        .contains("# +config-update-from sentinel " + myid(real) + " " + real.host() + " " + real.port() + " @ " + MASTER + " ");
            }

            for (SentinelProcess s : sentinels) {
                assertThat(Lab.masterAddr(s, MASTER)).isEqualTo(Lab.masterAddr(real, MASTER));
            }
            String realEpoch = configEpoch(real);
            assertThat(realEpoch).isNotEqualTo("0");
            for (SentinelProcess s : ours) assertThat(configEpoch(s)).as("config-epoch of " + s.host()).isEqualTo(realEpoch);
        }
    }

    private static Map<String, AutoCloseable> ourNodes(InteropLab lab) {
        Map<String, AutoCloseable> nodes = new HashMap<>();
        List<AutoCloseable> started = InteropLab.parallel(
                () -> lab.ourNode(HOSTS[0]), () -> lab.ourNode(HOSTS[1]), () -> lab.ourNode(HOSTS[2]));
        for (int i = 0; i < HOSTS.length; i++) nodes.put(lab.addr(HOSTS[i]), started.get(i));
        return nodes;
    }

    /**
     * Waits until the group knows both replicas and both peers, kills the master, checks the
     * promotion and the replicas, brings the old master back as a fresh master and checks that
     * the sentinels turn it into a replica (unless {@code rejoin} is false). Returns the new master.
     */
    private static String failOverAndRejoin(InteropLab lab, List<SentinelProcess> sentinels,
            Map<String, AutoCloseable> nodes, String master, boolean realNodes, boolean rejoin) {
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
        String newHost = newMaster.substring(0, newMaster.lastIndexOf(':'));
        for (String r : live) {
            // The sentinel's MULTI carries CONFIG REWRITE: a restarted replica keeps following.
            if (nodes.get(r) instanceof NodeProcess n) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(n.dir().resolve("redis.conf")))
                        .as("redis.conf of " + r).contains("replicaof " + newHost + " " + lab.nodePort));
            }
        }
        if (nodes.get(newMaster) instanceof NodeProcess n) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(n.dir().resolve("redis.conf")))
                    .as("redis.conf of the new master").doesNotContain("replicaof"));
        }

        if (!rejoin) return newMaster;
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

    private static String myid(SentinelProcess s) {
        return new String((byte[]) sentinel(s, "myid"));
    }

    private static Object sentinel(SentinelProcess s, String... args) {
        try (Jedis j = Lab.jedis(s)) {
            return j.sendCommand(Protocol.Command.SENTINEL, args);
        }
    }
}
