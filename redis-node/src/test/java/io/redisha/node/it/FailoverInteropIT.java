package io.redisha.node.it;

import io.redisha.testkit.RealRedis;
import io.redisha.testkit.NodeProcess;
import static io.redisha.node.it.ReplicationIT.info;
import static io.redisha.node.it.ReplicationInteropIT.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/** FAILOVER between our node and a real redis-server 7.0, both ways, each time with a partial resync. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverInteropIT {
    static NodeProcess ours;
    static RealRedis real;

    @BeforeAll
    static void start() {
        ours = NodeProcess.start("--save", "", "--repl-diskless-sync-delay", "0");
        real = RealRedis.start("--replicaof", ours.host(), Integer.toString(ours.port()));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(realInfo("replication")).containsEntry("master_link_status", "up"));
        // The replica says "up" before its first ACK reaches us; only then is it online here.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(info(ours, "replication").get("slave0")).contains("state=online"));
    }

    @AfterAll
    static void stop() {
        if (real != null) real.close();
        if (ours != null) ours.close();
    }

    static Map<String, String> realInfo(String section) {
        try (Jedis j = new Jedis(real.host(), real.port())) {
            return parse(j.info(section));
        }
    }

    @Test
    @Order(1)
    void ourMasterFailsOverToARealReplica() {
        String oldId = info(ours, "replication").get("master_replid");
        try (Jedis m = new Jedis(ours.host(), ours.port())) {
            m.set("k1", "ours");
            assertThat(FailoverIT.failover(m, "TO", real.host(), Integer.toString(real.port()))).isEqualTo("OK");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(realInfo("replication")).containsEntry("role", "master");
            assertThat(info(ours, "replication")).containsEntry("role", "slave")
                    .containsEntry("master_port", Integer.toString(real.port()))
                    .containsEntry("master_link_status", "up").containsEntry("master_failover_state", "no-failover")
                    .containsEntry("master_replid2", oldId);
        });
        assertThat(realInfo("stats")).containsEntry("sync_full", "0").containsEntry("sync_partial_ok", "1");
        try (Jedis r = new Jedis(real.host(), real.port()); Jedis o = new Jedis(ours.host(), ours.port())) {
            assertThat(r.get("k1")).isEqualTo("ours");
            r.set("k2", "real");
            await().atMost(Duration.ofSeconds(5)).until(() -> "real".equals(o.get("k2")));
        }
    }

    @Test
    @Order(2)
    void aRealMasterFailsOverToOurReplica() {
        String oldId = realInfo("replication").get("master_replid");
        long fullBefore = Long.parseLong(info(ours, "stats").get("sync_full"));
        try (Jedis r = new Jedis(real.host(), real.port())) {
            r.set("k3", "real");
            assertThat(FailoverIT.failover(r, "TO", ours.host(), Integer.toString(ours.port()))).isEqualTo("OK");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(info(ours, "replication")).containsEntry("role", "master").containsEntry("connected_slaves", "1");
            assertThat(realInfo("replication")).containsEntry("role", "slave")
                    .containsEntry("master_port", Integer.toString(ours.port()))
                    .containsEntry("master_link_status", "up").containsEntry("master_failover_state", "no-failover")
                    .containsEntry("master_replid2", oldId);
        });
        assertThat(info(ours, "stats").get("sync_full")).isEqualTo(Long.toString(fullBefore));
        try (Jedis o = new Jedis(ours.host(), ours.port()); Jedis r = new Jedis(real.host(), real.port())) {
            assertThat(o.get("k3")).isEqualTo("real");
            o.set("k4", "ours");
            await().atMost(Duration.ofSeconds(5)).until(() -> "ours".equals(r.get("k4")));
        }
    }
}
