package io.redisha.sentinel.it;

import static io.redisha.sentinel.it.InteropLab.MASTER;
import static io.redisha.sentinel.it.InteropLab.SENTINEL_PORT;
import static io.redisha.sentinel.it.Lab.HOSTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.SentinelProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.RedisServer;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

/**
 * The clients users put in front of a sentinel group: Jedis's JedisSentinelPool, Lettuce with a
 * sentinel RedisURI and Spring Data Redis with RedisSentinelConfiguration. Each finds the master
 * through our sentinels, writes, and keeps writing after the master is killed and failed over.
 * One lab and one failover serve the three clients: the methods run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelClientsIT {
    final InteropLab lab = new InteropLab();
    final List<NodeProcess> nodes = new ArrayList<>();
    final List<SentinelProcess> sentinels = new ArrayList<>();
    JedisSentinelPool jedisPool;
    RedisClient lettuce;
    StatefulRedisConnection<String, String> lettuceConn;
    StatefulRedisMasterReplicaConnection<String, String> lettuceReplicas;
    LettuceConnectionFactory springFactory;
    StringRedisTemplate spring;
    String oldMaster;
    String newMaster;

    @BeforeAll
    void lab() {
        try {
            nodes.addAll(InteropLab.parallel(
                    () -> lab.ourNode(HOSTS[0]), () -> lab.ourNode(HOSTS[1]), () -> lab.ourNode(HOSTS[2])));
            sentinels.addAll(InteropLab.parallel(
                    () -> lab.ourSentinel(HOSTS[0]), () -> lab.ourSentinel(HOSTS[1]), () -> lab.ourSentinel(HOSTS[2])));
            oldMaster = lab.addr(HOSTS[0]);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (SentinelProcess s : sentinels) {
                    try (Jedis j = Lab.jedis(s)) {
                        assertThat(Lab.maps(j, "replicas", MASTER)).hasSize(2);
                        assertThat(Lab.maps(j, "sentinels", MASTER)).hasSize(2);
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    @AfterAll
    void down() {
        try {
            if (jedisPool != null) jedisPool.close();
            if (lettuceConn != null) lettuceConn.close();
            if (lettuceReplicas != null) lettuceReplicas.close();
            if (lettuce != null) lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            if (springFactory != null) springFactory.destroy();
        } finally {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void jedisSentinelPoolFindsTheMaster() {
        Set<String> addrs = Set.of(HOSTS[0] + ":" + SENTINEL_PORT, HOSTS[1] + ":" + SENTINEL_PORT,
                HOSTS[2] + ":" + SENTINEL_PORT);
        jedisPool = new JedisSentinelPool(MASTER, addrs);
        assertThat(jedisPool.getCurrentHostMaster().toString()).isEqualTo(oldMaster);
        try (Jedis j = jedisPool.getResource()) {
            j.set("jedis:before", "1");
        }
    }

    @Test
    @Order(2)
    void lettuceFindsTheMaster() {
        RedisURI uri = RedisURI.Builder.sentinel(HOSTS[0], SENTINEL_PORT, MASTER)
                .withSentinel(HOSTS[1], SENTINEL_PORT)
                .withSentinel(HOSTS[2], SENTINEL_PORT)
                .withTimeout(Duration.ofSeconds(2))
                .build();
        lettuce = RedisClient.create(uri);
        lettuceConn = lettuce.connect();
        lettuceConn.sync().set("lettuce:before", "1");
        assertThat(lab.jedisGet(oldMaster, "lettuce:before")).isEqualTo("1");
        // Master/replica through the sentinels: the topology comes from SENTINEL MASTER and
        // SENTINEL REPLICAS, and is refreshed from the sentinels' events.
        lettuceReplicas = MasterReplica.connect(lettuce, StringCodec.UTF8, uri);
        lettuceReplicas.setReadFrom(ReadFrom.REPLICA);
        lettuceReplicas.sync().set("replicas:before", "1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(lettuceReplicas.sync().get("replicas:before")).isEqualTo("1"));
    }

    @Test
    @Order(3)
    void springDataRedisFindsTheMaster() {
        RedisSentinelConfiguration config = new RedisSentinelConfiguration().master(MASTER);
        for (String h : HOSTS) config.sentinel(h, SENTINEL_PORT);
        springFactory = new LettuceConnectionFactory(config,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        springFactory.afterPropertiesSet();
        springFactory.start();
        spring = new StringRedisTemplate(springFactory);
        spring.opsForValue().set("spring:before", "1");
        assertThat(lab.jedisGet(oldMaster, "spring:before")).isEqualTo("1");
        assertThat(springMaster()).isEqualTo(oldMaster);
    }

    @Test
    @Order(4)
    void masterIsKilledAndFailedOver() {
        try (Jedis j = lab.jedis(oldMaster)) {
            assertThat(j.waitReplicas(2, 5000)).isEqualTo(2);
        }
        nodes.get(0).close();
        newMaster = InteropLab.awaitNewMaster(sentinels, oldMaster);
        assertThat(newMaster).isIn(lab.addr(HOSTS[1]), lab.addr(HOSTS[2]));
    }

    @Test
    @Order(5)
    void jedisSentinelPoolWritesToTheNewMaster() {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = jedisPool.getResource()) {
                assertThat(j.set("jedis:after", "2")).isEqualTo("OK");
            }
        });
        assertThat(jedisPool.getCurrentHostMaster().toString()).isEqualTo(newMaster);
        try (Jedis j = jedisPool.getResource()) {
            assertThat(j.get("jedis:before")).isEqualTo("1");
        }
        assertThat(lab.jedisGet(newMaster, "jedis:after")).isEqualTo("2");
    }

    @Test
    @Order(6)
    void lettuceWritesToTheNewMaster() {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                assertThat(lettuceConn.sync().set("lettuce:after", "2")).isEqualTo("OK"));
        assertThat(lettuceConn.sync().get("lettuce:before")).isEqualTo("1");
        assertThat(lab.jedisGet(newMaster, "lettuce:after")).isEqualTo("2");

        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                assertThat(lettuceReplicas.sync().set("replicas:after", "2")).isEqualTo("OK"));
        assertThat(lab.jedisGet(newMaster, "replicas:after")).isEqualTo("2");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            assertThat(lettuceReplicas.sync().get("replicas:before")).isEqualTo("1");
            assertThat(lettuceReplicas.sync().get("replicas:after")).isEqualTo("2");
        });
    }

    @Test
    @Order(7)
    void springDataRedisWritesToTheNewMaster() {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                spring.opsForValue().set("spring:after", "2"));
        assertThat(spring.opsForValue().get("spring:before")).isEqualTo("1");
        assertThat(lab.jedisGet(newMaster, "spring:after")).isEqualTo("2");
        // SENTINEL MASTERS, as on Redis, names the new master only at +switch-master, which the
        // leader logs after its replicas are reconfigured (get-master-addr-by-name names the
        // promoted replica earlier).
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(springMaster()).isEqualTo(newMaster));
    }

    /** The master as Spring's sentinel connection reports it. */
    private String springMaster() {
        try (RedisSentinelConnection c = springFactory.getSentinelConnection()) {
            for (RedisServer s : c.masters()) {
                if (MASTER.equals(s.getName())) return s.getHost() + ":" + s.getPort();
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
