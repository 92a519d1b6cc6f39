package io.redisha.node.persistence.rdb;

import static io.redisha.node.persistence.rdb.RdbRoundTripTest.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.redisha.node.keyspace.Keyspace;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/** Files exchanged both ways with the reference, a real redis-server 7.0. */
class RdbRedisInteropTest {
    static final long FAR = RdbRoundTripTest.FAR;

    @BeforeAll
    static void needsRedis() {
        Assumptions.assumeTrue(RealRedis.installed(), "redis-server is not installed");
    }

    /** Every type in its small and big encodings, integers of every width, long strings, TTLs, two dbs. */
    static void populate(Jedis j) {
        j.select(0);
        j.set("str:int8", "100");
        j.set("str:int16", "-3000");
        j.set("str:int32", "2000000000");
        j.set("str:int64", "99999999999");
        j.set("str:lead0", "007");
        j.set("str:empty", "");
        j.set("str:float", "3.14");
        j.set("str:long", "abcd".repeat(100));
        j.incr("str:incr");
        byte[] random = new byte[1000];
        new Random(2).nextBytes(random);
        j.set(b("str:binary"), random);
        j.set(b("bin\u0000key\u00ff"), b("v"));

        j.rpush("list:small", "a", "b", "1", "-2", "300", "70000", "5000000000", "x".repeat(70));
        j.rpush("list:ints", "0", "127", "128", "-4096", "4095", "4096", "-4097", "32767", "40000", "8388607", "8388608",
                "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808", "12.5");
        for (int i = 0; i < 3000; i++) j.rpush("list:big", i % 5 == 0 ? "elem".repeat(i % 80) : Integer.toString(i * 37 - 5000));

        j.sadd("set:int", "1", "2", "3", "-7");
        j.sadd("set:int64", "1", "1099511627776", "-9223372036854775808");
        for (int i = 0; i < 600; i++) j.sadd("set:bigint", Integer.toString(i * 11));
        j.sadd("set:str", "a", "b", "c", "10");
        for (int i = 0; i < 1000; i++) j.sadd("set:big", "member:" + i);

        j.hset("hash:small", Map.of("f", "v", "n", "12", "neg", "-5", "big", "123456789012345"));
        j.hset("hash:longval", "f", "v".repeat(100));
        for (int i = 0; i < 500; i++) j.hset("hash:big", "field:" + i, Integer.toString(i));

        j.zadd("zset:small", Map.of("a", 1.0, "b", 1.5, "c", Double.NEGATIVE_INFINITY, "d", Double.POSITIVE_INFINITY,
                "e", -2.5e-10, "f", 12345678901.0, "g", 0.1));
        Random r = new Random(4);
        for (int i = 0; i < 300; i++) j.zadd("zset:big", r.nextGaussian() * 1e6, "m" + i);
        j.zadd("zset:longmember", 3, "m".repeat(100));

        j.pexpireAt("str:long", FAR);
        j.pexpireAt("hash:small", FAR + 1);
        j.pexpireAt("zset:big", FAR + 2);
        j.pexpireAt("list:small", FAR + 3);

        j.select(2);
        j.set("str:int8", "in db 2");
        j.rpush("l", "x");
        j.sadd("s", "x");
        j.pexpireAt("s", FAR + 4);
        j.select(0);
    }

