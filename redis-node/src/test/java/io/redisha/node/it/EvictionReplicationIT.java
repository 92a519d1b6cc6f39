package io.redisha.node.it;

import io.redisha.testkit.NodeProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Evicted keys reach replicas as DEL; a replica does not evict on its own. */
class EvictionReplicationIT extends NodeTestBase {
    private static final String KB = "x".repeat(1024);

    void limitTo(int kb) {
        long used = 0;
        for (String line : j.info("memory").split("\r\n")) {
            if (line.startsWith("used_memory:")) used = Long.parseLong(line.substring("used_memory:".length()));
        }
        j.configSet("maxmemory", Long.toString(used + kb * 1100L));
    }

    @Test
    void evictionIsPropagatedAsDelAndReplicasDoNotEvict() {
        try (NodeProcess replica = NodeProcess.start("--save", "", "--replicaof", node.host(), Integer.toString(node.port()),
                "--repl-diskless-sync-delay", "0");
             Jedis r = new Jedis(replica.host(), replica.port())) {
            await().atMost(Duration.ofSeconds(40)).until(() -> r.info("replication").contains("master_link_status:up"));
            r.configSet("maxmemory", "1");             // ignored: replica-ignore-maxmemory yes
            j.configSet("maxmemory-policy", "allkeys-random");
            limitTo(30);
            for (int i = 0; i < 200; i++) j.set("k:" + i, KB);
            long kept = j.dbSize();
            assertThat(kept).isLessThan(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> r.dbSize() == kept);
            for (int i = 0; i < 200; i++) assertThat(r.exists("k:" + i)).isEqualTo(j.exists("k:" + i));
        }
    }

}
