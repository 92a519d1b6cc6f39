package io.redisha.node.keyspace.hash;

import io.redisha.node.keyspace.LongDouble;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void staysListpackUpToTheEntryLimitInInsertionOrder() {
        HashValue h = new HashValue();
        for (int i = 0; i < HashValue.MAX_LISTPACK_ENTRIES; i++) h.put(b("f" + i), b("v" + i));
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(h.fieldAt(0)).isEqualTo(b("f0"));
        assertThat(h.put(b("f0"), b("new"))).isFalse();
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(h.put(b("one-more"), b("v"))).isTrue();
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(h.size()).isEqualTo(HashValue.MAX_LISTPACK_ENTRIES + 1);
        assertThat(h.get(b("f0"))).isEqualTo(b("new"));
        assertThat(h.get(b("one-more"))).isEqualTo(b("v"));
    }

    @Test
    void longFieldOrValueConverts() {
        HashValue h = new HashValue();
        h.put(b("a"), b("x".repeat(64)));
        assertThat(h.encoding()).isEqualTo("listpack");
        h.put(b("b"), b("x".repeat(65)));
        assertThat(h.encoding()).isEqualTo("hashtable");
        HashValue h2 = new HashValue();
        h2.put(b("f".repeat(65)), b("v"));
        assertThat(h2.encoding()).isEqualTo("hashtable");
    }

    @Test
    void removeKeepsOrderAndForEachVisitsAll() {
        HashValue h = new HashValue();
        for (String f : new String[] {"a", "b", "c", "d"}) h.put(b(f), b(f.toUpperCase()));
        assertThat(h.remove(b("b"))).isTrue();
        assertThat(h.remove(b("b"))).isFalse();
        List<String> seen = new ArrayList<>();
        h.forEach((f, v) -> seen.add(new String(f) + "=" + new String(v)));
        assertThat(seen).containsExactly("a=A", "c=C", "d=D");
        HashValue copy = h.copy();
        copy.put(b("z"), b("Z"));
        assertThat(h.size()).isEqualTo(3);
        assertThat(copy.size()).isEqualTo(4);
    }

    @Test
    void packedListpackAgreesWithAMapUnderRandomChanges() {
        java.util.Random rnd = new java.util.Random(42);
        HashValue h = new HashValue();
        java.util.LinkedHashMap<String, String> model = new java.util.LinkedHashMap<>();
        for (int op = 0; op < 5000; op++) {
            String f = "f" + rnd.nextInt(60);
            if (rnd.nextInt(4) == 0) {
                assertThat(h.remove(b(f))).isEqualTo(model.remove(f) != null);
            } else {
                String v = "v".repeat(rnd.nextInt(65));    // 0..64 bytes: stays a listpack
                assertThat(h.put(b(f), b(v))).isEqualTo(!model.containsKey(f));
                model.put(f, v);
            }
            if (op % 97 == 0) {
                assertThat(h.encoding()).isEqualTo("listpack");
                List<String> seen = new ArrayList<>();
                for (int s = 0; s < h.slots(); s++) seen.add(new String(h.fieldAt(s)) + "=" + new String(h.valueAt(s)));
                List<String> expected = new ArrayList<>();
                model.forEach((k, v) -> expected.add(k + "=" + v));
                assertThat(seen).containsExactlyElementsOf(expected);
                for (String k : model.keySet()) assertThat(h.get(b(k))).isEqualTo(b(model.get(k)));
            }
        }
        // The estimate follows the packed size: a byte array and the object, no per-field objects.
        HashValue small = new HashValue();
        small.put(b("a"), b("1"));
        long before = small.memoryUsage();
        small.put(b("new-field"), b("x".repeat(40)));
        assertThat(small.memoryUsage() - before).isBetween(44L, 64L);
    }

    @Test
    void longDoubleMatchesRedisText() {
        assertThat(add("0.1", "0.2")).isEqualTo("0.3");
        assertThat(add("5000", "0.1")).isEqualTo("5000.10000000000000009");
        assertThat(add("10.50", "0.1")).isEqualTo("10.6");
        assertThat(add("5.0e3", "2.0e2")).isEqualTo("5200");
        assertThat(add("0", "-0.0000000000000000001")).isEqualTo("0");
        assertThat(add("0x10", "0x1.8p1")).isEqualTo("19");
        assertThat(add("1e17", "6.6")).isEqualTo("100000000000000006.6015625");
        assertThat(LongDouble.parse(b("1e5000"))).isNull();
        assertThat(LongDouble.parse(b("1e-5000"))).isNull();
        assertThat(LongDouble.parse(b("1e999999999"))).isNull();
        assertThat(LongDouble.parse(b(" 1"))).isNull();
        assertThat(LongDouble.parse(b("nan"))).isNull();
        assertThat(LongDouble.isInfinite(LongDouble.parse(b("-inf")))).isTrue();
    }

    private static String add(String a, String b) {
        return LongDouble.format(LongDouble.add(LongDouble.parse(b(a)), LongDouble.parse(b(b))));
    }
}
