package io.redisha.node.it;

import static io.redisha.node.it.ReplicationIT.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.RealRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Replication between our node and a real redis-server 7.0, both ways. */
class ReplicationInteropIT {

    @Test
    void ourReplicaOfARealRedisMaster() {
        try (RealRedis real = RealRedis.start("--repl-diskless-sync-delay", "0");
             Jedis m = new Jedis(real.host(), real.port())) {
            RdbPersistenceIT.populate(m);
            try (NodeProcess ours = NodeProcess.start("--save", "", "--replicaof", real.host(), Integer.toString(real.port()));
                 Jedis r = new Jedis(ours.host(), ours.port())) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(info(ours, "replication")).containsEntry("master_link_status", "up"));
                RdbPersistenceIT.verify(r);
                m.set("live", "stream");
                m.select(3);
                m.incr("counter");
                m.select(0);
                m.del("str");
                await().atMost(Duration.ofSeconds(5)).until(() -> "stream".equals(r.get("live")));
                assertThat(r.get("str")).isNull();
                r.select(3);
                assertThat(r.get("counter")).isEqualTo("1");
                assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
                Map<String, String> mi = info(ours, "replication");
                Map<String, String> ri;
                try (Jedis x = new Jedis(real.host(), real.port())) {
                    ri = parse(x.info("replication"));
                }
                assertThat(mi.get("master_replid")).isEqualTo(ri.get("master_replid"));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(info(ours, "replication").get("slave_repl_offset"))
                                .isEqualTo(parse(new Jedis(real.host(), real.port()).info("replication")).get("master_repl_offset")));
            }
        }
    }

    @Test
    void aRealRedisReplicaOfOurMaster() {
        try (NodeProcess ours = NodeProcess.start("--save", "", "--repl-diskless-sync-delay", "0");
             Jedis m = new Jedis(ours.host(), ours.port())) {
            RdbPersistenceIT.populate(m);
            try (RealRedis real = RealRedis.start("--replicaof", ours.host(), Integer.toString(ours.port()));
                 Jedis r = new Jedis(real.host(), real.port())) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(parse(r.info("replication"))).containsEntry("master_link_status", "up"));
                RdbPersistenceIT.verify(r);
                m.set("live", "stream");
                m.hset("bighash", "f0", "changed");
                m.select(3);
                m.set("in-db3", "changed");
                m.select(0);
                await().atMost(Duration.ofSeconds(5)).until(() -> "stream".equals(r.get("live")));
                assertThat(r.hget("bighash", "f0")).isEqualTo("changed");
                r.select(3);
                assertThat(r.get("in-db3")).isEqualTo("changed");
                assertThat(m.waitReplicas(1, 2000)).isEqualTo(1);
                assertThat(info(ours, "replication")).containsEntry("connected_slaves", "1");
                assertThat(info(ours, "replication").get("slave0")).contains("state=online");
            }
        }
    }

    static Map<String, String> parse(String info) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : info.split("\r\n")) {
            int i = line.indexOf(':');
            if (i > 0 && !line.startsWith("#")) m.put(line.substring(0, i), line.substring(i + 1));
        }
        return m;
    }
}
