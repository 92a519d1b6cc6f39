package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZPopArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisha.testkit.NodeProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/** Sorted set commands through Jedis (RESP2) and Lettuce (RESP3). Each test uses its own keys. */
class ZSetCommandsIT {
    static NodeProcess node;
    static RedisClient lettuce;
    static StatefulRedisConnection<String, String> conn;
    static RedisCommands<String, String> l;

    @BeforeAll
    static void start() {
        node = NodeProcess.start();
        lettuce = RedisClient.create("redis://" + node.host() + ":" + node.port());
        conn = lettuce.connect();
        l = conn.sync();
    }

    @AfterAll
    static void stop() {
        if (conn != null) conn.close();
        if (lettuce != null) lettuce.shutdown();
        node.close();
    }

    private static Jedis jedis() {
        return new Jedis(node.host(), node.port());
    }

    private static Object raw(Jedis j, String... args) {
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        return j.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode(args[0]), rest);
    }

    private static String str(Object o) {
        return o instanceof byte[] b ? new String(b) : String.valueOf(o);
    }

    private static void assertError(Jedis j, String message, String... args) {
        assertThatThrownBy(() -> raw(j, args)).isInstanceOf(JedisDataException.class).hasMessage(message);
    }

    @Test
    void addScoreRankAndRemove() {
        try (Jedis j = jedis()) {
            assertThat(j.zadd("a:z", Map.of("a", 1.0, "b", 2.0, "c", 3.0))).isEqualTo(3);
            assertThat(j.zadd("a:z", 1.5, "a")).isZero();
            assertThat(j.zscore("a:z", "a")).isEqualTo(1.5);
            assertThat(j.zscore("a:z", "nope")).isNull();
            assertThat(j.zmscore("a:z", "a", "nope", "c")).containsExactly(1.5, null, 3.0);
            assertThat(j.zcard("a:z")).isEqualTo(3);
            assertThat(j.zrank("a:z", "c")).isEqualTo(2);
            assertThat(j.zrevrank("a:z", "c")).isZero();
            assertThat(j.zrank("a:z", "missing")).isNull();
            assertThat(j.zrank("a:nokey", "x")).isNull();
            assertThat(j.zincrby("a:z", 10, "a")).isEqualTo(11.5);
            assertThat(j.zrange("a:z", 0, -1)).containsExactly("b", "c", "a");
            assertThat(j.zrem("a:z", "b", "x")).isEqualTo(1);
            assertThat(j.zrem("a:z", "a", "c")).isEqualTo(2);
            assertThat(j.zcard("a:z")).isZero();
            j.set("a:str", "x");
            assertError(j, "WRONGTYPE Operation against a key holding the wrong kind of value", "zadd", "a:str", "1", "a");
        }
    }

    @Test
    void zaddOptionsAndErrors() {
        try (Jedis j = jedis()) {
            j.zadd("b:z", Map.of("a", 1.0, "b", 2.0));
            assertThat(j.zadd("b:z", Map.of("a", 5.0, "c", 3.0), ZAddParams.zAddParams().xx().ch())).isEqualTo(1);
            assertThat(j.zscore("b:z", "c")).isNull();
            assertThat(j.zadd("b:z", Map.of("a", 0.0, "d", 4.0), ZAddParams.zAddParams().nx())).isEqualTo(1);
            assertThat(j.zscore("b:z", "a")).isEqualTo(5.0);
            assertThat(j.zadd("b:z", Map.of("a", 1.0), ZAddParams.zAddParams().gt().ch())).isZero();
            assertThat(j.zadd("b:z", Map.of("a", 1.0), ZAddParams.zAddParams().lt().ch())).isEqualTo(1);
            // GT/LT with INCR that would not apply replies nil
            assertThat(j.zaddIncr("b:z", -1, "a", ZAddParams.zAddParams().gt())).isNull();
            assertThat(j.zaddIncr("b:z", 2, "a", ZAddParams.zAddParams().gt())).isEqualTo(3.0);
            assertThat(raw(j, "zadd", "b:z", "xx", "incr", "1", "nomember")).isNull();
            assertError(j, "ERR XX and NX options at the same time are not compatible", "zadd", "b:z", "nx", "xx", "1", "a");
            assertError(j, "ERR GT, LT, and/or NX options at the same time are not compatible", "zadd", "b:z", "gt", "lt", "1", "a");
            assertError(j, "ERR GT, LT, and/or NX options at the same time are not compatible", "zadd", "b:z", "nx", "gt", "1", "a");
            assertError(j, "ERR INCR option supports a single increment-element pair", "zadd", "b:z", "incr", "1", "a", "2", "b");
            assertError(j, "ERR syntax error", "zadd", "b:z", "nx", "1");
            assertError(j, "ERR value is not a valid float", "zadd", "b:z", "x", "a");
            assertError(j, "ERR value is not a valid float", "zadd", "b:z", "nan", "a");
            assertError(j, "ERR wrong number of arguments for 'zadd' command", "zadd", "b:z", "1");
            j.zadd("b:z", Double.POSITIVE_INFINITY, "inf");
            assertError(j, "ERR resulting score is not a number (NaN)", "zincrby", "b:z", "-inf", "inf");
            assertThat(j.zscore("b:z", "inf")).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void rangesByRankScoreAndLex() {
        try (Jedis j = jedis()) {
            Map<String, Double> m = new HashMap<>();
            for (int i = 1; i <= 5; i++) m.put("m" + i, (double) i);
            m.put("ninf", Double.NEGATIVE_INFINITY);
            m.put("pinf", Double.POSITIVE_INFINITY);
            j.zadd("c:z", m);
            assertThat(j.zrange("c:z", 0, 1)).containsExactly("ninf", "m1");
            assertThat(j.zrange("c:z", -2, -1)).containsExactly("m5", "pinf");
            assertThat(j.zrange("c:z", 5, 2)).isEmpty();
            assertThat(j.zrevrange("c:z", 0, 0)).containsExactly("pinf");
            assertThat(j.zrangeByScore("c:z", "(1", "3")).containsExactly("m2", "m3");
            assertThat(j.zrangeByScore("c:z", "-inf", "+inf", 1, 2)).containsExactly("m1", "m2");
            assertThat(j.zrangeByScore("c:z", "-inf", "+inf", -1, 2)).isEmpty();
            assertThat(j.zrangeByScore("c:z", "(-inf", "(+inf")).containsExactly("m1", "m2", "m3", "m4", "m5");
            assertThat(j.zrevrangeByScore("c:z", "5", "(3")).containsExactly("m5", "m4");
            assertThat(j.zrangeByScoreWithScores("c:z", "4", "+inf"))
                    .containsExactly(new Tuple("m4", 4.0), new Tuple("m5", 5.0), new Tuple("pinf", Double.POSITIVE_INFINITY));
            assertThat(j.zcount("c:z", "-inf", "+inf")).isEqualTo(7);
            assertThat(j.zcount("c:z", "(2", "2")).isZero();
            assertThat(j.zrange("c:z", ZRangeParams.zrangeByScoreParams(4, 2).rev())).containsExactly("m4", "m3", "m2");
            assertThat(j.zrangestore("c:dst", "c:z", ZRangeParams.zrangeByScoreParams(2, 3))).isEqualTo(2);
            assertThat(j.zrangeWithScores("c:dst", 0, -1)).containsExactly(new Tuple("m2", 2.0), new Tuple("m3", 3.0));
            assertThat(j.zrangestore("c:dst", "c:nokey", ZRangeParams.zrangeParams(0, -1))).isZero();
            assertThat(j.zcard("c:dst")).isZero();

            j.zadd("c:lex", Map.of("a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0, "e", 0.0));
            assertThat(j.zrangeByLex("c:lex", "[b", "(d")).containsExactly("b", "c");
            assertThat(j.zrangeByLex("c:lex", "-", "+", 1, 2)).containsExactly("b", "c");
            assertThat(j.zrevrangeByLex("c:lex", "+", "(c")).containsExactly("e", "d");
            assertThat(j.zlexcount("c:lex", "-", "+")).isEqualTo(5);
            assertThat(j.zlexcount("c:lex", "+", "-")).isZero();
            assertThat(j.zremrangeByLex("c:lex", "(a", "[c")).isEqualTo(2);
            assertThat(j.zrange("c:lex", 0, -1)).containsExactly("a", "d", "e");

            assertError(j, "ERR min or max is not a float", "zrangebyscore", "c:z", "(x", "1");
            assertError(j, "ERR min or max not valid string range item", "zrangebylex", "c:lex", "a", "+");
            assertError(j, "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
                    "zrange", "c:z", "0", "1", "limit", "0", "1");
            assertError(j, "ERR syntax error, WITHSCORES not supported in combination with BYLEX",
                    "zrange", "c:lex", "-", "+", "bylex", "withscores");
            assertError(j, "ERR syntax error", "zrangebyscore", "c:z", "1", "2", "byscore");
            assertError(j, "ERR syntax error", "zrangestore", "c:dst", "c:z", "0", "1", "withscores");
            assertError(j, "ERR value is not an integer or out of range", "zrange", "c:z", "a", "1");
        }
    }

    @Test
    void removeRanges() {
        try (Jedis j = jedis()) {
            for (int i = 0; i < 10; i++) j.zadd("d:z", i, "m" + i);
            assertThat(j.zremrangeByRank("d:z", 0, 1)).isEqualTo(2);
            assertThat(j.zremrangeByRank("d:z", -1, 100)).isEqualTo(1);
            assertThat(j.zremrangeByScore("d:z", "(2", "4")).isEqualTo(2);
            assertThat(j.zrange("d:z", 0, -1)).containsExactly("m2", "m5", "m6", "m7", "m8");
            assertThat(j.zremrangeByScore("d:z", "-inf", "+inf")).isEqualTo(5);
            assertThat(j.zcard("d:z")).isZero();
            assertThat(j.zremrangeByRank("d:nokey", 0, -1)).isZero();
        }
    }

    @Test
    void popsAndMpop() {
        try (Jedis j = jedis()) {
            j.zadd("e:z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0));
            assertThat(j.zpopmin("e:z")).isEqualTo(new Tuple("a", 1.0));
            assertThat(j.zpopmax("e:z", 2)).containsExactly(new Tuple("d", 4.0), new Tuple("c", 3.0));
            assertThat(j.zpopmin("e:nokey", 2)).isEmpty();
            assertError(j, "ERR value is out of range, must be positive", "zpopmin", "e:z", "-1");
            var mp = j.zmpop(SortedSetOption.MIN, 5, "e:nokey", "e:z");
            assertThat(mp.getKey()).isEqualTo("e:z");
            assertThat(mp.getValue()).containsExactly(new Tuple("b", 2.0));
            assertThat(j.zmpop(SortedSetOption.MAX, "e:z")).isNull();
            assertError(j, "ERR numkeys should be greater than 0", "zmpop", "0", "e:z", "min");
            assertError(j, "ERR count should be greater than 0", "zmpop", "1", "e:z", "min", "count", "0");
            assertError(j, "ERR syntax error", "zmpop", "2", "e:z", "min");
        }
    }

    @Test
    void setOperations() {
        try (Jedis j = jedis()) {
            j.zadd("f:x", Map.of("a", 1.0, "b", 2.0, "c", 3.0));
            j.zadd("f:y", Map.of("b", 10.0, "c", 20.0, "d", 30.0));
            assertThat(j.zunionWithScores(new ZParams(), "f:x", "f:y")).containsExactly(
                    new Tuple("a", 1.0), new Tuple("b", 12.0), new Tuple("c", 23.0), new Tuple("d", 30.0));
            assertThat(j.zinterWithScores(new ZParams().weights(2, 0.5).aggregate(ZParams.Aggregate.MAX), "f:x", "f:y"))
                    .containsExactly(new Tuple("b", 5.0), new Tuple("c", 10.0));
            assertThat(j.zinter(new ZParams().aggregate(ZParams.Aggregate.MIN), "f:x", "f:y")).containsExactly("b", "c");
            assertThat(j.zdiffWithScores("f:x", "f:y")).containsExactly(new Tuple("a", 1.0));
            assertThat(j.zintercard("f:x", "f:y")).isEqualTo(2);
            assertThat(j.zintercard(1, "f:x", "f:y")).isEqualTo(1);
            assertThat(j.zunionstore("f:d", "f:x", "f:y")).isEqualTo(4);
            assertThat(j.zinterstore("f:d", new ZParams().weights(1, 2), "f:x", "f:y")).isEqualTo(2);
            assertThat(j.zrangeWithScores("f:d", 0, -1)).containsExactly(new Tuple("b", 22.0), new Tuple("c", 43.0));
            assertThat(j.zdiffstore("f:d", "f:x", "f:y")).isEqualTo(1);
            assertThat(j.zinterstore("f:d", "f:x", "f:nokey")).isZero();
            assertThat(j.zcard("f:d")).isZero();
            assertError(j, "ERR at least 1 input key is needed for 'zunionstore' command", "zunionstore", "f:d", "0", "f:x");
            assertError(j, "ERR weight value is not a float", "zunion", "1", "f:x", "weights", "x");
            assertError(j, "ERR syntax error", "zdiff", "2", "f:x", "f:y", "weights", "1", "1");
            assertError(j, "ERR LIMIT can't be negative", "zintercard", "1", "f:x", "limit", "-1");
        }
    }

    @Test
    void randomMembers() {
        try (Jedis j = jedis()) {
            j.zadd("g:z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0, "e", 5.0));
            assertThat(j.zrandmember("g:z")).isIn("a", "b", "c", "d", "e");
            assertThat(j.zrandmember("g:nokey")).isNull();
            assertThat(j.zrandmember("g:z", 10)).containsExactly("e", "d", "c", "b", "a");
            List<String> three = j.zrandmember("g:z", 3);
            assertThat(three).hasSize(3).doesNotHaveDuplicates();
            assertThat(j.zrandmember("g:z", -20)).hasSize(20).isSubsetOf("a", "b", "c", "d", "e");
            List<Tuple> ws = j.zrandmemberWithScores("g:z", -3);
            assertThat(ws).hasSize(3);
            for (Tuple t : ws) assertThat(t.getScore()).isEqualTo(t.getElement().charAt(0) - 'a' + 1.0);
            assertError(j, "ERR value is out of range", "zrandmember", "g:z", "-5000000000000000000", "withscores");
        }
    }

    @Test
    void resp3ShapesThroughLettuce() {
        l.zadd("h:z", 1.5, "a", 2.0, "b", 3.0, "c");
        assertThat(l.zrangeWithScores("h:z", 0, -1)).containsExactly(
                ScoredValue.just(1.5, "a"), ScoredValue.just(2.0, "b"), ScoredValue.just(3.0, "c"));
        assertThat(l.zscore("h:z", "a")).isEqualTo(1.5);
        assertThat(l.zunionWithScores("h:z")).hasSize(3);
        assertThat(l.zrandmemberWithScores("h:z", 2)).hasSize(2);
        assertThat(l.zpopmin("h:z")).isEqualTo(ScoredValue.just(1.5, "a"));
        assertThat(l.zpopmin("h:z", 1)).containsExactly(ScoredValue.just(2.0, "b"));
        KeyValue<String, List<ScoredValue<String>>> mp = l.zmpop(2, ZPopArgs.Builder.max(), "h:z");
        assertThat(mp.getKey()).isEqualTo("h:z");
        assertThat(mp.getValue()).containsExactly(ScoredValue.just(3.0, "c"));
        l.zadd("h:z2", 7.0, "x");
        KeyValue<String, ScoredValue<String>> bp = l.bzpopmin(1.0, "h:none", "h:z2");
        assertThat(bp.getKey()).isEqualTo("h:z2");
        assertThat(bp.getValue()).isEqualTo(ScoredValue.just(7.0, "x"));
    }

    @Test
    void blockingPopServedByLaterAdd() throws Exception {
        try (Jedis waiter = jedis(); Jedis writer = jedis()) {
            CompletableFuture<redis.clients.jedis.util.KeyValue<String, Tuple>> f =
                    CompletableFuture.supplyAsync(() -> waiter.bzpopmin(5, "i:k1", "i:k2"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> str(raw(writer, "ping")).equals("PONG") && blockedSoon(f));
            writer.zadd("i:k2", Map.of("x", 2.0, "y", 1.0));
            var kv = f.get(5, TimeUnit.SECONDS);
            assertThat(kv.getKey()).isEqualTo("i:k2");
            assertThat(kv.getValue()).isEqualTo(new Tuple("y", 1.0));
            assertThat(writer.zrange("i:k2", 0, -1)).containsExactly("x");
        }
    }

    /** Gives the blocked command time to reach the server before the writer acts. */
    private static boolean blockedSoon(CompletableFuture<?> f) throws InterruptedException {
        if (f.isDone()) return true;
        TimeUnit.MILLISECONDS.sleep(200);
        return true;
    }

    @Test
    void blockingPopTimesOutAndValidatesTimeout() {
        try (Jedis j = jedis()) {
            long t0 = System.nanoTime();
            assertThat(j.bzpopmax(0.2, "j:none")).isNull();
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(150_000_000L);
            assertThat(j.bzmpop(0.1, SortedSetOption.MIN, "j:none")).isNull();
            assertError(j, "ERR timeout is negative", "bzpopmin", "j:none", "-1");
            assertError(j, "ERR timeout is not a float or out of range", "bzpopmin", "j:none", "x");
            j.set("j:str", "v");
            assertError(j, "WRONGTYPE Operation against a key holding the wrong kind of value", "bzpopmin", "j:str", "1");
        }
    }

    @Test
    void largeSetRanksRangesAndScan() {
        int n = 50_000;
        try (Jedis j = jedis()) {
            var p = j.pipelined();
            for (int start = 0; start < n; start += 1000) {
                Map<String, Double> batch = new HashMap<>();
                for (int i = start; i < start + 1000; i++) batch.put(String.format("m%06d", i), (double) (i / 3));
                p.zadd("k:big", batch);
            }
            p.sync();
            assertThat(j.zcard("k:big")).isEqualTo(n);
            assertThat(j.zrank("k:big", "m012345")).isEqualTo(12345);
            assertThat(j.zrevrank("k:big", "m012345")).isEqualTo(n - 1 - 12345);
            assertThat(j.zrange("k:big", 30000, 30002)).containsExactly("m030000", "m030001", "m030002");
            assertThat(j.zrevrange("k:big", 0, 0)).containsExactly(String.format("m%06d", n - 1));
            assertThat(j.zcount("k:big", "100", "(200")).isEqualTo(300);
            assertThat(j.zrangeByScore("k:big", "1000", "+inf", 5, 2)).containsExactly("m003005", "m003006");
            assertThat(j.zremrangeByRank("k:big", 0, 999)).isEqualTo(1000);
            assertThat(j.zrank("k:big", "m001000")).isZero();

            Set<String> seen = new HashSet<>();
            String cursor = "0";
            do {
                ScanResult<Tuple> r = j.zscan("k:big", cursor, new ScanParams().count(500));
                for (Tuple t : r.getResult()) seen.add(t.getElement());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertThat(seen).hasSize(n - 1000);
            List<String> matched = new ArrayList<>();
            cursor = "0";
            do {
                ScanResult<Tuple> r = j.zscan("k:big", cursor, new ScanParams().match("m00100*").count(1000));
                for (Tuple t : r.getResult()) matched.add(t.getElement());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertThat(matched).hasSize(10);
        }
    }

    @Test
    void largeSetRandomUpdatesKeepOrder() {
        java.util.Random rnd = new java.util.Random(11);
        Map<String, Double> model = new HashMap<>();
        try (Jedis j = jedis()) {
            var p = j.pipelined();
            for (int i = 0; i < 20_000; i++) {
                String m = "m" + rnd.nextInt(5000);
                double s = rnd.nextInt(50);
                int op = rnd.nextInt(10);
                if (op < 6) {
                    p.zadd("u:z", s, m);
                    model.put(m, s);
                } else if (op < 8) {
                    p.zincrby("u:z", s - 25, m);
                    model.merge(m, s - 25, Double::sum);
                } else {
                    p.zrem("u:z", m);
                    model.remove(m);
                }
            }
            p.sync();
            // Equal scores order by member bytes.
            List<Map.Entry<String, Double>> sorted = new ArrayList<>(model.entrySet());
            sorted.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
            List<Tuple> all = j.zrangeWithScores("u:z", 0, -1);
            assertThat(all).hasSize(sorted.size());
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).getElement()).isEqualTo(sorted.get(i).getKey());
                assertThat(all.get(i).getScore()).isEqualTo(sorted.get(i).getValue());
            }
            for (int i = 0; i < sorted.size(); i += 97) {
                assertThat(j.zrank("u:z", sorted.get(i).getKey())).isEqualTo(i);
                assertThat(j.zrevrange("u:z", sorted.size() - 1 - i, sorted.size() - 1 - i)).containsExactly(sorted.get(i).getKey());
            }
            long below = sorted.stream().filter(e -> e.getValue() < 10).count();
            assertThat(j.zcount("u:z", "-inf", "(10")).isEqualTo(below);
            assertThat(j.zremrangeByRank("u:z", 5, -6)).isEqualTo(sorted.size() - 10);
            List<String> left = new ArrayList<>();
            for (int i = 0; i < 5; i++) left.add(sorted.get(i).getKey());
            for (int i = sorted.size() - 5; i < sorted.size(); i++) left.add(sorted.get(i).getKey());
            assertThat(j.zrange("u:z", 0, -1)).isEqualTo(left);
            java.util.Collections.reverse(left);
            assertThat(j.zrevrange("u:z", 0, -1)).isEqualTo(left);
            assertThat(j.objectEncoding("u:z")).isEqualTo("skiplist");
        }
    }

    @Test
    void smallSetScanIsOneStep() {
        try (Jedis j = jedis()) {
            j.zadd("l:z", Map.of("a", 1.1, "b", 2.0));
            ScanResult<Tuple> r = j.zscan("l:z", "0");
            assertThat(r.getCursor()).isEqualTo("0");
            assertThat(r.getResult()).containsExactlyInAnyOrder(new Tuple("a", 1.1), new Tuple("b", 2.0));
            assertError(j, "ERR invalid cursor", "zscan", "l:z", "x");
            // A listpack keeps integral scores as integers, so ZSCAN prints them without exponent.
            j.zadd("l:int", 123456789012345678.0, "m");
            assertThat(str(((List<?>) raw(j, "zscan", "l:int", "0")).get(1) instanceof List<?> r2 ? r2.get(1) : null))
                    .isEqualTo("123456789012345680");
            assertThat(str(raw(j, "zscore", "l:int", "m"))).isEqualTo("1.2345678901234568e+17");
            assertError(j, "ERR syntax error", "zscan", "l:z", "0", "count", "0");
        }
    }
}
