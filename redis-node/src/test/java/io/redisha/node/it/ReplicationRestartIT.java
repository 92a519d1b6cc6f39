package io.redisha.node.it;

import io.redisha.testkit.NodeProcess;
import static io.redisha.node.it.ReplicationIT.awaitLinkUp;
import static io.redisha.node.it.ReplicationIT.client;
import static io.redisha.node.it.ReplicationIT.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/**
 * Nodes stopped with SIGTERM (which saves the dump with its replication id and offset) and
 * restarted in the same directory: they continue their history with a partial resync when
 * the master's backlog still holds what they missed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationRestartIT {
    static final String M_HOST = ReplicationIT.M_HOST, R_HOST = ReplicationIT.R1_HOST;
    static NodeProcess master, replica;
    static String masterPort, replicaPort;
    static Path masterDir, replicaDir;

    @BeforeAll
    static void start() throws Exception {
        masterPort = Integer.toString(NodeProcess.freePort());
        replicaPort = Integer.toString(NodeProcess.freePort());
        // Side by side: JVM start-up dominates; the replica retries until the master listens.
        var r = java.util.concurrent.CompletableFuture.supplyAsync(() -> startReplica(null));
        master = startMaster(null);
        masterDir = master.dir();
        replica = r.join();
        replicaDir = replica.dir();
        awaitLinkUp(replica);
    }

    static NodeProcess startMaster(Path dir) {
        return NodeProcess.start(withDir(dir, "--bind", M_HOST, "--port", masterPort, "--save", "3600 1",
                "--repl-diskless-sync-delay", "0", "--repl-backlog-size", "64kb"));
    }

    static NodeProcess startReplica(Path dir) {
        return NodeProcess.start(withDir(dir, "--bind", R_HOST, "--port", replicaPort, "--save", "3600 1",
                "--replicaof", M_HOST, masterPort));
    }

    /** Later options win: a restart names the old directory after the fresh one NodeProcess gives. */
    private static String[] withDir(Path dir, String... opts) {
        if (dir == null) return opts;
        String[] out = java.util.Arrays.copyOf(opts, opts.length + 2);
        out[opts.length] = "--dir";
        out[opts.length + 1] = dir.toString();
        return out;
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] {replica, master}) if (n != null) n.close();
    }

    /** SIGTERM, as a service manager stops the node: it saves its dump before exiting. */
    static void terminate(NodeProcess n) throws InterruptedException {
        n.process().destroy();
        assertThat(n.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    static String digest(NodeProcess n) {
        try (Jedis j = client(n)) {
            return ReplicationIT.str(j.sendCommand(() -> "debug".getBytes(), "DIGEST"));
        }
    }

    static long stat(NodeProcess n, String name) {
        return Long.parseLong(info(n, "stats").get(name));
    }

    static void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, String> m = info(master, "replication");
            Map<String, String> r = info(replica, "replication");
            assertThat(r).containsEntry("master_link_status", "up")
                    .containsEntry("slave_repl_offset", m.get("master_repl_offset"))
                    .containsEntry("master_replid", m.get("master_replid"));
        });
    }

    @Test
    @Order(1)
    void aReplicaRestartedFromItsDumpContinuesWithAPartialResync() throws Exception {
        try (Jedis m = client(master)) {
            for (int i = 0; i < 100; i++) m.set("k" + i, "v" + i);
            m.select(2);
            m.set("in-db2", "x");
            m.select(0);
        }
        awaitCaughtUp();
        long partial = stat(master, "sync_partial_ok"), full = stat(master, "sync_full");
        terminate(replica);
        try (Jedis m = client(master)) {
            m.set("while-down", "yes");
            m.select(2);
            m.incr("counter-db2");
            m.select(0);
        }
        replica = startReplica(replicaDir);
        awaitCaughtUp();
        assertThat(replica.output()).contains("Using the replication ID/offset from the RDB file")
                .contains("Successful partial resynchronization with master.");
        assertThat(stat(master, "sync_partial_ok")).isEqualTo(partial + 1);
        assertThat(stat(master, "sync_full")).isEqualTo(full);
        try (Jedis r = client(replica)) {
            assertThat(r.get("while-down")).isEqualTo("yes");
            assertThat(r.get("k99")).isEqualTo("v99");
            r.select(2);
            assertThat(r.get("counter-db2")).isEqualTo("1");
            assertThat(r.get("in-db2")).isEqualTo("x");
        }
        assertThat(digest(replica)).isEqualTo(digest(master)).isNotEqualTo("0".repeat(40));
    }

    @Test
    @Order(2)
    void aReplicaThatMissedMoreThanTheBacklogGetsAFullResync() throws Exception {
        awaitCaughtUp();
        long partial = stat(master, "sync_partial_ok"), full = stat(master, "sync_full");
        terminate(replica);
        String big = "x".repeat(1000);
        try (Jedis m = client(master)) {
            // 64kb of backlog cannot hold 200kb of writes.
            for (int i = 0; i < 200; i++) m.set("big" + i, big);
        }
        replica = startReplica(replicaDir);
        awaitCaughtUp();
        assertThat(stat(master, "sync_full")).isEqualTo(full + 1);
        assertThat(stat(master, "sync_partial_ok")).isEqualTo(partial);
        try (Jedis r = client(replica)) {
            assertThat(r.get("big199")).isEqualTo(big);
            assertThat(r.get("while-down")).isEqualTo("yes");
        }
    }

    @Test
    @Order(3)
    void aMasterRestartedFromItsDumpLetsItsReplicaContinue() throws Exception {
        try (Jedis m = client(master)) {
            m.set("before-master-restart", "1");
        }
        awaitCaughtUp();
        String oldId = info(master, "replication").get("master_replid");
        terminate(master);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(info(replica, "replication")).containsEntry("master_link_status", "down"));
        master = startMaster(masterDir);
        Map<String, String> mi = info(master, "replication");
        assertThat(mi).containsEntry("master_replid2", oldId).containsEntry("repl_backlog_active", "1");
        awaitLinkUp(replica);
        awaitCaughtUp();
        assertThat(stat(master, "sync_partial_ok")).isEqualTo(1);
        assertThat(stat(master, "sync_full")).isZero();
        try (Jedis m = client(master); Jedis r = client(replica)) {
            m.set("after-master-restart", "2");
            await().atMost(Duration.ofSeconds(5)).until(() -> "2".equals(r.get("after-master-restart")));
            assertThat(r.get("before-master-restart")).isEqualTo("1");
        }
    }
}
