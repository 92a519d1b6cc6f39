package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisha.testkit.NodeProcess;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * One node per test class, started as a user starts it; a fresh Jedis connection per test and a
 * Lettuce (RESP3) connection shared by the class, opened on first use.
 */
abstract class NodeTestBase {
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    static NodeProcess node;
    private static RedisClient lettuceClient;
    private static StatefulRedisConnection<String, String> lettuceConn;
    Jedis j;

    @BeforeAll
    static void startNode() {
        node = NodeProcess.start();
    }

    @AfterAll
    static void stopNode() {
        if (lettuceConn != null) lettuceConn.close();
        if (lettuceClient != null) lettuceClient.shutdown();
        lettuceConn = null;
        lettuceClient = null;
        node.close();
    }

    @BeforeEach
    void openJedis() {
        j = new Jedis(node.host(), node.port());
        j.flushAll();
    }

    @AfterEach
    void closeJedis() {
        j.close();
    }

    static RedisCommands<String, String> lettuce() {
        if (lettuceConn == null) {
            lettuceClient = RedisClient.create(RedisURI.create(node.host(), node.port()));
            lettuceConn = lettuceClient.connect();
        }
        return lettuceConn.sync();
    }

    /** Sends any command through Jedis, for commands or options it has no method for. */
    Object raw(String... args) {
        return j.sendCommand(() -> SafeEncoder.encode(args[0]), Arrays.copyOfRange(args, 1, args.length));
    }

    static void assertError(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(JedisDataException.class).hasMessage(message);
    }
}