    @ParameterizedTest
    @CsvSource({"yes,yes", "no,yes", "yes,no"})
    void readsWhatRedisSaves(String compression, String checksum, @TempDir Path dir) throws Exception {
        try (RealRedis redis = RealRedis.start(dir, "--rdbcompression", compression, "--rdbchecksum", checksum)) {
            try (Jedis j = redis.jedis()) {
                populate(j);
                assertThat(redis.encoding(0, "list:big")).isEqualTo("quicklist");
                assertThat(redis.encoding(0, "set:int")).isEqualTo("intset");
                assertThat(redis.encoding(0, "hash:small")).isEqualTo("listpack");
                assertThat(redis.encoding(0, "zset:small")).isEqualTo("listpack");
                assertThat(redis.encoding(0, "zset:big")).isEqualTo("skiplist");
                assertThat(j.save()).isEqualTo("OK");
            }
            Loaded l = Loaded.read(dir.resolve("dump.rdb"));
            assertThat(l.dbs).isEqualTo(redis.contents(16));
            assertThat(l.aux).containsEntry("redis-ver", "7.0.15").containsEntry("redis-bits", "64").containsEntry("aof-base", "0");
            assertThat(l.aux).containsKeys("ctime", "used-mem");
            assertThat(l.sizes.get(2)).containsExactly(3, 1);
            // The same file through the adapter that builds the keyspace's classes.
            Map<Integer, Map<String, Loaded.Entry>> built = new java.util.HashMap<>();
            RdbReader.forKeyspace().read(dir.resolve("dump.rdb"), new RdbSink() {
                int db;

                @Override
                public void selectDb(int d) {
                    db = d;
                }

                @Override
                public void entry(byte[] key, Object value, long expireAtMs) {
                    built.computeIfAbsent(db, k -> new java.util.LinkedHashMap<>())
                            .put(PlainValues.s(key), new Loaded.Entry(RdbRoundTripTest.plain(value), expireAtMs));
                }
            });
            assertThat(built).isEqualTo(l.dbs);
        }
    }

    @Test
    void readsTheReplicationInfoOfAFileRedisSendsToAReplica(@TempDir Path dir) throws Exception {
        // A save made while replication is on carries repl-id/repl-offset (Redis adds them when it has a backlog).
        Path replicaDir = Files.createDirectories(dir.resolve("replica"));
        Path masterDir = Files.createDirectories(dir.resolve("master"));
        try (RealRedis master = RealRedis.start(masterDir, "--repl-diskless-sync-delay", "0");
             RealRedis replica = RealRedis.start(replicaDir)) {
            try (Jedis m = master.jedis(); Jedis rj = replica.jedis()) {
                m.set("k", "v");
                rj.replicaof("127.0.0.1", master.port);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> "v".equals(rj.get("k")));
                // The sync's own background save may still be finishing.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> "OK".equals(m.save()));
            }
            Loaded l = Loaded.read(masterDir.resolve("dump.rdb"));
            assertThat(l.aux).containsKeys("repl-stream-db", "repl-id", "repl-offset");
            assertThat(l.aux.get("repl-id")).hasSize(40);
            assertThat(l.db(0)).containsKey("k");
        }
    }

    @ParameterizedTest
    @CsvSource({"true,true", "false,true", "true,false"})
    void redisLoadsWhatWeWrite(boolean compression, boolean checksum, @TempDir Path dir) throws Exception {
        Keyspace ks = RdbRoundTripTest.sample();
        Path file = dir.resolve("dump.rdb");
        try (OutputStream out = Files.newOutputStream(file)) {
            new RdbWriter().compression(compression).checksum(checksum).write(RdbSource.of(ks), out);
        }
        String check = RealRedis.checkRdb(file);
        assertThat(check).contains("RDB looks OK");
        var expected = RdbRoundTripTest.expected(ks);
        expected.get(0).remove("iset"); // expired long ago: Redis drops it when loading
        try (RealRedis redis = RealRedis.start(dir)) {
            assertThat(redis.contents(16)).isEqualTo(expected);
            assertThat(redis.encoding(0, "hsmall")).isEqualTo("listpack");
            assertThat(redis.encoding(0, "hbig")).isEqualTo("hashtable");
            assertThat(redis.encoding(0, "iset16")).isEqualTo("intset");
            assertThat(redis.encoding(0, "isetbig")).isEqualTo("hashtable");
            assertThat(redis.encoding(0, "s1")).isEqualTo("int");
            assertThat(redis.encoding(0, "zsmall")).isEqualTo("listpack");
            assertThat(redis.encoding(0, "zbig")).isEqualTo("skiplist");
            assertThat(redis.encoding(0, "zlong")).isEqualTo("skiplist");
            assertThat(redis.encoding(0, "lbig")).isEqualTo("quicklist");
        }
    }
}
