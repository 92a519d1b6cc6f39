package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** R1 and R6: the seed's password-protected lab, each node configured by its own file. */
class ReplicationAuthIT {
    static final String PASS = "123456";
    static NodeProcess master, replica, wrongPass;

    /** The seed's redis.conf for one host, with paths relative to the node's directory. */
    static String seedConfig(String host, String replicaof, String masterauth) {
        return "bind " + host + "\n"
                + "daemonize no\n"
                + "pidfile \"redis.pid\"\n"
                + "logfile \"\"\n"
                + (replicaof == null ? "" : "replicaof " + replicaof + "\n")
                + "masterauth " + masterauth + "\n"
                + "requirepass " + PASS + "\n"
                + "appendonly yes\n";
    }

    @BeforeAll
    static void start() {
        master = NodeProcess.startWithConfig(seedConfig("127.0.30.128", null, PASS), "--bind", "127.0.30.128");
        String at = master.host() + " " + master.port();
        replica = NodeProcess.startWithConfig(seedConfig("127.0.30.129", at, PASS), "--bind", "127.0.30.129");
        wrongPass = NodeProcess.startWithConfig(seedConfig("127.0.30.130", at, "not-the-password"), "--bind", "127.0.30.130");
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] {wrongPass, replica, master}) if (n != null) n.close();
    }

    static Jedis authed(NodeProcess n) {
        Jedis j = new Jedis(n.host(), n.port());
        j.auth(PASS);
        return j;
    }

    @Test
    void aReplicaWithMasterauthSyncsAndServesAuthenticatedReads() {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis r = authed(replica)) {
                assertThat(r.info("replication")).contains("master_link_status:up");
            }
        });
        try (Jedis m = authed(master)) {
            m.set("key1", "100");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Jedis r = authed(replica)) {
                assertThat(r.get("key1")).isEqualTo("100");
            }
        });
        try (Jedis anonymous = new Jedis(replica.host(), replica.port())) {
            assertThatThrownBy(() -> anonymous.get("key1")).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH Authentication required.");
        }
    }

    @Test
    void aWrongMasterauthNeverLinksAndSaysWhy() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(wrongPass.output()).contains("Unable to AUTH to MASTER: -WRONGPASS"));
        try (Jedis r = authed(wrongPass)) {
            assertThat(r.info("replication")).contains("master_link_status:down");
        }
        try (Jedis m = authed(master)) {
            assertThat(m.info("replication")).doesNotContain(wrongPass.host());
        }
    }

    @Test
    void redisCliWithDashAWarnsAndWorks() throws Exception {
        Process p = new ProcessBuilder(List.of("redis-cli", "-h", master.host(), "-p",
                Integer.toString(master.port()), "-a", PASS, "ping")).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.strip()).isEqualTo("PONG");
        assertThat(err).contains("Using a password with '-a' or '-u' option on the command line interface may not be safe.");
    }
}
