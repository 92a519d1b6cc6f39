package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** maxmemory: each policy's choice of victims, OOM when nothing may go, DEL to replicas. */
class EvictionIT extends NodeTestBase {
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    private static final String KB = "x".repeat(1024);

    @AfterEach
    void noLimit() {
        try (Jedis admin = new Jedis(node.host(), node.port())) {
            admin.configSet("maxmemory", "0");
            admin.configSet("maxmemory-policy", "noeviction");
            admin.configSet("maxmemory-samples", "5");
        }
    }

    long info(String section, String field) {
        for (String line : j.info(section).split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError("no " + field);
    }

    /** Room for about {@code kb} more 1 KB keys than are stored now. */
    void limitTo(int kb) {
        j.configSet("maxmemory", Long.toString(info("memory", "used_memory") + kb * 1100L));
    }

    int surviving(String prefix, int n) {
        int alive = 0;
        for (int i = 0; i < n; i++) if (j.exists(prefix + i)) alive++;
        return alive;
    }

    @Test
    void noevictionAnswersOomToWritesButServesReads() {
        long evicted = info("stats", "evicted_keys");
        j.set("kept", "v");
        j.configSet("maxmemory", "1");
        assertError(() -> j.set("new", "v"), OOM);
        assertError(() -> j.rpush("list", "v"), OOM);
        assertThat(j.get("kept")).isEqualTo("v");
        assertThat(j.dbSize()).isEqualTo(1);
        Transaction t = j.multi();
        t.set("in-multi", "v");
        assertThatExecAborts(t);
        // DEL is not denyoom: it frees memory, so it runs.
        assertThat(j.del("kept")).isEqualTo(1);
        assertThat(info("stats", "evicted_keys")).isEqualTo(evicted);
    }

    private static void assertThatExecAborts(Transaction t) {
        try {
            t.exec();
            throw new AssertionError("EXEC should fail");
        } catch (JedisDataException e) {
            assertThat(e.getMessage()).startsWith("EXECABORT Transaction discarded because of");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"allkeys-random", "allkeys-lru", "allkeys-lfu"})
    void allkeysPoliciesStayUnderTheLimit(String policy) {
        long evicted = info("stats", "evicted_keys");
        j.configSet("maxmemory-policy", policy);
        limitTo(100);
        for (int i = 0; i < 400; i++) j.set("k:" + i, KB);
        assertThat(j.dbSize()).isBetween(50L, 110L);
        assertThat(info("memory", "used_memory")).isLessThanOrEqualTo(info("memory", "maxmemory"));
        assertThat(info("stats", "evicted_keys") - evicted).isGreaterThanOrEqualTo(290);
    }

    @ParameterizedTest
    @ValueSource(strings = {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"})
    void volatilePoliciesEvictOnlyKeysWithATtlThenAnswerOom(String policy) {
        j.configSet("maxmemory-policy", policy);
        for (int i = 0; i < 50; i++) j.set("persistent:" + i, KB);
        limitTo(60);
        for (int i = 0; i < 200; i++) j.set("volatile:" + i, KB, SetParams.setParams().ex(1000));
        assertThat(surviving("persistent:", 50)).isEqualTo(50);
        assertThat(surviving("volatile:", 200)).isBetween(1, 70);
        // Once no key with a TTL is left, writes are refused.
        assertError(() -> {
            for (int i = 0; i < 200; i++) j.set("more:" + i, KB);
        }, OOM);
        assertThat(surviving("persistent:", 50)).isEqualTo(50);
        assertThat(surviving("volatile:", 200)).isZero();
        assertThat(j.get("persistent:0")).isEqualTo(KB);
    }

    @Test
    void volatileTtlEvictsTheNearestExpiryFirst() {
        j.configSet("maxmemory-policy", "volatile-ttl");
        j.configSet("maxmemory-samples", "10");
        for (int i = 0; i < 80; i++) j.set("late:" + i, KB, SetParams.setParams().ex(100_000 + i));
        limitTo(20);
        for (int i = 0; i < 80; i++) j.set("soon:" + i, KB, SetParams.setParams().ex(100 + i));
        assertThat(surviving("late:", 80)).isGreaterThanOrEqualTo(70);
        assertThat(surviving("soon:", 80)).isLessThan(40);
    }

    @Test
    void allkeysLruKeepsRecentlyReadKeys() {
        j.configSet("maxmemory-policy", "allkeys-lru");
        j.configSet("maxmemory-samples", "10");
        for (int i = 0; i < 100; i++) j.set("old:" + i, KB);
        pause();
        for (int i = 0; i < 50; i++) j.get("old:" + i);      // 0..49 are hot, 50..99 untouched
        pause();
        limitTo(0);
        for (int i = 0; i < 50; i++) j.set("new:" + i, KB);
        int hot = 0, cold = 0;
        for (int i = 0; i < 50; i++) if (j.exists("old:" + i)) hot++;
        for (int i = 50; i < 100; i++) if (j.exists("old:" + i)) cold++;
        assertThat(hot).isGreaterThanOrEqualTo(40);
        assertThat(cold).isLessThan(hot - 20);
    }

    @Test
    void allkeysLfuKeepsFrequentlyUsedKeys() {
        j.configSet("maxmemory-policy", "allkeys-lfu");
        j.configSet("maxmemory-samples", "10");
        for (int i = 0; i < 100; i++) j.set("k:" + i, KB);
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 30; i++) j.get("k:" + i);   // 0..29 are used often
        }
        assertThat(j.objectFreq("k:0")).isGreaterThan(j.objectFreq("k:99"));
        limitTo(0);
        for (int i = 0; i < 60; i++) j.set("new:" + i, KB);
        assertThat(surviving("k:", 30)).isGreaterThanOrEqualTo(27);
    }

    /** Lets the access clock (10 ms ticks) move on so reads are told apart from the writes before. */
    private static void pause() {
        await().pollDelay(Duration.ofMillis(60)).until(() -> true);
    }
}
