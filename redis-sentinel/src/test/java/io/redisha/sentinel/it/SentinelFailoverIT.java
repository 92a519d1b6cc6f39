package io.redisha.sentinel.it;

import static io.redisha.sentinel.it.Lab.HOSTS;
import static io.redisha.sentinel.it.Lab.NODE_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.RealRedis;
import io.redisha.testkit.SentinelProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The seed's sentinel tour on one lab: a master and two replicas (our node) on three loopback
 * hosts, one sentinel per host, and a second master group for S9. The methods run in the seed's
 * order and build on each other: discovery, the master killed and failed over, the old master
 * back as a replica, a sentinel restarted from its file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelFailoverIT {
    static final String SENTINEL_CONF = """
            sentinel monitor mymaster 127.0.30.128 6479 2
            sentinel down-after-milliseconds mymaster 1000
            sentinel failover-timeout mymaster 10000
            """;
    static final int OTHER_PORT = NODE_PORT + 1;

    NodeProcess master, replica1, replica2;
    RealRedis otherMaster, otherReplica;
    final List<SentinelProcess> sentinels = new ArrayList<>();
    final List<EventRecorder> recorders = new ArrayList<>();
    String oldReplid;
    String newMaster;
    SentinelProcess leader;

    @BeforeAll
    void lab() throws Exception {
        List<NodeProcess> nodes = Lab.parallel(
                () -> Lab.node(HOSTS[0], NODE_PORT, ""),
                () -> Lab.node(HOSTS[1], NODE_PORT, "replicaof 127.0.30.128 6479\n"),
                () -> Lab.node(HOSTS[2], NODE_PORT, "replicaof 127.0.30.128 6479\n"));
        master = nodes.get(0);
        replica1 = nodes.get(1);
        replica2 = nodes.get(2);
        // The second group (S9) is real redis-server: what it watches does not change the sentinel's
        // work, and two more JVMs would double the lab's start-up time.
        otherMaster = RealRedis.startAt(HOSTS[1], OTHER_PORT);
        otherReplica = RealRedis.startAt(HOSTS[2], OTHER_PORT, "--replicaof", HOSTS[1], Integer.toString(OTHER_PORT));
        sentinels.addAll(Lab.parallel(
                () -> Lab.sentinel(HOSTS[0], SENTINEL_CONF),
                () -> Lab.sentinel(HOSTS[1], SENTINEL_CONF),
                () -> Lab.sentinel(HOSTS[2], SENTINEL_CONF, "--management-port", "27379")));
        for (SentinelProcess s : sentinels) Lab.fastTimers(s);
        for (SentinelProcess s : sentinels) recorders.add(new EventRecorder(s));
    }

    @AfterAll
    void down() {
        for (EventRecorder r : recorders) if (r != null) r.close();
        for (SentinelProcess s : sentinels) s.close();
        for (NodeProcess n : new NodeProcess[] {master, replica1, replica2}) {
            if (n != null) n.close();
        }
        if (otherMaster != null) otherMaster.close();
        if (otherReplica != null) otherReplica.close();
    }

    @Test
    @Order(1)
    void s2_sentinelsFindReplicasThroughInfoAndEachOtherThroughHello() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (SentinelProcess s : sentinels) {
                try (Jedis j = Lab.jedis(s)) {
                    assertThat(Lab.maps(j, "replicas", "mymaster")).hasSize(2);
                    assertThat(Lab.maps(j, "sentinels", "mymaster")).hasSize(2);
                }
            }
        });
        SentinelProcess s0 = sentinels.get(0);
        String myid;
        try (Jedis j = Lab.jedis(s0)) {
            myid = new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "myid"));
            Map<String, String> m = Lab.master(j, "mymaster");
            assertThat(List.copyOf(m.keySet()).subList(0, 20)).containsExactly("name", "ip", "port", "runid", "flags",
                    "link-pending-commands", "link-refcount", "last-ping-sent", "last-ok-ping-reply", "last-ping-reply",
                    "down-after-milliseconds", "info-refresh", "role-reported", "role-reported-time", "config-epoch",
                    "num-slaves", "num-other-sentinels", "quorum", "failover-timeout", "parallel-syncs");
            assertThat(m).containsEntry("flags", "master").containsEntry("num-slaves", "2")
                    .containsEntry("num-other-sentinels", "2").containsEntry("quorum", "2");
            Map<String, String> r = Lab.maps(j, "replicas", "mymaster").get(0);
            assertThat(r).containsEntry("flags", "slave").containsEntry("master-link-status", "ok")
                    .containsEntry("master-host", "127.0.30.128").containsEntry("slave-priority", "100");
            Map<String, String> x = Lab.maps(j, "sentinels", "mymaster").get(0);
            assertThat(x.keySet()).endsWith("last-hello-message", "voted-leader", "voted-leader-epoch");
            assertThat(Lab.info(j, "sentinel")).containsEntry("sentinel_masters", "1").containsEntry("sentinel_tilt", "0")
                    .containsEntry("master0", "name=mymaster,status=ok,address=127.0.30.128:6479,slaves=2,sentinels=3");
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "ckquorum", "mymaster")))
                    .isEqualTo("OK 3 usable Sentinels. Quorum and failover authorization can be reached");
            @SuppressWarnings("unchecked")
            List<Object> role = (List<Object>) j.sendCommand(Protocol.Command.ROLE);
            assertThat(new String((byte[]) role.get(0))).isEqualTo("sentinel");
        }
        String log = s0.output();
        assertThat(log).containsPattern("\\d+:X \\d\\d \\w{3} \\d{4} [\\d:.]+ # Sentinel ID is " + myid);
        assertThat(log).contains("# +monitor master mymaster 127.0.30.128 6479 quorum 2");
        assertThat(log).contains("* +slave slave 127.0.30.129:6479 127.0.30.129 6479 @ mymaster 127.0.30.128 6479");
        assertThat(log).contains("* +slave slave 127.0.30.130:6479 127.0.30.130 6479 @ mymaster 127.0.30.128 6479");
        assertThat(log).containsPattern("\\* \\+sentinel sentinel [0-9a-f]{40} 127\\.0\\.30\\.129 26379 @ mymaster 127\\.0\\.30\\.128 6479");
        assertThat(log).containsPattern("\\* \\+sentinel sentinel [0-9a-f]{40} 127\\.0\\.30\\.130 26379 @ mymaster 127\\.0\\.30\\.128 6479");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(s0.config())
                .contains("sentinel myid " + myid)
                .contains("sentinel known-replica mymaster 127.0.30.129 6479")
                .contains("sentinel known-replica mymaster 127.0.30.130 6479")
                .containsPattern("sentinel known-sentinel mymaster 127\\.0\\.30\\.129 26379 [0-9a-f]{40}")
                .containsPattern("sentinel known-sentinel mymaster 127\\.0\\.30\\.130 26379 [0-9a-f]{40}"));
    }

    @Test
    @Order(2)
    void s7_redisCliAsksASentinelWhereTheMasterIs() throws Exception {
        assertThat(redisCli(HOSTS[1], "sentinel", "get-master-addr-by-name", "mymaster"))
                .isEqualTo("127.0.30.128\n6479\n");
        assertThat(redisCli(HOSTS[1], "sentinel", "get-master-addr-by-name", "nosuch")).isEqualTo("\n");
    }

    @Test
    @Order(3)
    void s4_killedMasterIsFailedOverWithRedisEventsInOrder() {
        try (Jedis j = Lab.jedis(master)) {
            j.set("key1", "100");
            oldReplid = Lab.info(j, "replication").get("master_replid");
        }
        master.close();
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            for (SentinelProcess s : sentinels) if (Lab.masterAddr(s, "mymaster").startsWith("127.0.30.128:")) return false;
            return true;
        });
        newMaster = Lab.masterAddr(sentinels.get(0), "mymaster");
        assertThat(newMaster).isIn("127.0.30.129:6479", "127.0.30.130:6479");
        for (SentinelProcess s : sentinels) assertThat(Lab.masterAddr(s, "mymaster")).isEqualTo(newMaster);
        await().atMost(Duration.ofSeconds(20)).until(() -> sentinels.stream().anyMatch(s -> s.output().contains("+failover-end")));
        leader = sentinels.stream().filter(s -> s.output().contains("+failover-end")).findFirst().orElseThrow();
        String leaderId;
        try (Jedis j = Lab.jedis(leader)) {
            leaderId = new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "myid"));
        }
        String newIp = newMaster.split(":")[0];
        String other = newIp.equals(HOSTS[1]) ? HOSTS[2] : HOSTS[1];
        String old = " @ mymaster 127.0.30.128 6479";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(leader.output())
                .contains("# +sdown slave 127.0.30.128:6479 127.0.30.128 6479 @ mymaster " + newIp + " 6479"));
        assertInOrder(leader.output(),
                "# +sdown master mymaster 127.0.30.128 6479",
                "# +odown master mymaster 127.0.30.128 6479 #quorum ",
                "# +new-epoch ",
                "# +try-failover master mymaster 127.0.30.128 6479",
                "# +vote-for-leader " + leaderId + " ",
                " voted for " + leaderId + " ",
                "# +elected-leader master mymaster 127.0.30.128 6479",
                "# +failover-state-select-slave master mymaster 127.0.30.128 6479",
                "# +selected-slave slave " + newMaster + " " + newIp + " 6479" + old,
                "* +failover-state-send-slaveof-noone slave " + newMaster + " " + newIp + " 6479" + old,
                "* +failover-state-wait-promotion slave " + newMaster + " " + newIp + " 6479" + old,
                "# +promoted-slave slave " + newMaster + " " + newIp + " 6479" + old,
                "# +failover-state-reconf-slaves master mymaster 127.0.30.128 6479",
                "* +slave-reconf-sent slave " + other + ":6479 " + other + " 6479" + old,
                "* +slave-reconf-inprog slave " + other + ":6479 " + other + " 6479" + old,
                "* +slave-reconf-done slave " + other + ":6479 " + other + " 6479" + old,
                "# +failover-end master mymaster 127.0.30.128 6479",
                "# +switch-master mymaster 127.0.30.128 6479 " + newIp + " 6479",
                "* +slave slave " + other + ":6479 " + other + " 6479 @ mymaster " + newIp + " 6479",
                "# +sdown slave 127.0.30.128:6479 127.0.30.128 6479 @ mymaster " + newIp + " 6479");
        assertThat(leader.output()).contains("* +slave slave 127.0.30.128:6479 127.0.30.128 6479 @ mymaster " + newIp + " 6479");
        assertThat(leader.output()).containsPattern("# \\+odown master mymaster 127\\.0\\.30\\.128 6479 #quorum [23]/2");
        assertThat(leader.output()).contains("# -odown master mymaster 127.0.30.128 6479");
        List<Long> electedEpochs = new ArrayList<>();
        for (SentinelProcess s : sentinels) {
            assertThat(s.output()).contains("# +switch-master mymaster 127.0.30.128 6479 " + newIp + " 6479");
            electedEpochs.addAll(electedEpochs(s.output()));
        }
        // Never two leaders in one epoch.
        assertThat(electedEpochs).doesNotHaveDuplicates();
        try (Jedis j = Lab.jedis(leader)) {
            assertThat(Lab.master(j, "mymaster")).containsEntry("last-failover-outcome", "succeeded")
                    .containsEntry("config-epoch", Lab.master(j, "mymaster").get("last-failover-epoch"));
        }
    }

    @Test
    @Order(4)
    void s8_everyEventIsPublishedOnTheChannelOfItsName() {
        String newIp = newMaster.split(":")[0];
        EventRecorder onLeader = recorders.get(sentinels.indexOf(leader));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (EventRecorder r : recorders) {
                assertThat(r.events).contains("+switch-master mymaster 127.0.30.128 6479 " + newIp + " 6479");
                assertThat(r.events).contains("+sdown master mymaster 127.0.30.128 6479");
            }
        });
        for (String e : List.of("+odown master mymaster 127.0.30.128 6479 #quorum", "+new-epoch ",
                "+try-failover master mymaster", "+vote-for-leader ", "+elected-leader master mymaster",
                "+failover-state-select-slave master mymaster", "+selected-slave slave ",
                "+failover-state-send-slaveof-noone slave ", "+failover-state-wait-promotion slave ",
                "+promoted-slave slave ", "+failover-state-reconf-slaves master", "+slave-reconf-sent slave ",
                "+slave-reconf-inprog slave ", "+slave-reconf-done slave ", "+failover-end master mymaster",
                "+slave slave 127.0.30.128:6479")) {
            assertThat(onLeader.has(e)).as(e).isTrue();
        }
    }

    @Test
    @Order(5)
    void s5_newMasterTakesWritesAndTheOtherReplicaFollowsIt() {
        String newIp = newMaster.split(":")[0];
        NodeProcess promoted = newIp.equals(HOSTS[1]) ? replica1 : replica2;
        NodeProcess follower = promoted == replica1 ? replica2 : replica1;
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = Lab.jedis(promoted)) {
                Map<String, String> r = Lab.info(j, "replication");
                assertThat(r).containsEntry("role", "master").containsEntry("connected_slaves", "1")
                        .containsEntry("master_replid2", oldReplid);
                assertThat(r.get("second_repl_offset")).isNotEqualTo("-1");
                assertThat(r.get("slave0")).startsWith("ip=" + follower.host() + ",port=6479,state=online");
                assertThat(j.set("key4", "linux")).isEqualTo("OK");
                assertThat(j.get("key1")).isEqualTo("100");
            }
        });
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = Lab.jedis(follower)) {
                assertThat(Lab.info(j, "replication")).containsEntry("role", "slave").containsEntry("master_host", newIp);
                assertThat(j.get("key4")).isEqualTo("linux");
            }
        });
        for (SentinelProcess s : sentinels) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(s.config())
                    .contains("sentinel monitor mymaster " + newIp + " 6479 2")
                    .containsPattern("sentinel config-epoch mymaster [1-9]")
                    .contains("sentinel known-replica mymaster 127.0.30.128 6479")
                    .contains("sentinel known-replica mymaster " + follower.host() + " 6479"));
        }
    }

    @Test
    @Order(6)
    void s6_oldMasterComesBackAsAReplicaWithTheKeysWrittenMeanwhile() {
        String newIp = newMaster.split(":")[0];
        master = Lab.node(HOSTS[0], NODE_PORT, "");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(leader.output())
                .contains("# -sdown slave 127.0.30.128:6479 127.0.30.128 6479 @ mymaster " + newIp + " 6479"));
        // Each sentinel's CLIENT KILL TYPE normal ends every client connection: ask on fresh ones.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = Lab.jedis(master)) {
                assertThat(Lab.info(j, "replication")).containsEntry("role", "slave").containsEntry("master_host", newIp)
                        .containsEntry("master_link_status", "up");
                assertThat(j.get("key4")).isEqualTo("linux");
            }
        });
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(JedisConnectionException.class).untilAsserted(() -> {
            try (Jedis j = Lab.jedis(master)) {
                assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SET, "key5"))
                        .isInstanceOf(JedisDataException.class)
                        .hasMessage("ERR wrong number of arguments for 'set' command");
            }
        });
        assertThat(sentinels.stream().anyMatch(s -> s.output()
                .contains("* +convert-to-slave slave 127.0.30.128:6479 127.0.30.128 6479 @ mymaster " + newIp + " 6479"))).isTrue();
    }

    @Test
    @Order(7)
    void s1_aRestartedSentinelResumesFromItsFile() {
        SentinelProcess s = sentinels.stream().filter(x -> x != leader).findFirst().orElseThrow();
        String id, epoch;
        try (Jedis j = Lab.jedis(s)) {
            id = new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "myid"));
            epoch = Lab.master(j, "mymaster").get("config-epoch");
        }
        s.restart();
        Lab.fastTimers(s);
        try (Jedis j = Lab.jedis(s)) {
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "myid"))).isEqualTo(id);
            Map<String, String> m = Lab.master(j, "mymaster");
            assertThat(m).containsEntry("config-epoch", epoch).containsEntry("num-other-sentinels", "2");
            assertThat(Integer.parseInt(m.get("num-slaves"))).isGreaterThanOrEqualTo(2);
        }
        assertThat(Lab.masterAddr(s, "mymaster")).isEqualTo(newMaster);
        java.util.regex.Matcher cur = Pattern.compile("sentinel current-epoch (\\d+)").matcher(s.config());
        assertThat(cur.find()).isTrue();
        assertThat(Long.parseLong(cur.group(1))).isGreaterThanOrEqualTo(Long.parseLong(epoch));
        recorders.set(sentinels.indexOf(s), null);
    }

    @Test
    @Order(8)
    void s9_oneGroupWatchesTwoMasters() {
        for (SentinelProcess s : sentinels) {
            try (Jedis j = Lab.jedis(s)) {
                assertThat(j.sendCommand(Protocol.Command.SENTINEL, "monitor", "othermaster", HOSTS[1],
                        Integer.toString(OTHER_PORT), "2")).isEqualTo("OK".getBytes());
                j.sendCommand(Protocol.Command.SENTINEL, "set", "othermaster", "down-after-milliseconds", "1000",
                        "failover-timeout", "10000");
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (SentinelProcess s : sentinels) {
                try (Jedis j = Lab.jedis(s)) {
                    assertThat(Lab.maps(j, "replicas", "othermaster")).hasSize(1);
                    assertThat(Lab.maps(j, "sentinels", "othermaster")).hasSize(2);
                    assertThat(Lab.info(j, "sentinel")).containsEntry("sentinel_masters", "2")
                            .containsEntry("master1", "name=othermaster,status=ok,address=" + HOSTS[1] + ":" + OTHER_PORT
                                    + ",slaves=1,sentinels=3");
                }
            }
        });
        otherMaster.close();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            for (SentinelProcess s : sentinels) {
                assertThat(Lab.masterAddr(s, "othermaster")).isEqualTo(HOSTS[2] + ":" + OTHER_PORT);
            }
        });
        for (SentinelProcess s : sentinels) assertThat(Lab.masterAddr(s, "mymaster")).isEqualTo(newMaster);
        try (Jedis j = new Jedis(otherReplica.host(), otherReplica.port())) {
            assertThat(Lab.info(j, "replication")).containsEntry("role", "master");
        }
    }

    @Test
    @Order(9)
    void healthShowsEachMasterAndQuorum() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + HOSTS[2] + ":27379/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"mymaster\"").contains("\"othermaster\"")
                .contains("\"quorumReachable\":true").contains("\"state\":\"ok\"");
    }

    @Test
    @Order(10)
    void anAbortedFailoverSaysWhyInSentinelMaster() {
        for (SentinelProcess s : sentinels) {
            try (Jedis j = Lab.jedis(s)) {
                j.sendCommand(Protocol.Command.SENTINEL, "set", "othermaster", "failover-timeout", "1000");
            }
        }
        // Its only replica is the old master, still dead: nobody can be promoted.
        otherReplica.close();
        String abort = "# -failover-abort-no-good-slave master othermaster " + HOSTS[2] + " " + OTHER_PORT;
        await().atMost(Duration.ofSeconds(30)).until(() -> sentinels.stream().anyMatch(s -> s.output().contains(abort)));
        SentinelProcess s = sentinels.stream().filter(x -> x.output().contains(abort)).findFirst().orElseThrow();
        try (Jedis j = Lab.jedis(s)) {
            Map<String, String> m = Lab.master(j, "othermaster");
            assertThat(m.get("flags")).contains("o_down");
            assertThat(m).containsEntry("last-failover-outcome", "aborted");
            assertThat(m.get("last-failover-reason")).startsWith("no good replica: " + HOSTS[1] + ":" + OTHER_PORT + " down");
            assertThat(List.copyOf(m.keySet()).indexOf("parallel-syncs")).isLessThan(List.copyOf(m.keySet()).indexOf("last-failover-outcome"));
        }
        for (SentinelProcess x : sentinels) {
            try (Jedis j = Lab.jedis(x)) {
                j.sendCommand(Protocol.Command.SENTINEL, "remove", "othermaster");
            }
        }
    }

    @Test
    @Order(11)
    void manualFailoverNeedsNoAgreement() {
        SentinelProcess s = sentinels.get(0);
        try (Jedis j = Lab.jedis(s)) {
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "failover", "mymaster"))).isEqualTo("OK");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (SentinelProcess x : sentinels) assertThat(Lab.masterAddr(x, "mymaster")).isNotEqualTo(newMaster);
        });
        String now = Lab.masterAddr(s, "mymaster");
        for (SentinelProcess x : sentinels) assertThat(Lab.masterAddr(x, "mymaster")).isEqualTo(now);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(s.output())
                .contains("Executing user requested FAILOVER of 'mymaster'")
                .contains("# +switch-master mymaster " + newMaster.replace(':', ' ') + " " + now.replace(':', ' ')));
        // The master it replaced is turned into a replica of the new one.
        NodeProcess previous = newMaster.startsWith(HOSTS[1]) ? replica1 : replica2;
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = Lab.jedis(previous)) {
                assertThat(Lab.info(j, "replication")).containsEntry("role", "slave")
                        .containsEntry("master_host", now.split(":")[0]);
            }
        });
    }

    @Test
    @Order(12)
    void aStalledSentinelEntersTiltAndLeavesIt() throws Exception {
        SentinelProcess s = sentinels.get(1);
        try (Jedis j = Lab.jedis(s)) {
            j.sendCommand(Protocol.Command.SENTINEL, "debug", "tilt-period", "1000");
        }
        signal("STOP", s.pid());
        Thread.sleep(3000);
        signal("CONT", s.pid());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(s.output())
                .contains("# +tilt #tilt mode entered").contains("# -tilt #tilt mode exited"));
        try (Jedis j = Lab.jedis(s)) {
            assertThat(Lab.info(j, "sentinel")).containsEntry("sentinel_tilt", "0");
        }
    }

    @Test
    @Order(13)
    void healthIsDownWhenTheQuorumCannotBeReached() throws Exception {
        SentinelProcess a = sentinels.get(0), b = sentinels.get(1);
        signal("STOP", a.pid());
        signal("STOP", b.pid());
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://" + HOSTS[2] + ":27379/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).contains("\"status\":\"DOWN\"").contains("\"quorumReachable\":false")
                        .contains("\"reachableSentinels\":1");
            });
        } finally {
            signal("CONT", a.pid());
            signal("CONT", b.pid());
        }
    }

    static void signal(String sig, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
    }

    static void assertInOrder(String log, String... parts) {
        int at = 0;
        for (String p : parts) {
            int i = log.indexOf(p, at);
            assertThat(i).as("'%s' after position %d in:%n%s", p, at, log).isGreaterThanOrEqualTo(0);
            at = i + p.length();
        }
    }

    /** The epochs in which this sentinel was elected: the last +new-epoch before each +elected-leader. */
    static List<Long> electedEpochs(String log) {
        List<Long> out = new ArrayList<>();
        long epoch = 0;
        for (String line : log.split("\n")) {
            int i = line.indexOf("+new-epoch ");
            if (i >= 0) epoch = Long.parseLong(line.substring(i + 11).trim());
            if (line.contains("+elected-leader")) out.add(epoch);
        }
        return out;
    }

    static String redisCli(String host, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", host, "-p", Integer.toString(Lab.SENTINEL_PORT)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
