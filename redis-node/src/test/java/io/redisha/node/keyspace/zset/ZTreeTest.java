package io.redisha.node.keyspace.zset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ZTree against a sorted list after random operations, with its structure checked along the way. */
class ZTreeTest {
    private record E(double score, byte[] member) {}

    private static int cmp(E a, E b) {
        return ZTree.compare(a.score, a.member, b.score, b.member);
    }

    /** A sorted list of (score, member) plus member -> score: the reference model. */
    private static final class Model {
        final List<E> sorted = new ArrayList<>();
        final Map<String, Double> scores = new HashMap<>();

        static String key(byte[] m) {
            return new String(m, StandardCharsets.ISO_8859_1);
        }

        int pos(E e) {
            int i = Collections.binarySearch(sorted, e, ZTreeTest::cmp);
            return i >= 0 ? i : -i - 1;
        }

        void add(double s, byte[] m) {
            E e = new E(s, m);
            sorted.add(pos(e), e);
            scores.put(key(m), s);
        }

        void remove(double s, byte[] m) {
            sorted.remove(pos(new E(s, m)));
            scores.remove(key(m));
        }

        long countByScore(double s, boolean orEqual) {
            int lo = 0, hi = sorted.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                double x = sorted.get(mid).score;
                if (x < s || (orEqual && x == s)) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        long countByLex(byte[] m, boolean orEqual) {
            long n = 0;
            for (E e : sorted) {
                int c = Arrays.compareUnsigned(e.member, m);
                if (c < 0 || (orEqual && c == 0)) n++;
            }
            return n;
        }
    }

