package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class KeyCommandsIT extends NodeTestBase {
    @Test
    void delExistsTypeKeys() {
        j.set("a", "1");
        j.set("b", "2");
        assertThat(j.exists("a", "b", "c", "a")).isEqualTo(3);
        assertThat(j.type("a")).isEqualTo("string");
        assertThat(j.type("zz")).isEqualTo("none");
        assertThat(new HashSet<>(j.keys("*"))).containsExactlyInAnyOrder("a", "b");
        assertThat(j.keys("a*")).containsExactly("a");
        assertThat(j.del("a", "zz")).isEqualTo(1);
        assertThat(j.unlink("b")).isEqualTo(1);
        assertThat(j.keys("*")).isEmpty();
        assertThat(j.dbSize()).isZero();
    }

    @Test
    void scanVisitsEveryKeyOnceAcrossGrowth() {
        for (int i = 0; i < 5000; i++) j.set("k" + i, "v");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int rounds = 0;
        do {
            ScanResult<String> r = j.scan(cursor, new ScanParams().count(100));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            // Keys added during the scan must not break the guarantee for the old ones.
            if (rounds++ == 5) for (int i = 5000; i < 9000; i++) j.set("k" + i, "v");
        } while (!cursor.equals("0"));
        for (int i = 0; i < 5000; i++) assertThat(seen).contains("k" + i);
        ScanResult<String> matched = j.scan("0", new ScanParams().match("k1?").count(100000));
        assertThat(matched.getResult()).hasSize(10);
        assertThatThrownBy(() -> j.scan("abc")).hasMessage("ERR invalid cursor");
    }

    @Test
    void renameAndRenamenx() {
        j.set("a", "1");
        j.pexpire("a", 100000);
        assertThat(j.rename("a", "b")).isEqualTo("OK");
        assertThat(j.get("b")).isEqualTo("1");
        assertThat(j.pttl("b")).isGreaterThan(90000);
        assertThatThrownBy(() -> j.rename("nokey", "x")).hasMessage("ERR no such key");
        j.set("c", "3");
        assertThat(j.renamenx("b", "c")).isZero();
        assertThat(j.renamenx("b", "d")).isEqualTo(1);
    }

    @Test
    void expiryCommandsAndOptions() {
        j.set("k", "v");
        assertThat(j.ttl("k")).isEqualTo(-1);
        assertThat(j.ttl("missing")).isEqualTo(-2);
        assertThat(j.expire("k", 100)).isEqualTo(1);
        assertThat(j.ttl("k")).isBetween(99L, 100L);
        assertThat(j.expire("k", 50, ExpiryOption.NX)).isZero();
        assertThat(j.expire("k", 50, ExpiryOption.GT)).isZero();
        assertThat(j.expire("k", 200, ExpiryOption.GT)).isEqualTo(1);
        assertThat(j.expire("k", 10, ExpiryOption.LT)).isEqualTo(1);
        assertThat(j.expireTime("k")).isBetween(System.currentTimeMillis() / 1000 + 8, System.currentTimeMillis() / 1000 + 12);
        assertThat(j.persist("k")).isEqualTo(1);
        assertThat(j.pexpireTime("k")).isEqualTo(-1);
        assertThat(j.expire("k", -1)).isEqualTo(1);
        assertThat(j.exists("k")).isFalse();
        assertThatThrownBy(() -> j.sendCommand(() -> "expire".getBytes(), "k", "1", "nx", "xx"))
                .hasMessage("ERR NX and XX, GT or LT options at the same time are not compatible");
    }

    @Test
    void expiredKeysDisappearWithoutBeingTouched() {
        long before = expiredKeys();
        for (int i = 0; i < 200; i++) j.psetex("t" + i, 50, "v");
        j.set("keep", "v");
        // Only the active cycle can remove them: nothing reads these keys.
        await().atMost(Duration.ofSeconds(5)).until(() -> j.dbSize() == 1);
        assertThat(expiredKeys() - before).isEqualTo(200);
    }

    private long expiredKeys() {
        String stats = j.info("stats");
        int at = stats.indexOf("expired_keys:") + "expired_keys:".length();
        return Long.parseLong(stats.substring(at, stats.indexOf('\r', at)));
    }

    @Test
    void lazyExpiryOnAccess() {
        j.sendCommand(() -> "debug".getBytes(), "set-active-expire", "0");
        try {
            j.psetex("lazy", 20, "v");
            await().atMost(Duration.ofSeconds(2)).until(() -> j.get("lazy") == null);
        } finally {
            j.sendCommand(() -> "debug".getBytes(), "set-active-expire", "1");
        }
    }

    @Test
    void copyMoveSwapdbSelect() {
        j.set("a", "1");
        assertThat(j.copy("a", "b", false)).isTrue();
        assertThat(j.copy("a", "b", false)).isFalse();
        assertThat(j.copy("a", "b", true)).isTrue();
        assertThat(j.move("a", 1)).isEqualTo(1);
        j.select(1);
        assertThat(j.get("a")).isEqualTo("1");
        j.select(0);
        assertThat(j.swapDB(0, 1)).isEqualTo("OK");
        assertThat(j.get("a")).isEqualTo("1");
        assertThat(j.get("b")).isNull();
        assertThatThrownBy(() -> j.select(16)).hasMessage("ERR DB index is out of range");
        assertThatThrownBy(() -> j.swapDB(0, 100)).hasMessage("ERR DB index is out of range");
    }

    @Test
    void objectAndRandomkey() {
        assertThat(j.randomKey()).isNull();
        j.set("n", "12345");
        j.set("s", "hello");
        j.set("r", "x".repeat(100));
        assertThat(j.objectEncoding("n")).isEqualTo("int");
        assertThat(j.objectEncoding("s")).isEqualTo("embstr");
        assertThat(j.objectEncoding("r")).isEqualTo("raw");
        assertThat(j.objectEncoding("none")).isNull();
        assertThat(j.objectIdletime("s")).isBetween(0L, 2L);
        assertThat(List.of("n", "s", "r")).contains(j.randomKey());
        assertThatThrownBy(() -> j.objectFreq("s")).isInstanceOf(JedisDataException.class)
                .hasMessageStartingWith("ERR An LFU maxmemory policy is not selected");
    }

    @Test
    void touchAndFlushdb() {
        j.set("a", "1");
        assertThat(j.touch("a", "b")).isEqualTo(1);
        j.select(2);
        j.set("x", "1");
        assertThat(j.flushDB()).isEqualTo("OK");
        assertThat(j.dbSize()).isZero();
        j.select(0);
        assertThat(j.dbSize()).isEqualTo(1);
    }
}
