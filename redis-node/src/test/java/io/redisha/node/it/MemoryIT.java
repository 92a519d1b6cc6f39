package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.Test;

/** used_memory accounting, MEMORY, and the maxmemory configuration keys. */
class MemoryIT extends NodeTestBase {
    private static final String KB = "x".repeat(1024);

    long info(String field) {
        for (String line : j.info("memory").split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError("no " + field);
    }

    @Test
    void usedMemoryRisesAndFallsWithTheData() {
        long before = info("used_memory");
        for (int i = 0; i < 1000; i++) j.set("key:" + i, KB);
        long full = info("used_memory");
        // 1000 values of 1 KB plus keys and table: about 1.1 MB, honestly not much more.
        assertThat(full - before).isBetween(1_024_000L, 1_400_000L);
        assertThat(info("used_memory_dataset")).isGreaterThan(1_024_000L);
        assertThat(info("used_memory_peak")).isGreaterThanOrEqualTo(full);
        for (int i = 0; i < 1000; i++) j.del("key:" + i);
        assertThat(info("used_memory")).isLessThan(before + 64 * 1024);
        assertThat(info("used_memory_peak")).isGreaterThanOrEqualTo(full);
    }

    @Test
    void containersChangedInPlaceAreCounted() {
        long before = info("used_memory");
        for (int i = 0; i < 200; i++) j.hset("h", "field:" + i, KB);
        for (int i = 0; i < 200; i++) j.rpush("l", KB);
        for (int i = 0; i < 200; i++) j.sadd("s", KB + i);
        for (int i = 0; i < 200; i++) j.zadd("z", i, KB + i);
        long full = info("used_memory");
        assertThat(full - before).isBetween(4 * 200 * 1024L, 4 * 200 * 1400L);
        j.del("h", "l");
        for (int i = 0; i < 200; i++) j.srem("s", KB + i);
        for (int i = 0; i < 200; i++) j.zrem("z", KB + i);
        assertThat(info("used_memory")).isLessThan(before + 64 * 1024);
    }

    @Test
    void accountingSurvivesRenameMoveCopySwapdbAndExpiry() {
        long before = info("used_memory");
        for (int i = 0; i < 100; i++) j.hset("h", "field:" + i, KB);
        j.rename("h", "h2");
        assertThat(j.move("h2", 1)).isEqualTo(1);
        j.select(1);
        assertThat(j.copy("h2", "h3", false)).isTrue();
        j.swapDB(0, 1);
        j.select(0);
        assertThat(info("used_memory") - before).isBetween(2 * 100 * 1024L, 2 * 100 * 1300L);
        j.hdel("h3", "field:0");
        j.pexpire("h3", 1);
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !j.exists("h3"));
        j.del("h2");
        assertThat(info("used_memory")).isLessThan(before + 64 * 1024);
    }

    @Test
    void memoryUsageGrowsWithValueSize() {
        j.set("small", "v");
        j.set("big", KB);
        long small = (Long) raw("MEMORY", "USAGE", "small");
        long big = (Long) raw("MEMORY", "USAGE", "big");
        assertThat(small).isBetween(40L, 120L);
        assertThat(big - small).isBetween(1000L, 1100L);
        assertThat(raw("MEMORY", "USAGE", "missing")).isNull();
        assertThat(raw("MEMORY", "USAGE", "big", "SAMPLES", "0")).isEqualTo(big);
        assertError(() -> raw("MEMORY", "USAGE", "big", "SAMPLES"), "ERR syntax error");
        assertError(() -> raw("MEMORY", "USAGE", "big", "SAMPLES", "-1"), "ERR syntax error");
        assertError(() -> raw("MEMORY", "USAGE", "big", "SAMPLES", "x"), "ERR value is not an integer or out of range");
        assertError(() -> raw("MEMORY", "USAGE", "big", "FOO", "1"), "ERR syntax error");

        j.hset("hash", "f", "v");
        long oneField = (Long) raw("MEMORY", "USAGE", "hash");
        for (int i = 0; i < 50; i++) j.hset("hash", "f" + i, "value" + i);
        assertThat((Long) raw("MEMORY", "USAGE", "hash")).isGreaterThan(oneField + 50 * 8);
        assertThat(j.objectEncoding("hash")).isEqualTo("listpack");
    }

