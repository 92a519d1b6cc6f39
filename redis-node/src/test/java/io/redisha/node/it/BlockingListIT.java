package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redisha.node.it.ListCommandsIT.Raw;
import io.redisha.testkit.NodeProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.KeyValue;

/** BLPOP and friends: serving order, timeouts, pipelining, transactions and disconnects. */
class BlockingListIT {
    static NodeProcess node;
    static ExecutorService pool;
    Jedis j;
    String p;

    @BeforeAll
    static void start() {
        node = NodeProcess.start();
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        node.close();
    }

    @BeforeEach
    void connect() {
        j = new Jedis(node.host(), node.port());
        p = UUID.randomUUID().toString().substring(0, 8) + ":";
        await().atMost(Duration.ofSeconds(5)).until(() -> blockedClients() == 0);
    }

    @AfterEach
    void disconnect() {
        j.close();
    }

    String k(String name) {
        return p + name;
    }

    Jedis client() {
        return new Jedis(node.host(), node.port(), 10_000);
    }

    /** Clients CLIENT LIST shows with the blocked flag. */
    long blockedClients() {
        try (Jedis admin = client()) {
            return admin.clientList().lines().filter(l -> l.contains(" flags=b ")).count();
        }
    }

    void awaitBlocked(long n) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> blockedClients() == n);
    }

    <T> CompletableFuture<T> async(java.util.function.Function<Jedis, T> body) {
        return CompletableFuture.supplyAsync(() -> {
            try (Jedis c = client()) {
                return body.apply(c);
            }
        }, pool);
    }

    @Test
    void blpopIsServedByALaterPushFromAnotherClient() throws Exception {
        CompletableFuture<List<String>> popped = async(c -> c.blpop(0, k("a"), k("b")));
        awaitBlocked(1);
        assertThat(popped).isNotDone();
        assertThat(j.rpush(k("b"), "v1", "v2")).isEqualTo(2);
        assertThat(popped.get(5, TimeUnit.SECONDS)).containsExactly(k("b"), "v1");
        assertThat(j.lrange(k("b"), 0, -1)).containsExactly("v2");
        awaitBlocked(0);
    }

    @Test
    void blockedClientsAreServedInArrivalOrder() throws Exception {
        CompletableFuture<List<String>> first = async(c -> c.brpop(0, k("q")));
        awaitBlocked(1);
        CompletableFuture<List<String>> second = async(c -> c.brpop(0, k("q")));
        awaitBlocked(2);
        j.lpush(k("q"), "one");
        assertThat(first.get(5, TimeUnit.SECONDS)).containsExactly(k("q"), "one");
        awaitBlocked(1);
        assertThat(second).isNotDone();
        j.lpush(k("q"), "two", "three");
        assertThat(second.get(5, TimeUnit.SECONDS)).containsExactly(k("q"), "two");
        assertThat(j.lrange(k("q"), 0, -1)).containsExactly("three");
    }

    @Test
    void onePushOfSeveralElementsServesSeveralClients() throws Exception {
        CompletableFuture<List<String>> first = async(c -> c.blpop(0, k("q")));
        awaitBlocked(1);
        CompletableFuture<List<String>> second = async(c -> c.blpop(0, k("q")));
        awaitBlocked(2);
        j.rpush(k("q"), "1", "2", "3");
        assertThat(first.get(5, TimeUnit.SECONDS)).containsExactly(k("q"), "1");
        assertThat(second.get(5, TimeUnit.SECONDS)).containsExactly(k("q"), "2");
        assertThat(j.lrange(k("q"), 0, -1)).containsExactly("3");
    }

    @Test
    void timeoutRepliesNilAfterAboutTheTimeout() {
        long start = System.nanoTime();
        assertThat(j.blpop(0.3, k("none"))).isNull();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isBetween(250L, 3000L);
        assertThat(j.brpop(0.05, k("none"))).isNull();
        assertThat(j.blmove(k("none"), k("d"), ListDirection.LEFT, ListDirection.LEFT, 0.05)).isNull();
        assertThat(j.brpoplpush(k("none"), k("d"), 1)).isNull();
        assertThat(j.blmpop(0.05, ListDirection.LEFT, k("none"))).isNull();
        assertThat(j.llen(k("d"))).isZero();
    }

    @Test
    void timeoutRepliesAreNullArraysLikeRedis70() throws IOException {
        try (Raw r = new Raw(node)) {
            // Redis 7.0 times out BLMOVE and BRPOPLPUSH with a null array too.
            assertThat(r.call("blmove", k("none"), k("d"), "left", "left", "0.05")).isEqualTo("*-1\r\n");
            assertThat(r.call("brpoplpush", k("none"), k("d"), "0.05")).isEqualTo("*-1\r\n");
            assertThat(r.call("blpop", k("none"), "0.05")).isEqualTo("*-1\r\n");
            assertThat(r.call("blmpop", "0.05", "1", k("none"), "left")).isEqualTo("*-1\r\n");
            r.call("hello", "3");
            assertThat(r.call("blpop", k("none"), "0.05")).isEqualTo("_\r\n");
            assertThat(r.call("blmove", k("none"), k("d"), "left", "left", "0.05")).isEqualTo("_\r\n");
        }
    }

    @Test
    void argumentErrorsComeBeforeAnyPop() {
        j.rpush(k("l"), "x");
        j.set(k("s"), "v");
        assertThatThrownBy(() -> j.sendCommand(() -> "blpop".getBytes(), k("l"), "-1"))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR timeout is negative");
        assertThatThrownBy(() -> j.sendCommand(() -> "blpop".getBytes(), k("l"), "abc"))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR timeout is not a float or out of range");
        assertThatThrownBy(() -> j.sendCommand(() -> "blmpop".getBytes(), "abc", "0", k("l"), "left"))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR timeout is not a float or out of range");
        assertThatThrownBy(() -> j.sendCommand(() -> "blmpop".getBytes(), "0", "0", k("l"), "left"))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR numkeys should be greater than 0");
        assertThatThrownBy(() -> j.sendCommand(() -> "blmove".getBytes(), k("l"), k("d"), "up", "left", "-1"))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> j.blpop(0, k("none"), k("s"), k("l")))
                .isInstanceOf(JedisDataException.class).hasMessageStartingWith("WRONGTYPE");
        assertThatThrownBy(() -> j.blmove(k("l"), k("s"), ListDirection.LEFT, ListDirection.LEFT, 0))
                .isInstanceOf(JedisDataException.class).hasMessageStartingWith("WRONGTYPE");
        assertThat(j.llen(k("l"))).isEqualTo(1);
        // A timeout that rounds to 0 ms means "forever" in Redis 7.0, not a negative timeout.
        assertThat(j.sendCommand(() -> "blpop".getBytes(), k("l"), "-0.0005")).isNotNull();
    }

    @Test
    void blmoveMovesToAnotherListAndWakesItsWaiters() throws Exception {
        CompletableFuture<String> moved = async(c -> c.blmove(k("src"), k("dst"), ListDirection.RIGHT, ListDirection.LEFT, 0));
        awaitBlocked(1);
        CompletableFuture<List<String>> fromDst = async(c -> c.blpop(0, k("dst")));
        awaitBlocked(2);
        j.rpush(k("src"), "a", "b");
        assertThat(moved.get(5, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(fromDst.get(5, TimeUnit.SECONDS)).containsExactly(k("dst"), "b");
        assertThat(j.lrange(k("src"), 0, -1)).containsExactly("a");
        assertThat(j.llen(k("dst"))).isZero();
    }

    @Test
    void brpoplpushAndBlmpopAreServed() throws Exception {
        CompletableFuture<String> moved = async(c -> c.brpoplpush(k("s"), k("d"), 0));
        awaitBlocked(1);
        j.rpush(k("s"), "x", "y");
        assertThat(moved.get(5, TimeUnit.SECONDS)).isEqualTo("y");
        assertThat(j.lrange(k("d"), 0, -1)).containsExactly("y");
        CompletableFuture<KeyValue<String, List<String>>> multi =
                async(c -> c.blmpop(0, ListDirection.RIGHT, 5, k("m1"), k("m2")));
        awaitBlocked(1);
        j.rpush(k("m2"), "1", "2", "3");
        KeyValue<String, List<String>> kv = multi.get(5, TimeUnit.SECONDS);
        assertThat(kv.getKey()).isEqualTo(k("m2"));
        assertThat(kv.getValue()).containsExactly("3", "2", "1");
        assertThat(j.llen(k("m2"))).isZero();
    }

    @Test
    void aPushInAnotherDatabaseDoesNotServe() throws Exception {
        CompletableFuture<List<String>> popped = async(c -> {
            c.select(1);
            return c.blpop(0, k("l"));
        });
        awaitBlocked(1);
        j.rpush(k("l"), "db0");
        assertThat(j.llen(k("l"))).isEqualTo(1);
        assertThat(popped).isNotDone();
        try (Jedis db1 = client()) {
            db1.select(1);
            db1.rpush(k("l"), "db1");
        }
        assertThat(popped.get(5, TimeUnit.SECONDS)).containsExactly(k("l"), "db1");
    }

    @Test
    void aBlockedClientDoesNotBlockOthers() throws Exception {
        CompletableFuture<List<String>> popped = async(c -> c.blpop(0, k("wait")));
        awaitBlocked(1);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(j.set(k("str"), "v")).isEqualTo("OK");
            assertThat(j.get(k("str"))).isEqualTo("v");
            assertThat(j.rpush(k("other"), "x")).isEqualTo(1);
            assertThat(j.lpop(k("other"))).isEqualTo("x");
        });
        assertThat(popped).isNotDone();
        j.rpush(k("wait"), "done");
        assertThat(popped.get(5, TimeUnit.SECONDS)).containsExactly(k("wait"), "done");
    }

    @Test
    void pipelinedCommandsWaitForTheBlockingOne() throws Exception {
        try (Raw r = new Raw(node)) {
            r.pipeline(new String[] {"blpop", k("p"), "0"}, new String[] {"ping"},
                    new String[] {"rpush", k("after"), "z"});
            awaitBlocked(1);
            assertThat(r.available()).isZero();
            assertThat(j.llen(k("after"))).isZero();
            j.rpush(k("p"), "v");
            String key = k("p");
            assertThat(r.read()).isEqualTo("*2\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\nv\r\n");
            assertThat(r.read()).isEqualTo("+PONG\r\n");
            assertThat(r.read()).isEqualTo(":1\r\n");
        }
    }

    @Test
    void pipelinedCommandsGoOnAfterATimeout() throws IOException {
        try (Raw r = new Raw(node)) {
            r.pipeline(new String[] {"blpop", k("p"), "0.1"}, new String[] {"ping"});
            assertThat(r.read()).isEqualTo("*-1\r\n");
            assertThat(r.read()).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void blockingInsideMultiRepliesAtOnce() throws IOException {
        try (Raw r = new Raw(node)) {
            String multi = r.call("multi");
            Assumptions.assumeTrue(multi.equals("+OK\r\n"), "MULTI is not available in this build");
            r.call("blpop", k("none"), "0");
            r.call("blmove", k("none"), k("d"), "left", "left", "0");
            r.call("brpoplpush", k("none"), k("d"), "0");
            r.call("blmpop", "0", "1", k("none"), "left");
            r.call("brpop", k("none"), "0");
            // Inside a transaction nothing may wait: the empty answers come at once.
            assertThat(r.call("exec")).isEqualTo("*5\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n");
        }
        assertThat(blockedClients()).isZero();
    }

    @Test
    void aDisconnectedBlockedClientIsForgotten() throws Exception {
        Raw r = new Raw(node);
        r.send("blpop", k("gone"), "0");
        awaitBlocked(1);
        r.close();
        awaitBlocked(0);
        assertThat(j.rpush(k("gone"), "kept")).isEqualTo(1);
        assertThat(j.llen(k("gone"))).isEqualTo(1);
        assertThat(j.lpop(k("gone"))).isEqualTo("kept");
    }
}
