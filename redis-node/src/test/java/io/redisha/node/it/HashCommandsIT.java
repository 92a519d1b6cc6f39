package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class HashCommandsIT extends NodeTestBase {
    @Test
    void setGetAndFriends() {
        assertThat(j.hset("h1", "a", "1")).isEqualTo(1);
        assertThat(j.hset("h1", Map.of("a", "10", "b", "2"))).isEqualTo(1);
        assertThat(j.hget("h1", "a")).isEqualTo("10");
        assertThat(j.hget("h1", "zz")).isNull();
        assertThat(j.hget("nokey", "a")).isNull();
        assertThat(j.hmset("h1", Map.of("c", "3"))).isEqualTo("OK");
        assertThat(j.hmget("h1", "a", "zz", "c")).containsExactly("10", null, "3");
        assertThat(j.hmget("nokey", "a", "b")).containsExactly(null, null);
        assertThat(j.hlen("h1")).isEqualTo(3);
        assertThat(j.hlen("nokey")).isZero();
        assertThat(j.hexists("h1", "a")).isTrue();
        assertThat(j.hexists("h1", "zz")).isFalse();
        assertThat(j.hstrlen("h1", "a")).isEqualTo(2);
        assertThat(j.hstrlen("h1", "zz")).isZero();
        assertThat(j.hsetnx("h1", "a", "x")).isZero();
        assertThat(j.hsetnx("h1", "d", "4")).isEqualTo(1);
        assertThat(j.hkeys("h1")).containsExactly("a", "b", "c", "d");
        assertThat(j.hvals("h1")).containsExactly("10", "2", "3", "4");
        assertThat(j.hgetAll("h1")).isEqualTo(Map.of("a", "10", "b", "2", "c", "3", "d", "4"));
        assertThat(j.hgetAll("nokey")).isEmpty();
        assertThat(j.hkeys("nokey")).isEmpty();
        assertThat(j.hvals("nokey")).isEmpty();
        assertError(() -> raw("hset", "h1", "a"), "ERR wrong number of arguments for 'hset' command");
        assertError(() -> raw("hset", "h1", "a", "1", "b"), "ERR wrong number of arguments for 'hset' command");
        assertError(() -> raw("hmset", "h1", "a", "1", "b"), "ERR wrong number of arguments for 'hmset' command");
    }

    @Test
    void deleteRemovesEmptiedKey() {
        j.hset("h2", Map.of("a", "1", "b", "2"));
        assertThat(j.hdel("h2", "a", "zz")).isEqualTo(1);
        assertThat(j.hdel("nokey", "a")).isZero();
        assertThat(j.hdel("h2", "b")).isEqualTo(1);
        // No empty hash is left behind: the key can now hold another type.
        assertThat(j.sadd("h2", "m")).isEqualTo(1);
    }

    @Test
    void incrementsWithRedisErrorsAndFormatting() {
        assertThat(j.hincrBy("h3", "n", 5)).isEqualTo(5);
        assertThat(j.hincrBy("h3", "n", -7)).isEqualTo(-2);
        j.hset("h3", "s", "abc");
        assertError(() -> j.hincrBy("h3", "s", 1), "ERR hash value is not an integer");
        assertError(() -> raw("hincrby", "h3", "n", "x"), "ERR value is not an integer or out of range");
        j.hset("h3", "big", "9223372036854775800");
        assertError(() -> j.hincrBy("h3", "big", 100), "ERR increment or decrement would overflow");
        assertThat(raw("hincrbyfloat", "h3", "f", "0.1")).isEqualTo("0.1".getBytes());
        assertThat(raw("hincrbyfloat", "h3", "f", "0.2")).isEqualTo("0.3".getBytes());
        j.hset("h3", "g", "5000");
        assertThat(raw("hincrbyfloat", "h3", "g", "0.1")).isEqualTo("5000.10000000000000009".getBytes());
        assertThat(j.hincrByFloat("h3", "n", 1.5)).isEqualTo(-0.5);
        assertError(() -> raw("hincrbyfloat", "h3", "s", "1"), "ERR hash value is not a float");
        assertError(() -> raw("hincrbyfloat", "h3", "f", "abc"), "ERR value is not a valid float");
        assertError(() -> raw("hincrbyfloat", "h3", "f", "inf"), "ERR value is NaN or Infinity");
        j.hset("h3", "max", "1e4932");
        assertError(() -> raw("hincrbyfloat", "h3", "max", "1e4932"), "ERR increment would produce NaN or Infinity");
    }

    @Test
    void wrongTypeEverywhere() {
        j.set("str", "x");
        for (String[] cmd : new String[][] {
                {"hset", "str", "a", "1"}, {"hmset", "str", "a", "1"}, {"hsetnx", "str", "a", "1"},
                {"hget", "str", "a"}, {"hmget", "str", "a"}, {"hgetall", "str"}, {"hkeys", "str"},
                {"hvals", "str"}, {"hdel", "str", "a"}, {"hexists", "str", "a"}, {"hlen", "str"},
                {"hstrlen", "str", "a"}, {"hincrby", "str", "a", "1"}, {"hincrbyfloat", "str", "a", "1"},
                {"hrandfield", "str"}, {"hrandfield", "str", "0"}, {"hscan", "str", "0"}}) {
            assertError(() -> raw(cmd), WRONGTYPE);
        }
        assertThat(j.get("str")).isEqualTo("x");
    }

    @Test
    void randomFields() {
        j.hset("h4", Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(j.hrandfield("h4")).isIn("a", "b", "c");
        assertThat(j.hrandfield("nokey")).isNull();
        assertThat(j.hrandfield("nokey", 3)).isEmpty();
        assertThat(j.hrandfield("h4", 0)).isEmpty();
        assertThat(j.hrandfield("h4", 2)).hasSize(2).doesNotHaveDuplicates().isSubsetOf("a", "b", "c");
        assertThat(j.hrandfield("h4", 10)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(j.hrandfield("h4", -10)).hasSize(10).isSubsetOf("a", "b", "c");
        List<Map.Entry<String, String>> pairs = j.hrandfieldWithValues("h4", -5);
        assertThat(pairs).hasSize(5);
        for (Map.Entry<String, String> e : pairs) assertThat(j.hget("h4", e.getKey())).isEqualTo(e.getValue());
        assertError(() -> raw("hrandfield", "h4", "-9223372036854775808"),
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        assertError(() -> raw("hrandfield", "h4", "4611686018427387904", "withvalues"), "ERR value is out of range");
        assertError(() -> raw("hrandfield", "h4", "1", "withvalue"), "ERR syntax error");
        assertError(() -> raw("hrandfield", "h4", "1", "withvalues", "x"), "ERR syntax error");
        assertError(() -> raw("hrandfield", "h4", "x"), "ERR value is not an integer or out of range");
    }

    @Test
    void smallHashScansInOneCallWhateverTheCount() {
        j.hset("h5", Map.of("a1", "1", "a2", "2", "b1", "3"));
        ScanResult<Map.Entry<String, String>> r = j.hscan("h5", "0", new ScanParams().count(1));
        assertThat(r.getCursor()).isEqualTo("0");
        assertThat(r.getResult()).hasSize(3);
        r = j.hscan("h5", "0", new ScanParams().match("a*"));
        assertThat(r.getResult()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("a1", "a2");
        assertThat(j.hscan("nokey", "0").getResult()).isEmpty();
        assertError(() -> raw("hscan", "h5", "abc"), "ERR invalid cursor");
        assertError(() -> raw("hscan", "h5", "0", "count", "0"), "ERR syntax error");
        assertError(() -> raw("hscan", "h5", "0", "match"), "ERR syntax error");
        assertError(() -> raw("hscan", "h5", "0", "count", "x"), "ERR value is not an integer or out of range");
    }

    @Test
    void bigHashConvertsAndFullScanReturnsEveryField() {
        Map<String, String> all = new HashMap<>();
        for (int i = 0; i < 2000; i++) all.put("field:" + i, "value:" + i);
        j.hset("h6", all);
        // A hashtable answers a small COUNT with part of the hash and a cursor to continue.
        ScanResult<Map.Entry<String, String>> first = j.hscan("h6", "0", new ScanParams().count(5));
        assertThat(first.getCursor()).isNotEqualTo("0");
        assertThat(first.getResult().size()).isLessThan(100);
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        do {
            ScanResult<Map.Entry<String, String>> r = j.hscan("h6", cursor, new ScanParams().count(50));
            for (Map.Entry<String, String> e : r.getResult()) seen.put(e.getKey(), e.getValue());
            cursor = r.getCursor();
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(all);
        assertThat(j.hgetAll("h6")).isEqualTo(all);
        assertThat(j.hlen("h6")).isEqualTo(2000);
    }

    @Test
    void longValueConvertsToHashtable() {
        j.hset("h7", "a", "x".repeat(64));
        assertThat(j.hscan("h7", "0", new ScanParams().count(1)).getCursor()).isEqualTo("0");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("b", "x".repeat(65));
        for (int i = 0; i < 40; i++) m.put("f" + i, "v");
        j.hset("h7", m);
        assertThat(j.hscan("h7", "0", new ScanParams().count(1)).getCursor()).isNotEqualTo("0");
        assertThat(j.hget("h7", "b")).hasSize(65);
    }

    @Test
    void lettuceSeesMapsAndPairsOverResp3() throws Exception {
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("a", "1");
        ordered.put("b", "2");
        assertThat(lettuce().hset("lh", ordered)).isEqualTo(2);
        assertThat(lettuce().hgetall("lh")).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(lettuce().hmget("lh", "a", "zz")).containsExactly(KeyValue.just("a", "1"), KeyValue.empty("zz"));
        assertThat(lettuce().hincrbyfloat("lh", "a", 0.5)).isEqualTo(1.5);
        List<KeyValue<String, String>> pairs = lettuce().hrandfieldWithvalues("lh", 5);
        assertThat(pairs).extracting(KeyValue::getKey).containsExactlyInAnyOrder("a", "b");
        MapScanCursor<String, String> c = lettuce().hscan("lh", ScanCursor.INITIAL, ScanArgs.Builder.matches("*").limit(10));
        assertThat(c.isFinished()).isTrue();
        assertThat(c.getMap()).isEqualTo(Map.of("a", "1.5", "b", "2"));
        try (RawResp r3 = new RawResp(node, 3); RawResp r2 = new RawResp(node, 2)) {
            assertThat(r3.call("hgetall", "lh")).isEqualTo("%2\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n");
            assertThat(r2.call("hgetall", "lh")).isEqualTo("*4\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n");
            assertThat(r3.call("hgetall", "nokey")).isEqualTo("%0\r\n");
            assertThat(r3.call("hrandfield", "nokey")).isEqualTo("_\r\n");
            assertThat(r3.call("hrandfield", "lh", "-1", "withvalues")).startsWith("*1\r\n*2\r\n$1\r\n");
            assertThat(r2.call("hrandfield", "lh", "-1", "withvalues")).startsWith("*2\r\n$1\r\n");
            assertThat(r3.call("hmget", "nokey", "a")).isEqualTo("*1\r\n_\r\n");
            assertThat(r3.call("hscan", "lh", "0")).startsWith("*2\r\n$1\r\n0\r\n*4\r\n");
        }
        Set<String> keys = new HashSet<>(lettuce().hkeys("lh"));
        assertThat(keys).containsExactlyInAnyOrder("a", "b");
    }
}
