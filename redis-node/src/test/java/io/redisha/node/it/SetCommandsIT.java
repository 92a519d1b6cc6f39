package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScanCursor;
import io.lettuce.core.ValueScanCursor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class SetCommandsIT extends NodeTestBase {
    @Test
    void addRemoveAndMembership() {
        assertThat(j.sadd("s1", "b", "a", "c", "a")).isEqualTo(3);
        assertThat(j.sadd("s1", "a", "d")).isEqualTo(1);
        assertThat(j.scard("s1")).isEqualTo(4);
        assertThat(j.scard("nokey")).isZero();
        assertThat(j.sismember("s1", "a")).isTrue();
        assertThat(j.sismember("s1", "zz")).isFalse();
        assertThat(j.sismember("nokey", "a")).isFalse();
        assertThat(j.smismember("s1", "a", "zz", "d")).containsExactly(true, false, true);
        assertThat(j.smismember("nokey", "a", "b")).containsExactly(false, false);
        assertThat(j.smembers("s1")).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(j.smembers("nokey")).isEmpty();
        assertThat(j.srem("s1", "a", "zz")).isEqualTo(1);
        assertThat(j.srem("nokey", "a")).isZero();
        assertThat(j.srem("s1", "b", "c", "d")).isEqualTo(3);
        // The emptied set is gone: the key can hold another type now.
        assertThat(j.hset("s1", "f", "v")).isEqualTo(1);
    }

    @Test
    void integerSetsIterateSortedUntilTheyConvert() {
        assertThat(j.sadd("si", "5", "3", "-1", "10", "0")).isEqualTo(5);
        assertThat(raw("smembers", "si")).asList().extracting(o -> new String((byte[]) o))
                .containsExactly("-1", "0", "3", "5", "10");
        assertThat(j.sismember("si", "03")).isFalse();
        assertThat(j.sadd("si", "x")).isEqualTo(1);
        assertThat(j.sismember("si", "3")).isTrue();
        assertThat(j.smembers("si")).containsExactlyInAnyOrder("-1", "0", "3", "5", "10", "x");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 512; i++) many.add(Integer.toString(i));
        j.sadd("sbig", many.toArray(new String[0]));
        ScanResult<String> r = j.sscan("sbig", "0", new ScanParams().count(1));
        assertThat(r.getCursor()).isEqualTo("0");
        assertThat(r.getResult()).hasSize(512);
        j.sadd("sbig", "512");
        r = j.sscan("sbig", "0", new ScanParams().count(1));
        assertThat(r.getCursor()).isNotEqualTo("0");
        assertThat(j.scard("sbig")).isEqualTo(513);
    }

    @Test
    void wrongTypeEverywhere() {
        j.set("str", "x");
        j.sadd("okset", "1");
        for (String[] cmd : new String[][] {
                {"sadd", "str", "a"}, {"srem", "str", "a"}, {"smembers", "str"}, {"sismember", "str", "a"},
                {"smismember", "str", "a"}, {"scard", "str"}, {"spop", "str"}, {"spop", "str", "1"},
                {"srandmember", "str"}, {"srandmember", "str", "1"}, {"sinter", "okset", "str"},
                {"sinter", "nokey", "str"}, {"sintercard", "2", "nokey", "str"}, {"sinterstore", "d", "str"},
                {"sunion", "okset", "str"}, {"sunionstore", "d", "str"}, {"sdiff", "nokey", "str"},
                {"sdiffstore", "d", "okset", "str"}, {"sscan", "str", "0"}, {"smove", "str", "okset", "a"},
                {"smove", "okset", "str", "1"}}) {
            assertError(() -> raw(cmd), WRONGTYPE);
        }
        assertThat(j.smove("nokey", "str", "a")).isZero();
        assertThat(j.get("str")).isEqualTo("x");
    }

    @Test
    void moveBetweenSets() {
        j.sadd("m1", "a", "b");
        assertThat(j.smove("m1", "m2", "a")).isEqualTo(1);
        assertThat(j.smove("m1", "m2", "zz")).isZero();
        assertThat(j.smove("m1", "m1", "b")).isEqualTo(1);
        assertThat(j.smove("m1", "m1", "zz")).isZero();
        assertThat(j.smove("m1", "m2", "b")).isEqualTo(1);
        assertThat(j.scard("m1")).isZero();
        assertThat(j.smembers("m2")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void popAndRandomMembers() {
        j.sadd("p1", "a", "b", "c", "d", "e");
        assertThat(j.spop("p1")).isIn("a", "b", "c", "d", "e");
        assertThat(j.scard("p1")).isEqualTo(4);
        Set<String> two = j.spop("p1", 2);
        assertThat(two).hasSize(2);
        assertThat(j.scard("p1")).isEqualTo(2);
        assertThat(j.spop("p1", 0)).isEmpty();
        assertThat(j.spop("p1", 10)).hasSize(2);
        assertThat(j.spop("p1")).isNull();
        assertThat(j.spop("nokey", 3)).isEmpty();
        assertError(() -> raw("spop", "p1", "-1"), "ERR value is out of range, must be positive");
        assertError(() -> raw("spop", "p1", "1", "2"), "ERR syntax error");

        j.sadd("r1", "1", "2", "3");
        assertThat(j.srandmember("r1")).isIn("1", "2", "3");
        assertThat(j.srandmember("nokey")).isNull();
        assertThat(j.srandmember("nokey", 2)).isEmpty();
        assertThat(j.srandmember("r1", 0)).isEmpty();
        assertThat(j.srandmember("r1", 2)).hasSize(2).doesNotHaveDuplicates();
        assertThat(j.srandmember("r1", 10)).containsExactly("1", "2", "3");
        assertThat(j.srandmember("r1", -7)).hasSize(7).isSubsetOf("1", "2", "3");
        assertThat(j.scard("r1")).isEqualTo(3);
        assertError(() -> raw("srandmember", "r1", "-9223372036854775808"),
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        assertError(() -> raw("srandmember", "r1", "x"), "ERR value is not an integer or out of range");
    }

    @Test
    void algebraAndStores() {
        j.sadd("a", "1", "2", "3", "4", "5");
        j.sadd("b", "3", "4", "5", "6", "7");
        j.sadd("c", "5", "7", "9", "x");
        assertThat(j.sinter("a", "b")).containsExactlyInAnyOrder("3", "4", "5");
        assertThat(j.sinter("a", "b", "c")).containsExactly("5");
        assertThat(j.sinter("a", "nokey")).isEmpty();
        assertThat(j.sunion("a", "c", "nokey")).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "7", "9", "x");
        assertThat(j.sdiff("a", "b")).containsExactlyInAnyOrder("1", "2");
        assertThat(j.sdiff("a", "b", "c")).containsExactlyInAnyOrder("1", "2");
        assertThat(j.sdiff("a", "a")).isEmpty();
        assertThat(j.sdiff("nokey", "a")).isEmpty();
        assertThat(j.sintercard("a", "b")).isEqualTo(3);
        assertThat(j.sintercard(2, "a", "b")).isEqualTo(2);
        assertThat(j.sintercard("a", "nokey")).isZero();
        assertError(() -> raw("sintercard", "0", "a"), "ERR numkeys should be greater than 0");
        assertError(() -> raw("sintercard", "3", "a", "b"), "ERR Number of keys can't be greater than number of args");
        assertError(() -> raw("sintercard", "1", "a", "limit", "-1"), "ERR LIMIT can't be negative");
        assertError(() -> raw("sintercard", "1", "a", "bogus"), "ERR syntax error");

        j.set("dst", "a string is overwritten");
        assertThat(j.sinterstore("dst", "a", "b")).isEqualTo(3);
        assertThat(j.smembers("dst")).containsExactlyInAnyOrder("3", "4", "5");
        assertThat(j.sunionstore("dst", "a", "c")).isEqualTo(8);
        assertThat(j.sdiffstore("dst", "b", "a")).isEqualTo(2);
        assertThat(j.smembers("dst")).containsExactlyInAnyOrder("6", "7");
        assertThat(j.sdiffstore("dst", "a", "a")).isZero();
        assertThat(j.scard("dst")).isZero();
        j.sadd("dst", "z");
        assertThat(j.sinterstore("dst", "a", "nokey")).isZero();
        assertThat(j.scard("dst")).isZero();
        // A source can be the destination.
        assertThat(j.sunionstore("a", "a", "b")).isEqualTo(7);
    }

    @Test
    void bigSetFullScanReturnsEveryMember() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 3000; i++) all.add("member:" + i);
        j.sadd("big", all.toArray(new String[0]));
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<String> r = j.sscan("big", cursor, new ScanParams().count(100));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(all);
        assertThat(calls).isGreaterThan(1);
        ScanResult<String> matched = j.sscan("big", "0", new ScanParams().match("member:1*").count(10000));
        assertThat(matched.getCursor()).isEqualTo("0");
        assertThat(matched.getResult()).hasSize(1111).allMatch(m -> m.startsWith("member:1"));
        assertError(() -> raw("sscan", "big", "x"), "ERR invalid cursor");
        assertError(() -> raw("sscan", "big", "0", "count", "0"), "ERR syntax error");
    }

    @Test
    void lettuceSeesSetsOverResp3() throws Exception {
        assertThat(lettuce().sadd("ls", "a", "b", "c")).isEqualTo(3);
        assertThat(lettuce().smembers("ls")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(lettuce().sismember("ls", "a")).isTrue();
        assertThat(lettuce().smismember("ls", "a", "zz")).containsExactly(true, false);
        assertThat(lettuce().sunion("ls", "nokey")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(lettuce().sintercard("ls", "ls")).isEqualTo(3);
        assertThat(lettuce().srandmember("ls", -4)).hasSize(4);
        ValueScanCursor<String> c = lettuce().sscan("ls", ScanCursor.INITIAL);
        assertThat(c.getValues()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(lettuce().spop("ls", 5)).containsExactlyInAnyOrder("a", "b", "c");
        try (RawResp r3 = new RawResp(node, 3); RawResp r2 = new RawResp(node, 2)) {
            j.sadd("rs", "3", "1", "2");
            assertThat(r3.call("smembers", "rs")).isEqualTo("~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
            assertThat(r2.call("smembers", "rs")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
            assertThat(r3.call("sinter", "nokey")).isEqualTo("~0\r\n");
            assertThat(r3.call("spop", "nokey", "1")).isEqualTo("~0\r\n");
            assertThat(r3.call("spop", "nokey")).isEqualTo("_\r\n");
            assertThat(r3.call("srandmember", "rs", "5")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
            assertThat(r3.call("srandmember", "nokey", "5")).isEqualTo("*0\r\n");
            assertThat(r3.call("smismember", "rs", "1", "9")).isEqualTo("*2\r\n:1\r\n:0\r\n");
            assertThat(r3.call("sscan", "rs", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        }
    }
}
