package io.redisha.node.keyspace.zset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ZSet in both encodings checked against a plain sorted list after random changes. */
class ZSetTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record E(double score, String member) {}

    private static List<E> sorted(Map<String, Double> ref) {
        List<E> out = new ArrayList<>();
        ref.forEach((m, s) -> out.add(new E(s, m)));
        out.sort((x, y) -> ZTree.compare(x.score, b(x.member), y.score, b(y.member)));
        return out;
    }

    private static void check(ZSet z, Map<String, Double> ref) {
        List<E> exp = sorted(ref);
        assertThat(z.length()).isEqualTo(exp.size());
        ZSet.Cursor c = z.cursor(0, false);
        for (int i = 0; i < exp.size(); i++, c.next()) {
            assertThat(new String(c.member(), StandardCharsets.UTF_8)).isEqualTo(exp.get(i).member);
            assertThat(c.score()).isEqualTo(exp.get(i).score);
        }
        for (int i = 0; i < exp.size(); i += 7) {
            assertThat(z.rank(b(exp.get(i).member))).isEqualTo(i);
            ZSet.Cursor back = z.cursor(i, true);
            assertThat(new String(back.member(), StandardCharsets.UTF_8)).isEqualTo(exp.get(i).member);
        }
    }

    @Test
    void randomChangesMatchReferenceAcrossEncodings() {
        Random rnd = new Random(42);
        ZSet z = new ZSet();
        Map<String, Double> ref = new HashMap<>();
        for (int step = 0; step < 20000; step++) {
            String m = "m" + rnd.nextInt(600);
            double s = rnd.nextInt(50);
            int op = rnd.nextInt(10);
            if (op < 6) {
                z.put(b(m), s);
                ref.put(m, s);
            } else if (op < 9) {
                assertThat(z.remove(b(m))).isEqualTo(ref.remove(m) != null);
            } else if (z.length() > 3) {
                int from = rnd.nextInt(z.length() - 2);
                int to = from + rnd.nextInt(3);
                List<E> exp = sorted(ref);
                for (int i = from; i <= to; i++) ref.remove(exp.get(i).member);
                z.removeRange(from, to);
            }
            if (step % 500 == 0) check(z, ref);
            if (z.length() > ZSet.MAX_LISTPACK_ENTRIES) assertThat(z.encoding()).isEqualTo("skiplist");
        }
        check(z, ref);
    }

    @Test
    void countsByScoreAndLex() {
        for (int size : new int[] {10, 1000}) {
            ZSet z = new ZSet();
            for (int i = 0; i < size; i++) z.insert(b(String.format("%05d", i)), i / 2);
            assertThat(z.encoding()).isEqualTo(size > 128 ? "skiplist" : "listpack");
            assertThat(z.countByScore(2, false)).isEqualTo(4);
            assertThat(z.countByScore(2, true)).isEqualTo(6);
            assertThat(z.countByScore(Double.NEGATIVE_INFINITY, true)).isZero();
            assertThat(z.countByScore(Double.POSITIVE_INFINITY, true)).isEqualTo(size);
            assertThat(z.countByLex(b("00003"), false)).isEqualTo(3);
            assertThat(z.countByLex(b("00003"), true)).isEqualTo(4);
        }
    }

    @Test
    void longMemberConvertsAndSmallResultConvertsBack() {
        ZSet z = ZSet.create(1, 1);
        z.insert(b("a"), 1);
        assertThat(z.encoding()).isEqualTo("listpack");
        byte[] longMember = new byte[65];
        Arrays.fill(longMember, (byte) 'x');
        z.insert(longMember, 2);
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.remove(longMember);
        z.toListpackIfFits();
        assertThat(z.encoding()).isEqualTo("listpack");
        assertThat(z.score(b("a"))).isEqualTo(1.0);
    }

    @Test
    void negativeZeroIsReadBackAsZeroInListpackOnly() {
        ZSet small = new ZSet();
        small.insert(b("a"), -0.0);
        assertThat(1 / small.score(b("a"))).isPositive();
        ZSet big = ZSet.create(200, 1);
        big.insert(b("a"), -0.0);
        assertThat(1 / big.score(b("a"))).isNegative();
    }
}
