package io.redisha.sentinel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redisha.testkit.RealRedis;
import io.redisha.testkit.SentinelProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The sentinel's own commands and replies, on one sentinel with requirepass watching a real
 * redis-server (what it watches does not matter here; it starts in milliseconds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentinelApiIT {
    static final int PORT = Lab.NODE_PORT + 2;
    RealRedis redis;
    SentinelProcess sentinel;

    Path scriptOut;

    @BeforeAll
    void start() throws Exception {
        redis = RealRedis.startAt(Lab.HOSTS[0], PORT);
        Path dir = Files.createTempDirectory("sentinel-script");
        scriptOut = dir.resolve("events.txt");
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + scriptOut + "\n");
        script.toFile().setExecutable(true);
        sentinel = SentinelProcess.start(Lab.HOSTS[0], Lab.SENTINEL_PORT + 1, """
                requirepass s3cret
                sentinel monitor api 127.0.30.128 %d 1
                sentinel down-after-milliseconds api 5000
                sentinel notification-script api %s
                """.formatted(PORT, script));
    }

    @Test
    void testkitStartsARealRedisSentinelToo() {
        try (SentinelProcess real = SentinelProcess.startReal(Lab.HOSTS[0], Lab.SENTINEL_PORT + 2,
                "sentinel monitor realcheck 127.0.30.128 " + PORT + " 1\n");
             Jedis j = Lab.jedis(real)) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(Lab.info(j, "sentinel")).containsEntry("sentinel_masters", "1");
        }
    }

    @Test
    void warningEventsRunTheNotificationScript() {
        try (Jedis j = authed()) {
            j.sendCommand(Protocol.Command.SENTINEL, "set", "api", "failover-timeout", "170000");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "set", "api", "notification-script", "/x"))
                    .hasMessageStartingWith("ERR Reconfiguration of scripts path is denied");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.exists(scriptOut)
                ? Files.readString(scriptOut) : "")
                .contains("+monitor master api 127.0.30.128 " + PORT + " quorum 1")
                .contains("+set master api 127.0.30.128 " + PORT + " failover-timeout 170000"));
    }

    @AfterAll
    void stop() {
        if (sentinel != null) sentinel.close();
        if (redis != null) redis.close();
    }

    Jedis authed() {
        Jedis j = Lab.jedis(sentinel);
        j.auth("s3cret");
        return j;
    }

    @Test
    void authIsRequiredAndChecked() {
        try (Jedis j = Lab.jedis(sentinel)) {
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "masters"))
                    .hasMessage("NOAUTH Authentication required.");
            assertThatThrownBy(() -> j.auth("nope"))
                    .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
            assertThat(j.auth("s3cret")).isEqualTo("OK");
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void errorsAreRedisErrors() {
        try (Jedis j = authed()) {
            assertThatThrownBy(() -> j.get("x"))
                    .hasMessage("ERR unknown command 'GET', with args beginning with: 'x' ");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL))
                    .hasMessage("ERR wrong number of arguments for 'sentinel' command");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "foo"))
                    .hasMessage("ERR unknown subcommand 'foo'. Try SENTINEL HELP.");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "is-master-down-by-addr", "x"))
                    .hasMessage("ERR wrong number of arguments for 'sentinel|is-master-down-by-addr' command");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "master", "nosuch"))
                    .hasMessage("ERR No such master with that name");
            assertThat(j.sendCommand(Protocol.Command.SENTINEL, "get-master-addr-by-name", "nosuch")).isNull();
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "set", "api", "quorum", "0"))
                    .hasMessage("ERR Invalid argument '0' for SENTINEL SET 'quorum'");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "set", "api", "nope", "1"))
                    .hasMessage("ERR Unknown option or number of arguments for SENTINEL SET 'nope'");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SENTINEL, "monitor", "api", "127.0.30.128", "1", "1"))
                    .hasMessage("ERR Duplicated master name");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.PUBLISH, "x", "y"))
                    .hasMessage("ERR Only HELLO messages are accepted by Sentinel instances.");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void isMasterDownByAddrVotesOncePerEpochAndRemembersIt() {
        try (Jedis j = authed()) {
            String peer = "a".repeat(40);
            List<Object> r = (List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "is-master-down-by-addr",
                    "127.0.30.128", Integer.toString(PORT), "7", peer);
            assertThat(r.get(0)).isEqualTo(0L);
            assertThat(new String((byte[]) r.get(1))).isEqualTo(peer);
            assertThat(r.get(2)).isEqualTo(7L);
            // Another candidate in the same epoch gets the same answer: the vote is taken.
            r = (List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "is-master-down-by-addr",
                    "127.0.30.128", Integer.toString(PORT), "7", "b".repeat(40));
            assertThat(new String((byte[]) r.get(1))).isEqualTo(peer);
            r = (List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "is-master-down-by-addr",
                    "127.0.30.128", Integer.toString(PORT), "7", "*");
            assertThat(r.get(0)).isEqualTo(0L);
            assertThat(new String((byte[]) r.get(1))).isEqualTo("*");
            assertThat(Lab.info(j, "sentinel")).containsKey("sentinel_masters");
        }
        assertThat(sentinel.config()).contains("sentinel leader-epoch api 7").contains("sentinel current-epoch 7");
    }

    @Test
    @SuppressWarnings("unchecked")
    void debugConfigSetAndFlushconfig() {
        try (Jedis j = authed()) {
            List<Object> d = (List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "debug");
            assertThat(new String((byte[]) d.get(0))).isEqualTo("INFO-PERIOD");
            assertThat(new String((byte[]) d.get(1))).isEqualTo("10000");
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "debug", "ping-period", "500"))).isEqualTo("OK");
            d = (List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "debug");
            assertThat(new String((byte[]) d.get(3))).isEqualTo("500");
            j.sendCommand(Protocol.Command.SENTINEL, "debug", "ping-period", "1000");
            j.sendCommand(Protocol.Command.SENTINEL, "set", "api", "down-after-milliseconds", "6000", "parallel-syncs", "2");
            Map<String, String> m = Lab.master(j, "api");
            assertThat(m).containsEntry("down-after-milliseconds", "6000").containsEntry("parallel-syncs", "2");
            assertThat(sentinel.config()).contains("sentinel down-after-milliseconds api 6000")
                    .contains("sentinel parallel-syncs api 2");
            List<Object> c = (List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "config", "get", "announce-*");
            assertThat(c).hasSize(6); // announce-hostnames, announce-ip, announce-port
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "config", "set", "announce-port", "26999")))
                    .isEqualTo("OK");
            assertThat(sentinel.config()).contains("sentinel announce-port 26999");
            j.sendCommand(Protocol.Command.SENTINEL, "config", "set", "announce-port", "0");
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "flushconfig"))).isEqualTo("OK");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void monitorRemoveAndReset() {
        try (Jedis j = authed()) {
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "monitor", "tmp", "127.0.30.128",
                    Integer.toString(PORT), "1"))).isEqualTo("OK");
            assertThat(sentinel.config()).contains("sentinel monitor tmp 127.0.30.128 " + PORT + " 1");
            assertThat(j.sendCommand(Protocol.Command.SENTINEL, "reset", "tm*")).isEqualTo(1L);
            assertThat(new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "remove", "tmp"))).isEqualTo("OK");
            assertThat(sentinel.config()).doesNotContain("sentinel monitor tmp");
            List<Object> role = (List<Object>) j.sendCommand(Protocol.Command.ROLE);
            assertThat((List<Object>) role.get(1)).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sentinel.output().contains("# -monitor master tmp"));
    }

    @Test
    void lettuceSpeaksResp3AndClientCommandsWork() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(sentinel.host()).withPort(sentinel.port())
                .withPassword("s3cret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().ping()).isEqualTo("PONG");
            assertThat(c.sync().clientSetname("probe")).isEqualTo("OK");
            assertThat(c.sync().clientGetname()).isEqualTo("probe");
            assertThat(c.sync().clientList()).contains("name=probe").contains("resp=3");
            assertThat(c.sync().info("sentinel")).contains("master0:name=api,status=ok,address=127.0.30.128:" + PORT);
        } finally {
            client.shutdown();
        }
    }
}
