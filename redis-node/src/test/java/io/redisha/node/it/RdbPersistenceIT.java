package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.RealRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.resps.Tuple;

class RdbPersistenceIT {

    /** Every type, small and large encodings, TTLs and two dbs. */
    static void populate(Jedis j) {
        j.set("str", "hello");
        j.set("int", "12345");
        j.set("long", "x".repeat(500));
        j.psetex("ttl", 600_000, "v");
        j.rpush("list", "a", "b", "c");
        for (int i = 0; i < 300; i++) j.rpush("biglist", "element-" + i);
        j.sadd("intset", "1", "2", "3");
        j.sadd("set", "a", "b");
        for (int i = 0; i < 600; i++) j.sadd("bigset", "m" + i);
        j.hset("hash", Map.of("f1", "v1", "f2", "v2"));
        for (int i = 0; i < 600; i++) j.hset("bighash", "f" + i, "v" + i);
        j.zadd("zset", Map.of("a", 1.5, "b", -2.0));
        for (int i = 0; i < 300; i++) j.zadd("bigzset", i * 0.5, "m" + i);
        j.select(3);
        j.set("in-db3", "yes");
        j.select(0);
    }

    static void verify(Jedis j) {
        assertThat(j.get("str")).isEqualTo("hello");
        assertThat(j.get("int")).isEqualTo("12345");
        assertThat(j.get("long")).isEqualTo("x".repeat(500));
        assertThat(j.pttl("ttl")).isBetween(1L, 600_000L);
        assertThat(j.lrange("list", 0, -1)).containsExactly("a", "b", "c");
        assertThat(j.llen("biglist")).isEqualTo(300);
        assertThat(j.lindex("biglist", 299)).isEqualTo("element-299");
        assertThat(j.smembers("intset")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(j.smembers("set")).containsExactlyInAnyOrder("a", "b");
        assertThat(j.scard("bigset")).isEqualTo(600);
        assertThat(j.hgetAll("hash")).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
        assertThat(j.hlen("bighash")).isEqualTo(600);
        assertThat(j.hget("bighash", "f599")).isEqualTo("v599");
        assertThat(j.zrangeWithScores("zset", 0, -1)).containsExactly(new Tuple("b", -2.0), new Tuple("a", 1.5));
        assertThat(j.zcard("bigzset")).isEqualTo(300);
        assertThat(j.zscore("bigzset", "m299")).isEqualTo(149.5);
        assertThat(j.ttl("str")).isEqualTo(-1);
        j.select(3);
        assertThat(j.get("in-db3")).isEqualTo("yes");
        j.select(0);
    }

    @Test
    void saveThenRestartKeepsEverything() throws Exception {
        Path dir;
        try (NodeProcess n = NodeProcess.start("--save", "")) {
            dir = n.dir();
            try (Jedis j = new Jedis(n.host(), n.port())) {
                populate(j);
                assertThat(j.configGet("dbfilename")).containsEntry("dbfilename", "dump.rdb");
                assertThat(j.configGet("dir")).containsEntry("dir", dir.toRealPath().toString());
                assertThat(j.save()).isEqualTo("OK");
                assertThat(j.info("persistence")).contains("rdb_changes_since_last_save:0", "rdb_last_bgsave_status:ok");
            }
        }
        assertThat(dir.resolve("dump.rdb")).exists();
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            verify(j);
        }
    }

    @Test
    void realRedisLoadsOurDumpAndWeLoadTheirs() throws Exception {
        Path ours = Files.createTempDirectory("rdb-ours");
        try (NodeProcess n = NodeProcess.start("--dir", ours.toString(), "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            populate(j);
            assertThat(j.bgsave()).isEqualTo("Background saving started");
            await().atMost(Duration.ofSeconds(30)).until(() -> j.info("persistence").contains("rdb_bgsave_in_progress:0"));
        }
        Process check = new ProcessBuilder("redis-check-rdb", ours.resolve("dump.rdb").toString()).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(report).isZero();
        assertThat(report).contains("RDB looks OK!");
        try (RealRedis real = RealRedis.start(ours); Jedis j = new Jedis(real.host(), real.port())) {
            verify(j);
            // And back: the real server rewrites the dump with its own compact encodings; ours loads it.
            long before = Files.getLastModifiedTime(ours.resolve("dump.rdb")).toMillis();
            assertThat(j.save()).isEqualTo("OK");
            assertThat(Files.getLastModifiedTime(ours.resolve("dump.rdb")).toMillis()).isGreaterThanOrEqualTo(before);
            assertThat(j.objectEncoding("set")).isEqualTo("hashtable");
            assertThat(j.objectEncoding("zset")).isEqualTo("listpack");
        }
        try (NodeProcess n = NodeProcess.start("--dir", ours.toString(), "--save", "");
             Jedis k = new Jedis(n.host(), n.port())) {
            verify(k);
        }
    }

    @Test
    void bgsaveIsAPointInTimeViewWhileWritesGoOn() throws Exception {
        Path dir;
        try (NodeProcess n = NodeProcess.start("--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            dir = n.dir();
            Pipeline p = j.pipelined();
            for (int i = 0; i < 20000; i++) p.hset("h" + (i % 50), "f" + i, "v");
            for (int i = 0; i < 600; i++) p.hset("h3", "big" + i, "v"); // past 512 fields: a hashtable
            p.sync();
            // 50 ms a key (51 keys): the save is still running at the second BGSAVE below.
            j.configSet("rdb-key-save-delay", "50000");
            j.set("marker", "before");
            j.bgsave();
            // Changes after BGSAVE started must not appear in the dump; a value of the same
            // length is the case SET would otherwise overwrite in place.
            j.set("marker", "AFTER!");
            j.hset("h0", "late", "x");
            j.hset("h3", "f3", "w");
            j.del("h1");
            assertThatThrownBy(j::bgsave).hasMessage("ERR Background save already in progress");
            await().atMost(Duration.ofSeconds(30)).until(() -> j.info("persistence").contains("rdb_bgsave_in_progress:0"));
            assertThat(j.info("persistence")).contains("rdb_last_bgsave_status:ok");
            assertThat(j.lastsave()).isGreaterThan(0);
        }
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.get("marker")).isEqualTo("before");
            assertThat(j.hexists("h0", "late")).isFalse();
            assertThat(j.exists("h1")).isTrue();
            assertThat(j.hlen("h2")).isEqualTo(400);
            assertThat(j.hget("h3", "f3")).isEqualTo("v");
            assertThat(j.hlen("h3")).isEqualTo(1000);
        }
    }

