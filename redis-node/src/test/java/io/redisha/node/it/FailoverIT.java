package io.redisha.node.it;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.ReplicaSet;
import static io.redisha.node.it.ReplicationIT.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * FAILOVER between three nodes of ours on three loopback addresses: Redis's errors, the write
 * pause while the master waits for its target, TIMEOUT, ABORT, FORCE, and the switch itself
 * with a partial resync of the old master.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
    static final String A_HOST = ReplicaSet.MASTER_HOST, B_HOST = ReplicaSet.REPLICA1_HOST, C_HOST = ReplicaSet.REPLICA2_HOST;
    static ReplicaSet lab;
    static NodeProcess a, b, c;

    @BeforeAll
    static void start() {
        lab = ReplicaSet.start(List.of("--repl-diskless-sync-delay", "0"),
                port -> ReplicaSet.replicaOf(port, "--repl-diskless-sync-delay", "0"),
                port -> ReplicaSet.replicaOf(port));
        a = lab.master;
        b = lab.replica1;
        c = lab.replica2;
        ReplicationIT.awaitLinkUp(b);
        ReplicationIT.awaitLinkUp(c);
    }

    @AfterAll
    static void stop() {
        // SIGKILL also ends a node a test left stopped with SIGSTOP.
        if (lab != null) lab.close();
    }

    static Jedis client(NodeProcess n) {
        return new Jedis(n.host(), n.port());
    }

    static Object failover(Jedis j, String... args) {
        Object r = j.sendCommand(() -> "FAILOVER".getBytes(), args);
        return ReplicationIT.str(r);
    }

    /** SIGSTOP / SIGCONT: a replica that stops acknowledging, to hold a failover in waiting-for-sync. */
    static void signal(NodeProcess n, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(n.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String state(NodeProcess n) {
        return info(n, "replication").get("master_failover_state");
    }

    static void awaitRole(NodeProcess n, String role) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(info(n, "replication")).containsEntry("role", role));
    }

    @Test
    @Order(1)
    void errorsAsRedis() {
        try (Jedis m = client(a); Jedis r = client(b)) {
            assertThatThrownBy(() -> failover(m, "ABORT")).hasMessage("ERR No failover in progress.");
            assertThatThrownBy(() -> failover(m, "FORCE"))
                    .hasMessage("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
            assertThatThrownBy(() -> failover(m, "TO", B_HOST, Integer.toString(b.port()), "FORCE"))
                    .hasMessage("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
            assertThatThrownBy(() -> failover(m, "TIMEOUT", "0")).hasMessage("ERR FAILOVER timeout must be greater than 0");
            assertThatThrownBy(() -> failover(m, "TIMEOUT", "x")).hasMessage("ERR value is not an integer or out of range");
            assertThatThrownBy(() -> failover(m, "TO", B_HOST, "x")).hasMessage("ERR value is not an integer or out of range");
            assertThatThrownBy(() -> failover(m, "TIMEOUT", "5", "TIMEOUT", "6")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> failover(m, "ABORT", "TIMEOUT", "5")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> failover(m, "TO", "127.0.30.131", Integer.toString(b.port())))
                    .hasMessage("ERR FAILOVER target HOST and PORT is not a replica.");
            assertThatThrownBy(() -> failover(r)).hasMessage("ERR FAILOVER is not valid when server is a replica.");
            assertThatThrownBy(() -> m.sendCommand(() -> "PSYNC".getBytes(), "0123", "1", "FAILOVER"))
                    .hasMessage("ERR PSYNC FAILOVER replid must match my replid.");
            assertThat(state(a)).isEqualTo("no-failover");
        }
    }

    @Test
    @Order(2)
    void writesWaitWhileTheTargetCatchesUpThenTheTimeoutRollsBack() throws Exception {
        try (Jedis m = client(a); Jedis writer = client(a)) {
            signal(c, "STOP");
            try {
                m.set("before-timeout", "1");
                assertThat(failover(m, "TO", C_HOST, Integer.toString(c.port()), "TIMEOUT", "1500")).isEqualTo("OK");
                assertThat(state(a)).isEqualTo("waiting-for-sync");
                assertThatThrownBy(() -> failover(m)).hasMessage("ERR FAILOVER already in progress.");
                assertThatThrownBy(() -> m.replicaofNoOne()).hasMessage("ERR REPLICAOF not allowed while failing over.");
                assertThatThrownBy(() -> m.sendCommand(() -> "PSYNC".getBytes(), "?", "-1"))
                        .hasMessage("NOMASTERLINK Can't SYNC while failing over");
                long t0 = System.nanoTime();
                CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> writer.set("held", "v"));
                // Reads go on while writes wait.
                assertThat(m.get("before-timeout")).isEqualTo("1");
                assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThan(500);
                assertThat(state(a)).isEqualTo("no-failover");
                assertThat(info(a, "replication")).containsEntry("role", "master");
                assertThat(m.get("held")).isEqualTo("v");
            } finally {
                signal(c, "CONT");
            }
        }
    }

    @Test
    @Order(3)
    void abortReleasesTheHeldWrites() throws Exception {
        try (Jedis m = client(a); Jedis writer = client(a)) {
            signal(c, "STOP");
            try {
                m.set("before-abort", "1");
                assertThat(failover(m, "TO", C_HOST, Integer.toString(c.port()))).isEqualTo("OK");
                CompletableFuture<Long> held = CompletableFuture.supplyAsync(() -> writer.incr("counter"));
                // Parked, not refused.
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !held.isDone());
                assertThat(failover(m, "ABORT")).isEqualTo("OK");
                assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo(1L);
                assertThat(state(a)).isEqualTo("no-failover");
            } finally {
                signal(c, "CONT");
            }
        }
    }

    @Test
    @Order(4)
    void switchesToTheTargetWithAPartialResync() {
        Map<String, String> before = info(a, "replication");
        Jedis blocked = client(a);
        CompletableFuture<List<String>> blpop = CompletableFuture.supplyAsync(() -> blocked.blpop(0, "never-pushed"));
        Jedis waiting = client(a);
        CompletableFuture<Long> wait = CompletableFuture.supplyAsync(() -> waiting.waitReplicas(5, 0));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(info(a, "clients")).containsEntry("blocked_clients", "2"));
        try (Jedis m = client(a)) {
            m.set("k", "from-a");
            m.rpush("list", "1", "2", "3");
            assertThat(failover(m, "TO", B_HOST, Integer.toString(b.port()))).isEqualTo("OK");
        }
        awaitRole(b, "master");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Map<String, String> ai = info(a, "replication");
            assertThat(ai).containsEntry("role", "slave").containsEntry("master_host", B_HOST)
                    .containsEntry("master_port", Integer.toString(b.port()))
                    .containsEntry("master_link_status", "up").containsEntry("master_failover_state", "no-failover");
            // The new history continues the old one.
            assertThat(ai.get("master_replid2")).isEqualTo(before.get("master_replid"));
        });
        // A client blocked on the old master is failed, not left for the new master's stream to serve.
        assertThatThrownBy(() -> blpop.get(5, TimeUnit.SECONDS)).hasRootCauseMessage(
                "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
        assertThatThrownBy(() -> wait.get(5, TimeUnit.SECONDS)).hasRootCauseMessage(
                "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
        blocked.close();
        waiting.close();
        Map<String, String> stats = info(b, "stats");
        assertThat(stats).containsEntry("sync_full", "0");
        assertThat(Long.parseLong(stats.get("sync_partial_ok"))).isGreaterThanOrEqualTo(1);
        try (Jedis nb = client(b); Jedis old = client(a); Jedis chained = client(c)) {
            assertThat(nb.get("k")).isEqualTo("from-a");
            assertThatThrownBy(() -> old.set("x", "1")).isInstanceOf(JedisDataException.class)
                    .hasMessage("READONLY You can't write against a read only replica.");
            nb.set("after", "from-b");
            // c stays a replica of a, now a chained replica of b.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(old.get("after")).isEqualTo("from-b");
                assertThat(chained.get("after")).isEqualTo("from-b");
            });
            assertThat(chained.lrange("list", 0, -1)).containsExactly("1", "2", "3");
        }
        assertThat(info(c, "replication")).containsEntry("master_host", A_HOST);
    }

    @Test
    @Order(5)
    void forceFailsOverAfterTheTimeout() {
        // b is the master, a its replica (with c behind a).
        try (Jedis m = client(b)) {
            signal(a, "STOP");
            try {
                m.set("forced", "1");
                assertThat(failover(m, "TO", A_HOST, Integer.toString(a.port()), "TIMEOUT", "300", "FORCE")).isEqualTo("OK");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    Map<String, String> bi = info(b, "replication");
                    assertThat(bi).containsEntry("role", "slave").containsEntry("master_host", A_HOST)
                            .containsEntry("master_failover_state", "failover-in-progress");
                });
                assertThatThrownBy(() -> m.set("y", "1")).hasMessage("READONLY You can't write against a read only replica.");
            } finally {
                signal(a, "CONT");
            }
        }
        awaitRole(a, "master");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(info(b, "replication"))
                .containsEntry("master_failover_state", "no-failover").containsEntry("master_link_status", "up"));
        try (Jedis na = client(a)) {
            assertThat(na.get("forced")).isEqualTo("1");
        }
    }

    @Test
    @Order(6)
    void anyCaughtUpReplicaWhenNoTargetIsNamed() {
        // a is the master again, with b and c as replicas.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(info(a, "replication")).containsEntry("connected_slaves", "2"));
        try (Jedis m = client(a)) {
            m.set("any", "1");
            assertThat(failover(m)).isEqualTo("OK");
        }
        awaitRole(a, "slave");
        String host = info(a, "replication").get("master_host");
        NodeProcess newMaster = host.equals(B_HOST) ? b : c;
        awaitRole(newMaster, "master");
        try (Jedis nm = client(newMaster)) {
            assertThat(nm.get("any")).isEqualTo("1");
        }
        // A master without replicas cannot fail over.
        NodeProcess other = newMaster == b ? c : b;
        try (Jedis o = client(other)) {
            o.replicaofNoOne();
            assertThatThrownBy(() -> failover(o)).hasMessage("ERR FAILOVER requires connected replicas.");
        }
        assertThat(List.of(B_HOST, C_HOST)).contains(host);
    }
}