    @Test
    void listpackHashKeepsFieldsInOrderThroughUpdates() {
        j.hset("h", "a", "1");
        j.hset("h", "b", "2");
        j.hset("h", "c", "3");
        j.hset("h", "b", "a longer value");
        j.hdel("h", "a");
        j.hset("h", "d", "");
        assertThat(raw("HKEYS", "h")).asList().map(o -> new String((byte[]) o)).containsExactly("b", "c", "d");
        assertThat(j.hget("h", "b")).isEqualTo("a longer value");
        assertThat(j.hget("h", "d")).isEmpty();
        assertThat(j.hlen("h")).isEqualTo(3);
        j.hset("h", "e", "y".repeat(65));
        assertThat(j.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(j.hgetAll("h")).containsEntry("b", "a longer value").containsEntry("e", "y".repeat(65)).hasSize(4);
    }

    @Test
    void memorySubcommands() {
        List<?> help = (List<?>) raw("MEMORY", "HELP");
        assertThat(new String((byte[]) help.get(0))).isEqualTo("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        assertThat(help).hasSize(14);
        assertError(() -> raw("MEMORY", "FOO"), "ERR unknown subcommand 'FOO'. Try MEMORY HELP.");
        j.set("a", "b");
        List<?> stats = (List<?>) raw("MEMORY", "STATS");
        assertThat(new String((byte[]) stats.get(0))).isEqualTo("peak.allocated");
        int keysCount = stats.indexOf(stats.stream().filter(o -> o instanceof byte[] b && new String(b).equals("keys.count")).findFirst().orElseThrow());
        assertThat(stats.get(keysCount + 1)).isEqualTo(1L);
        assertThat(new String((byte[]) raw("MEMORY", "DOCTOR"))).startsWith("Hi Sam");
        assertThat(raw("MEMORY", "PURGE")).isEqualTo("OK".getBytes());
    }

    @Test
    void maxmemoryConfiguration() {
        try {
            assertThat(j.configSet("maxmemory", "1mb")).isEqualTo("OK");
            assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "1048576");
            assertThat(info("maxmemory")).isEqualTo(1048576L);
            assertError(() -> j.configSet("maxmemory-policy", "foo"), "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - "
                    + "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, "
                    + "allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
            assertError(() -> j.configSet("maxmemory-samples", "0"),
                    "ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be between 1 and 2147483647 inclusive");
            assertError(() -> j.configSet("maxmemory-eviction-tenacity", "101"),
                    "ERR CONFIG SET failed (possibly related to argument 'maxmemory-eviction-tenacity') - argument must be between 0 and 100 inclusive");
            assertThat(j.configSet("maxmemory-policy", "ALLKEYS-LRU")).isEqualTo("OK");
            assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
            assertThat(j.configGet("lfu-*")).containsEntry("lfu-log-factor", "10").containsEntry("lfu-decay-time", "1");
        } finally {
            j.configSet("maxmemory", "0");
            j.configSet("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void objectFreqUnderLfuPolicies() {
        j.set("k", "v");
        assertError(() -> j.objectFreq("k"), "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        try {
            j.configSet("maxmemory-policy", "allkeys-lfu");
            j.set("fresh", "v");
            assertThat(j.objectFreq("fresh")).isEqualTo(5L);
            for (int i = 0; i < 200; i++) j.get("fresh");
            assertThat(j.objectFreq("fresh")).isGreaterThan(5L);
            assertThat(j.objectFreq("missing")).isNull();
            assertError(() -> j.objectIdletime("fresh"), "ERR An LFU maxmemory policy is selected, idle time not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            j.configSet("maxmemory-policy", "volatile-lfu");
            assertThat(j.objectFreq("fresh")).isGreaterThan(5L);
        } finally {
            j.configSet("maxmemory-policy", "noeviction");
        }
        assertThat(j.objectIdletime("k")).isNotNull();
    }
}