    @Test
    void shutdownSavesWhenAskedAndNotWithNosave() throws Exception {
        Path dir;
        try (NodeProcess n = NodeProcess.start("--save", "")) {
            dir = n.dir();
            try (Jedis j = new Jedis(n.host(), n.port())) {
                j.set("a", "1");
                try {
                    j.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().nosave());
                } catch (Exception closed) {
                    // the connection closes
                }
            }
            n.process().waitFor();
        }
        assertThat(dir.resolve("dump.rdb")).doesNotExist();
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--save", "")) {
            try (Jedis j = new Jedis(n.host(), n.port())) {
                j.set("b", "2");
                try {
                    j.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().save());
                } catch (Exception closed) {
                    // the connection closes
                }
            }
            n.process().waitFor();
        }
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.get("b")).isEqualTo("2");
        }
    }

    @Test
    void sigtermSavesWhenSavePointsAreSet() throws Exception {
        Path dir;
        try (NodeProcess n = NodeProcess.start("--save", "3600 1")) {
            dir = n.dir();
            try (Jedis j = new Jedis(n.host(), n.port())) {
                j.set("k", "v");
                assertThat(j.configGet("save")).containsEntry("save", "3600 1");
            }
            n.process().destroy();
            n.process().waitFor();
        }
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.get("k")).isEqualTo("v");
        }
    }

    @Test
    void savePointTriggersABackgroundSave() {
        try (NodeProcess n = NodeProcess.start("--save", "1 3");
             Jedis j = new Jedis(n.host(), n.port())) {
            for (int i = 0; i < 3; i++) j.set("k" + i, "v");
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(n.dir().resolve("dump.rdb"))
                    && j.info("persistence").contains("rdb_changes_since_last_save:0"));
        }
    }

    @Test
    void corruptDumpStopsStartupNamingTheProblem() throws Exception {
        Path dir = Files.createTempDirectory("rdb-corrupt");
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            populate(j);
            j.save();
        }
        Path dump = dir.resolve("dump.rdb");
        byte[] bytes = Files.readAllBytes(dump);
        Files.write(dump, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        NodeProcess.Result r = NodeProcess.runToExit(null, "--port", Integer.toString(NodeProcess.freePort()),
                "--dir", dir.toString(), "--management-port", "-1");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains(dump.toString()).containsPattern("offset \\d+");
    }

    @Test
    void failedBackgroundSaveStopsWritesWithMisconf() throws Exception {
        Path dir = Files.createTempDirectory("rdb-misconf");
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--save", "3600 1");
             Jedis j = new Jedis(n.host(), n.port())) {
            j.set("a", "1");
            // The directory vanishing under the node is a disk failure it must report, not hide.
            Files.delete(dir);
            j.bgsave();
            await().atMost(Duration.ofSeconds(30)).until(() -> j.info("persistence").contains("rdb_last_bgsave_status:err"));
            assertThatThrownBy(() -> j.set("b", "2")).hasMessageStartingWith("MISCONF Redis is configured to save RDB snapshots");
            assertThat(j.get("a")).isEqualTo("1");
            j.configSet("stop-writes-on-bgsave-error", "no");
            assertThat(j.set("b", "2")).isEqualTo("OK");
        }
    }

    @Test
    void saveConfigAccumulatesLikeRedis() {
        try (NodeProcess n = NodeProcess.startWithConfig("save 900 1\nsave 300 10\n");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.configGet("save")).containsEntry("save", "900 1 300 10");
            j.configSet("save", "");
            assertThat(j.configGet("save")).containsEntry("save", "");
            assertThat(List.of(j.configSet("save", "60 100"))).containsExactly("OK");
            assertThat(Set.copyOf(j.configGet("save").values())).containsExactly("60 100");
        }
    }
}
