package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.ReplicaSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** One master and two replicas of ours, each on its own loopback address, as in the seed's lab (R1-R4, R7). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {
    static final String M_HOST = ReplicaSet.MASTER_HOST, R1_HOST = ReplicaSet.REPLICA1_HOST, R2_HOST = ReplicaSet.REPLICA2_HOST;
    static ReplicaSet lab;
    static NodeProcess master, replica1, replica2;

    @BeforeAll
    static void start() {
        // The second replica uses the old name of the directive, which Redis still accepts.
        lab = ReplicaSet.start(List.of("--repl-diskless-sync-delay", "0"),
                port -> ReplicaSet.replicaOf(port, "--repl-diskless-sync-delay", "0"),
                port -> List.of("--slaveof", M_HOST, Integer.toString(port)));
        master = lab.master;
        replica1 = lab.replica1;
        replica2 = lab.replica2;
        awaitLinkUp(replica1);
        awaitLinkUp(replica2);
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    static Jedis client(NodeProcess n) {
        return new Jedis(n.host(), n.port());
    }

    static Map<String, String> info(NodeProcess n, String section) {
        try (Jedis j = client(n)) {
            Map<String, String> m = new HashMap<>();
            for (String line : j.info(section).split("\r\n")) {
                int i = line.indexOf(':');
                if (i > 0 && !line.startsWith("#")) m.put(line.substring(0, i), line.substring(i + 1));
            }
            return m;
        }
    }

    static String str(Object o) {
        return o instanceof byte[] b ? new String(b) : String.valueOf(o);
    }

    static void awaitLinkUp(NodeProcess replica) {
        // A node busy with a full sync on a loaded machine may miss a 2 s read timeout: ask again.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(info(replica, "replication")).containsEntry("master_link_status", "up"));
    }

    @Test
    @Order(1)
    void writesOnTheMasterReachBothReplicas() {
        try (Jedis m = client(master); Jedis r1 = client(replica1); Jedis r2 = client(replica2)) {
            assertThat(r1.keys("*")).isEmpty();
            m.set("key1", "100");
            m.set("key2", "lzx");
            m.select(5);
            m.hset("h", Map.of("f", "v"));
            m.select(0);
            m.psetex("ttl", 100_000, "v");
            m.rpush("list", "a", "b", "c");
            m.lpop("list");
            for (Jedis r : List.of(r1, r2)) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(r.get("key1")).isEqualTo("100");
                    assertThat(r.get("key2")).isEqualTo("lzx");
                    assertThat(r.lrange("list", 0, -1)).containsExactly("b", "c");
                    assertThat(r.pttl("ttl")).isBetween(1L, 100_000L);
                });
                r.select(5);
                assertThat(r.hget("h", "f")).isEqualTo("v");
                r.select(0);
            }
            assertThat(r1.configGet("dbfilename")).containsEntry("dbfilename", "dump.rdb");
        }
    }

    @Test
    @Order(2)
    void replicasRefuseWritesFromClients() {
        try (Jedis r1 = client(replica1)) {
            assertThatThrownBy(() -> r1.set("x", "1")).isInstanceOf(JedisDataException.class)
                    .hasMessage("READONLY You can't write against a read only replica.");
            assertThat(r1.ping()).isEqualTo("PONG");
            assertThat(r1.get("key1")).isEqualTo("100");
        }
    }

    @Test
    @Order(3)
    void infoReplicationOnBothSides() {
        try (Jedis m = client(master)) {
            m.set("sync", "me");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, String> mi = info(master, "replication");
            assertThat(mi).containsEntry("role", "master").containsEntry("connected_slaves", "2")
                    .containsEntry("master_failover_state", "no-failover")
                    .containsEntry("master_replid2", "0".repeat(40)).containsEntry("second_repl_offset", "-1")
                    .containsEntry("repl_backlog_active", "1").containsEntry("repl_backlog_size", "1048576");
            assertThat(mi.get("master_replid")).matches("[0-9a-f]{40}");
            long offset = Long.parseLong(mi.get("master_repl_offset"));
            assertThat(offset).isPositive();
            assertThat(mi.get("slave0")).matches("ip=127\\.0\\.30\\.1(29|30),port=\\d+,state=online,offset=\\d+,lag=\\d+");
            assertThat(List.of(mi.get("slave0"), mi.get("slave1"))).anyMatch(s -> s.startsWith("ip=" + R1_HOST + ",port=" + replica1.port()))
                    .anyMatch(s -> s.startsWith("ip=" + R2_HOST + ",port=" + replica2.port()));
            Map<String, String> ri = info(replica1, "replication");
            assertThat(ri).containsEntry("role", "slave").containsEntry("master_host", M_HOST)
                    .containsEntry("master_port", Integer.toString(master.port()))
                    .containsEntry("master_link_status", "up").containsEntry("master_sync_in_progress", "0")
                    .containsEntry("slave_priority", "100").containsEntry("slave_read_only", "1")
                    .containsEntry("connected_slaves", "0").containsEntry("master_replid", mi.get("master_replid"))
                    .containsEntry("slave_repl_offset", Long.toString(offset))
                    .containsEntry("master_repl_offset", Long.toString(offset));
            assertThat(ri).containsKeys("master_last_io_seconds_ago", "slave_read_repl_offset", "repl_backlog_histlen");
        });
        try (Jedis m = client(master); Jedis r = client(replica1)) {
            List<Object> role = m.role();
            assertThat(str(role.get(0))).isEqualTo("master");
            assertThat((List<?>) role.get(2)).hasSize(2);
            List<Object> rrole = r.role();
            assertThat(str(rrole.get(0))).isEqualTo("slave");
            assertThat(str(rrole.get(3))).isEqualTo("connected");
        }
    }

    @Test
    @Order(4)
    void waitCountsAcknowledgingReplicas() {
        try (Jedis m = client(master)) {
            m.set("w", "1");
            assertThat(m.waitReplicas(2, 2000)).isEqualTo(2);
            assertThat(m.waitReplicas(3, 300)).isEqualTo(2);
        }
        try (Jedis r = client(replica1)) {
            assertThatThrownBy(() -> r.waitReplicas(1, 10)).hasMessageStartingWith("ERR WAIT cannot be used with replica instances.");
        }
    }

    @Test
    @Order(5)
    void minReplicasToWriteRefusesWrites() {
        try (Jedis m = client(master)) {
            m.configSet("min-replicas-to-write", "3");
            assertThatThrownBy(() -> m.set("nope", "1")).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOREPLICAS Not enough good replicas to write.");
            assertThat(info(master, "replication")).containsEntry("min_slaves_good_slaves", "2");
            m.configSet("min-replicas-to-write", "2");
            assertThat(m.set("yes", "1")).isEqualTo("OK");
            m.configSet("min-replicas-to-write", "0");
        }
    }

    @Test
    @Order(6)
    void promotedReplicaServesTheOtherWithAPartialResync() {
        String oldId = info(master, "replication").get("master_replid");
        try (Jedis r1 = client(replica1); Jedis r2 = client(replica2)) {
            assertThat(r1.replicaofNoOne()).isEqualTo("OK");
            Map<String, String> promoted = info(replica1, "replication");
            assertThat(promoted).containsEntry("role", "master").containsEntry("master_replid2", oldId);
            assertThat(Long.parseLong(promoted.get("second_repl_offset")))
                    .isEqualTo(Long.parseLong(promoted.get("master_repl_offset")) + 1);
            r1.set("after", "promotion");
            assertThat(r2.replicaof(R1_HOST, replica1.port())).isEqualTo("OK");
            awaitLinkUp(replica2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(r2.get("after")).isEqualTo("promotion"));
            assertThat(r2.get("key1")).isEqualTo("100");
            assertThat(info(replica1, "stats")).containsEntry("sync_partial_ok", "1").containsEntry("sync_full", "0");
            assertThat(info(replica1, "replication")).containsEntry("connected_slaves", "1");
            assertThat(r2.configGet("replicaof")).containsEntry("replicaof", R1_HOST + " " + replica1.port());
        }
    }

    @Test
    @Order(7)
    void aReplicaOfAReplicaGetsTheMastersWrites() {
        // replica2 follows replica1; replica1 goes back under the master: a chain of three.
        try (Jedis r1 = client(replica1); Jedis m = client(master); Jedis r2 = client(replica2)) {
            assertThat(r1.replicaof(M_HOST, master.port())).isEqualTo("OK");
            awaitLinkUp(replica1);
            m.set("chained", "write");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(r2.get("chained")).isEqualTo("write");
                assertThat(r2.get("after")).isNull(); // replica1's own history was replaced by the master's
            });
            Map<String, String> tail = info(replica2, "replication");
            assertThat(tail).containsEntry("master_host", R1_HOST).containsEntry("master_link_status", "up")
                    .containsEntry("master_replid", info(master, "replication").get("master_replid"));
            assertThat(info(replica1, "replication")).containsEntry("role", "slave").containsEntry("connected_slaves", "1");
        }
    }
}