    private static byte[][] memberPool(Random rnd, int size) {
        Set<String> seen = new HashSet<>();
        byte[][] pool = new byte[size][];
        int i = 0;
        while (i < size) {
            byte[] m = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 12)];
            // Mostly letters, some bytes above 0x7f: members compare unsigned.
            for (int j = 0; j < m.length; j++) m[j] = (byte) (rnd.nextInt(8) == 0 ? 0x80 + rnd.nextInt(128) : 'a' + rnd.nextInt(6));
            if (seen.add(Model.key(m))) pool[i++] = m;
        }
        return pool;
    }

    private static void checkAll(ZTree t, Model ref) {
        t.check();
        assertThat(t.length).isEqualTo(ref.sorted.size());
        int i = 0;
        for (ZTree.Leaf f = t.head; f != null; f = f.next) {
            for (int j = 0; j < f.n; j++, i++) {
                E e = ref.sorted.get(i);
                assertThat(f.scores[j]).isEqualTo(e.score);
                assertThat(f.members[j]).isSameAs(e.member);
            }
        }
        assertThat(i).isEqualTo(ref.sorted.size());
    }

    /** Walks from {@code rank} over the leaf links, forward or backward, for a few steps. */
    private static void checkWalk(ZTree t, Model ref, int rank, boolean reverse, int steps) {
        ZTree.Leaf f = t.seek(rank);
        int idx = t.seekIdx;
        for (int k = 0; k < steps; k++) {
            int r = reverse ? rank - k : rank + k;
            if (r < 0 || r >= ref.sorted.size()) {
                assertThat(f).isNull();
                return;
            }
            assertThat(f.members[idx]).isSameAs(ref.sorted.get(r).member);
            if (reverse) {
                if (--idx < 0) {
                    f = f.prev;
                    if (f != null) idx = f.n - 1;
                }
            } else if (++idx == f.n) {
                f = f.next;
                idx = 0;
            }
        }
    }

    /**
     * Grows the tree to {@code high} and shrinks it to {@code low}, again and again for {@code ops}
     * random operations whose scores come from {@code scoreRange} values (1 = all equal, so lex
     * counts make sense; 0 = any double).
     */
    private static int cycle(Random rnd, ZTree t, Model ref, byte[][] pool, int scoreRange, int high, int low, int ops) {
        boolean growing = true;
        int rounds = 0;
        for (int step = 1; step <= ops; step++) {
            int size = ref.sorted.size();
            if (growing && size >= high) growing = false;
            if (!growing && size <= low) {
                checkAll(t, ref);
                growing = true;
                rounds++;
            }
            double score = scoreRange == 0
                    ? (rnd.nextInt(20) == 0 ? -0.0 : (rnd.nextDouble() - 0.5) * 1e6)
                    : rnd.nextInt(scoreRange);
            byte[] m = pool[rnd.nextInt(pool.length)];
            Double cur = ref.scores.get(Model.key(m));
            int op = rnd.nextInt(100);
            int insertShare = growing ? 60 : 25;
            if (op < insertShare) {
                if (cur == null) {
                    t.insert(score, m);
                    ref.add(score, m);
                } else {
                    t.update(cur, m, score);
                    ref.remove(cur, m);
                    ref.add(score, m);
                }
            } else if (op < 70) {
                if (cur == null) {
                    assertThat(t.delete(score, m)).isFalse();
                    assertThat(t.rank(score, m)).isEqualTo(-1);
                } else {
                    assertThat(t.delete(cur, m)).isTrue();
                    ref.remove(cur, m);
                }
            } else if (op < 78) {
                if (cur != null) {
                    // small moves stay inside the leaf, big ones cross leaves
                    double ns = scoreRange != 1 && rnd.nextBoolean() ? cur + (rnd.nextBoolean() ? 1 : -1) : score;
                    if (ns != cur) {
                        t.update(cur, m, ns);
                        ref.remove(cur, m);
                        ref.add(ns, m);
                    }
                }
            } else if (op < 84) {
                if (cur != null) assertThat(t.rank(cur, m)).isEqualTo(ref.pos(new E(cur, m)));
            } else if (op < 88) {
                if (size > 0) {
                    int r = rnd.nextInt(size);
                    ZTree.Leaf f = t.seek(r);
                    assertThat(f.members[t.seekIdx]).isSameAs(ref.sorted.get(r).member);
                    checkWalk(t, ref, r, rnd.nextBoolean(), 1 + rnd.nextInt(150));
                }
            } else if (op < 92) {
                double s = scoreRange == 0 ? score : rnd.nextInt(scoreRange + 2) - 1;
                boolean orEqual = rnd.nextBoolean();
                if (size > 0 && rnd.nextInt(4) == 0) s = ref.sorted.get(rnd.nextInt(size)).score;
                assertThat(t.countByScore(s, orEqual)).isEqualTo(ref.countByScore(s, orEqual));
            } else if (op < 94) {
                if (scoreRange == 1 && (size < 2000 || rnd.nextInt(10) == 0)) {
                    boolean orEqual = rnd.nextBoolean();
                    assertThat(t.countByLex(m, orEqual)).isEqualTo(ref.countByLex(m, orEqual));
                }
            } else if (size > 0) {
                int span = growing ? 1 + rnd.nextInt(5) : 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 500 : 80);
                int start = rnd.nextInt(size);
                int end = Math.min(size - 1, start + span - 1);
                List<byte[]> removed = new ArrayList<>();
                t.deleteRangeByRank(start, end, removed::add);
                List<E> expected = new ArrayList<>(ref.sorted.subList(start, end + 1));
                assertThat(removed).hasSize(expected.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(removed.get(i)).isSameAs(expected.get(i).member);
                    ref.remove(expected.get(i).score, expected.get(i).member);
                }
            }
            if (step % 2000 == 0) checkAll(t, ref);
        }
        checkAll(t, ref);
        return rounds;
    }

    @Test
    void randomOperationsMatchReference() {
        Random rnd = new Random(7);
        byte[][] pool = memberPool(rnd, 30_000);
        ZTree t = new ZTree();
        Model ref = new Model();
        assertThat(cycle(rnd, t, ref, pool, 20, 12_000, 5, 80_000)).isPositive();
        assertThat(cycle(rnd, t, ref, pool, 0, 15_000, 0, 80_000)).isPositive();
        // all scores equal from the start, so counting by member is defined
        assertThat(cycle(rnd, new ZTree(), new Model(), pool, 1, 3_000, 3, 40_000)).isPositive();
    }

    @Test
    void appendsInEitherOrderFillLeaves() {
        for (boolean ascending : new boolean[] {true, false}) {
            ZTree t = new ZTree();
            int n = 10_000;
            for (int i = 0; i < n; i++) {
                int v = ascending ? i : n - 1 - i;
                t.insert(v, ("m" + v).getBytes(StandardCharsets.UTF_8));
            }
            t.check();
            int leaves = 0;
            for (ZTree.Leaf f = t.head; f != null; f = f.next) leaves++;
            assertThat(leaves).isLessThanOrEqualTo(n / ZTree.LEAF_CAP + 1);
            assertThat(t.rank(1234, "m1234".getBytes(StandardCharsets.UTF_8))).isEqualTo(1234);
        }
    }

    @Test
    void shrinkingReleasesNodes() {
        Random rnd = new Random(3);
        ZTree t = new ZTree();
        int n = 100_000;
        double[] scores = new double[n];
        byte[][] members = new byte[n][];
        for (int i = 0; i < n; i++) {
            scores[i] = rnd.nextInt(n);
            members[i] = ("member:" + i).getBytes(StandardCharsets.UTF_8);
            t.insert(scores[i], members[i]);
        }
        long full = t.bytes();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        for (int k = 0; k < n - 10; k++) assertThat(t.delete(scores[order[k]], members[order[k]])).isTrue();
        t.check();
        assertThat(t.length).isEqualTo(10);
        assertThat(full).isGreaterThan(n / ZTree.LEAF_CAP * ZTree.LEAF_BYTES);
        assertThat(t.bytes()).isLessThanOrEqualTo(2 * ZTree.LEAF_BYTES + ZTree.INNER_BYTES + 512);
    }
}
