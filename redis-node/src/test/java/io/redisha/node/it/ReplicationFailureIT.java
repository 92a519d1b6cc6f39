package io.redisha.node.it;

import static io.redisha.node.it.ReplicationIT.awaitLinkUp;
import static io.redisha.node.it.ReplicationIT.client;
import static io.redisha.node.it.ReplicationIT.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/** Nodes that die (SIGKILL) and come back, as in the seed's R5. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationFailureIT {
    static final String M_HOST = ReplicationIT.M_HOST, R1_HOST = ReplicationIT.R1_HOST, R2_HOST = ReplicationIT.R2_HOST;
    static NodeProcess master, replica1, replica2;
    static String masterPort;

    @BeforeAll
    static void start() throws Exception {
        masterPort = Integer.toString(NodeProcess.freePort());
        master = startMaster();
        String port2 = Integer.toString(NodeProcess.freePort());
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> startReplica(R2_HOST, port2));
        replica1 = startReplica(R1_HOST, Integer.toString(NodeProcess.freePort()));
        replica2 = second.join();
        awaitLinkUp(replica1);
        awaitLinkUp(replica2);
    }

    static NodeProcess startMaster() {
        return NodeProcess.start("--bind", M_HOST, "--port", masterPort, "--save", "", "--repl-diskless-sync-delay", "0");
    }

    static NodeProcess startReplica(String host, String port) {
        return NodeProcess.start("--bind", host, "--port", port, "--save", "", "--replicaof", M_HOST, masterPort);
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] {replica2, replica1, master}) if (n != null) n.close();
    }

    @Test
    @Order(1)
    void aKilledReplicaDoesNotDisturbTheOthersAndResyncsWhenRestarted() {
        String port = Integer.toString(replica2.port());
        replica2.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(info(master, "replication")).containsEntry("connected_slaves", "1"));
        try (Jedis m = client(master); Jedis r1 = client(replica1)) {
            m.set("while-down", "yes");
            await().atMost(Duration.ofSeconds(5)).until(() -> "yes".equals(r1.get("while-down")));
        }
        long fullBefore = Long.parseLong(info(master, "stats").get("sync_full"));
        // The restarted replica has no persisted replication id: it asks for a full resync.
        replica2 = startReplica(R2_HOST, port);
        awaitLinkUp(replica2);
        try (Jedis r2 = client(replica2)) {
            assertThat(r2.get("while-down")).isEqualTo("yes");
        }
        assertThat(Long.parseLong(info(master, "stats").get("sync_full"))).isEqualTo(fullBefore + 1);
        assertThat(info(master, "replication")).containsEntry("connected_slaves", "2");
    }

    @Test
    @Order(2)
    void replicasOfADeadMasterServeReadsRefuseWritesAndReconnect() {
        try (Jedis m = client(master)) {
            m.set("before", "crash");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (Jedis r = client(replica2)) {
                return "crash".equals(r.get("before"));
            }
        });
        master.close();
        for (NodeProcess r : new NodeProcess[] {replica1, replica2}) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(info(r, "replication")).containsEntry("master_link_status", "down")
                            .containsEntry("role", "slave").containsKey("master_link_down_since_seconds"));
            try (Jedis j = client(r)) {
                assertThat(j.get("before")).isEqualTo("crash");
                assertThatThrownBy(() -> j.set("x", "1")).hasMessage("READONLY You can't write against a read only replica.");
            }
        }
        // Redis's line for the failed reconnects: S for a replica, and no address after the reason.
        Pattern refused = Pattern.compile("(?m)^\\d+:S \\d\\d \\w{3} \\d{4} [\\d:.]+ # "
                + "Error condition on socket for SYNC: Connection refused$");
        await().atMost(Duration.ofSeconds(5)).until(() -> refused.matcher(replica1.output()).find());
        master = startMaster();
        awaitLinkUp(replica1);
        awaitLinkUp(replica2);
        try (Jedis m = client(master)) {
            m.set("after", "restart");
        }
        for (NodeProcess r : new NodeProcess[] {replica1, replica2}) {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (Jedis j = client(r)) {
                    return "restart".equals(j.get("after"));
                }
            });
        }
        assertThat(info(master, "replication")).containsEntry("connected_slaves", "2");
    }
}
