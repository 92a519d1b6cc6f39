package io.redisha.node.it;

import io.redisha.testkit.RealRedis;
import io.redisha.testkit.NodeProcess;
import static io.redisha.node.it.ReplicationIT.awaitLinkUp;
import static io.redisha.node.it.ReplicationIT.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * How a full resync travels: streamed with backpressure, through disk or sockets on either
 * side (repl-diskless-sync / repl-diskless-load), and the output buffer limits that drop a
 * replica or subscriber that does not keep up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationTransferIT {
    static NodeProcess master, replica;

    @BeforeAll
    static void start() {
        var r = CompletableFuture.supplyAsync(() -> NodeProcess.start("--bind", ReplicationIT.R1_HOST, "--save", ""));
        master = NodeProcess.start("--bind", ReplicationIT.M_HOST, "--save", "", "--repl-diskless-sync-delay", "0");
        replica = r.join();
        try (Jedis m = client(master)) {
            // About 8 MB: a snapshot much larger than what a stalled replica may hold.
            String value = "v".repeat(1000);
            Pipeline p = m.pipelined();
            for (int i = 0; i < 8000; i++) p.set(String.format("key:%08d", i), value);
            p.sync();
        }
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] {replica, master}) if (n != null) n.close();
    }

    /** A socket that asks for something and then never reads. */
    static Socket stalled(NodeProcess n, String... commands) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(n.host(), n.port()));
        OutputStream out = s.getOutputStream();
        for (String c : commands) {
            String[] w = c.split(" ");
            StringBuilder sb = new StringBuilder("*" + w.length + "\r\n");
            for (String x : w) sb.append('$').append(x.length()).append("\r\n").append(x).append("\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        return s;
    }

    static String clientList(NodeProcess n, String type) {
        try (Jedis j = client(n)) {
            return ReplicationIT.str(j.sendCommand(() -> "client".getBytes(), "LIST", "TYPE", type));
        }
    }

    static long omem(String clientLine) {
        var m = java.util.regex.Pattern.compile(" omem=(\\d+)").matcher(clientLine);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    @Order(1)
    void outputBufferLimitConfigUsesRedisSyntax() {
        try (Jedis m = client(master)) {
            assertThat(m.configGet("client-output-buffer-limit")).containsEntry("client-output-buffer-limit",
                    "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
            m.configSet("client-output-buffer-limit", "replica 1mb 512kb 10");
            assertThat(m.configGet("client-output-buffer-limit")).containsEntry("client-output-buffer-limit",
                    "normal 0 0 0 slave 1048576 524288 10 pubsub 33554432 8388608 60");
            assertThatThrownBy(() -> m.configSet("client-output-buffer-limit", "master 1mb 1mb 0"))
                    .hasMessageEndingWith("Invalid client class specified in buffer limit configuration.");
            assertThatThrownBy(() -> m.configSet("client-output-buffer-limit", "normal 1mb 1mb"))
                    .hasMessageEndingWith("Wrong number of arguments in buffer limit configuration.");
            assertThatThrownBy(() -> m.configSet("client-output-buffer-limit", "pubsub x 1mb 1"))
                    .hasMessageEndingWith("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
        }
    }

    @Test
    @Order(2)
    void aStalledReplicaHoldsLittleDuringItsSyncAndIsDroppedPastItsLimit() throws Exception {
        try (Socket s = stalled(master, "REPLCONF capa eof", "PSYNC ? -1"); Jedis m = client(master)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> clientList(master, "replica").contains("flags=S"));
            // The 8 MB snapshot goes out only as fast as the replica reads: a few chunks wait, not the file.
            for (int i = 0; i < 5; i++) {
                String line = clientList(master, "replica");
                if (line.isEmpty()) break;
                assertThat(omem(line)).isLessThan(1024 * 1024);
                Thread.sleep(200);
            }
            // What the stalled replica would need of the live stream passes the 1mb hard limit.
            String value = "w".repeat(10_000);
            Pipeline p = m.pipelined();
            for (int i = 0; i < 200; i++) p.set("stream:" + i, value);
            p.sync();
            await().atMost(Duration.ofSeconds(10)).until(() -> clientList(master, "replica").isEmpty());
            assertThat(master.output()).contains("scheduled to be closed ASAP for overcoming of output buffer limits.");
            assertThat(m.ping()).isEqualTo("PONG");
            for (int i = 0; i < 200; i++) m.del("stream:" + i);
            m.configSet("client-output-buffer-limit", "replica 256mb 64mb 60");
        }
    }

    @Test
    @Order(3)
    void aSubscriberThatDoesNotReadIsDroppedPastThePubsubLimit() throws Exception {
        try (Jedis m = client(master)) {
            m.configSet("client-output-buffer-limit", "pubsub 256kb 128kb 60");
            try (Socket s = stalled(master, "SUBSCRIBE news")) {
                await().atMost(Duration.ofSeconds(5)).until(() -> m.pubsubNumSub("news").get("news") == 1L);
                String message = "m".repeat(64 * 1024);
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    m.publish("news", message);
                    return m.pubsubNumSub("news").get("news") == 0L;
                });
                assertThat(clientList(master, "pubsub")).isEmpty();
            } finally {
                m.configSet("client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
        }
    }

    @Test
    @Order(4)
    void diskBasedSyncToADiskLoadingReplica() throws Exception {
        try (Jedis m = client(master); Jedis r = client(replica)) {
            m.configSet("repl-diskless-sync", "no");
            r.configSet("repl-diskless-load", "disabled");
            r.replicaof(master.host(), master.port());
            awaitLinkUp(replica);
            assertThat(replica.output()).containsPattern("receiving \\d+ bytes from master to disk");
            assertThat(master.output()).contains("Starting BGSAVE for SYNC with target: disk");
            assertThat(Files.exists(master.dir().resolve("dump.rdb"))).isTrue();
            assertThat(Files.exists(replica.dir().resolve("dump.rdb"))).isTrue();
            m.set("after", "disk");
            await().atMost(Duration.ofSeconds(5)).until(() -> "disk".equals(r.get("after")));
            assertThat(ReplicationConsistencyIT.digest(replica)).isEqualTo(ReplicationConsistencyIT.digest(master));
        }
    }

    @Test
    @Order(5)
    void socketSyncToAReplicaLoadingFromTheSocket() {
        try (Jedis m = client(master); Jedis r = client(replica)) {
            m.configSet("repl-diskless-sync", "yes");
            r.configSet("repl-diskless-load", "swapdb");
            // A demoted replica has a history of its own: coming back means a full resync.
            r.replicaofNoOne();
            r.replicaof(master.host(), master.port());
            awaitLinkUp(replica);
            assertThat(replica.output()).contains("receiving streamed RDB from master with EOF to parser");
            m.set("after", "socket");
            await().atMost(Duration.ofSeconds(5)).until(() -> "socket".equals(r.get("after")));
            assertThat(ReplicationConsistencyIT.digest(replica)).isEqualTo(ReplicationConsistencyIT.digest(master));
        }
    }

    @Test
    @Order(6)
    void ourReplicaOfARealMasterThatSyncsThroughDisk() {
        // Our replica connects from its own loopback address, which protected mode would refuse.
        try (RealRedis real = RealRedis.start("--repl-diskless-sync", "no", "--protected-mode", "no");
             Jedis m = new Jedis(real.host(), real.port()); Jedis r = client(replica)) {
            RdbPersistenceIT.populate(m);
            r.configSet("repl-diskless-load", "disabled");
            r.replicaof(real.host(), real.port());
            awaitLinkUp(replica);
            assertThat(real.output()).contains("Starting BGSAVE for SYNC with target: disk");
            RdbPersistenceIT.verify(r);
            m.set("live", "after-disk-sync");
            await().atMost(Duration.ofSeconds(5)).until(() -> "after-disk-sync".equals(r.get("live")));
            r.replicaofNoOne();
        }
    }
}
