package io.redisha.node.keyspace.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The circular array against a plain ArrayList, through wrap-around, growth and shrinking. */
class ListValueTest {
    private static byte[] b(int i) {
        // Few distinct values so LREM finds matches; lengths differ so the byte count is checked.
        return "x".repeat(i % 7).getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertSame(ListValue l, List<byte[]> ref) {
        assertThat(l.length()).isEqualTo(ref.size());
        long bytes = 0;
        for (int i = 0; i < ref.size(); i++) {
            assertThat(l.get(i)).isEqualTo(ref.get(i));
            bytes += ref.get(i).length;
        }
        assertThat(l.elementBytes()).isEqualTo(bytes);
    }

    @Test
    void randomOperationsMatchAReferenceList() {
        Random rnd = new Random(42);
        ListValue l = new ListValue();
        List<byte[]> ref = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int op = rnd.nextInt(10);
            int n = ref.size();
            byte[] v = b(rnd.nextInt(100));
            switch (op) {
                case 0, 1 -> { l.addFirst(v); ref.add(0, v); }
                case 2, 3 -> { l.addLast(v); ref.add(v); }
                case 4 -> assertThat(l.pollFirst()).isEqualTo(n == 0 ? null : ref.remove(0));
                case 5 -> assertThat(l.pollLast()).isEqualTo(n == 0 ? null : ref.remove(n - 1));
                case 6 -> {
                    int i = rnd.nextInt(n + 1);
                    l.insert(i, v);
                    ref.add(i, v);
                }
                case 7 -> {
                    long count = rnd.nextInt(5) - 2;
                    int removed = l.removeMatches(v, count);
                    int expected = removeRef(ref, v, count);
                    assertThat(removed).isEqualTo(expected);
                }
                case 8 -> {
                    if (n > 0 && rnd.nextInt(4) == 0) {
                        int h = rnd.nextInt(n + 1);
                        int t = rnd.nextInt(n - h + 1);
                        l.trim(h, t);
                        ref.subList(n - t, n).clear();
                        ref.subList(0, h).clear();
                    }
                }
                default -> {
                    if (n > 0) {
                        int i = rnd.nextInt(n);
                        l.set(i, v);
                        ref.set(i, v);
                    }
                }
            }
            assertSame(l, ref);
        }
        assertSame(l.copy(), ref);
    }

    private static int removeRef(List<byte[]> ref, byte[] v, long count) {
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        int removed = 0;
        if (count >= 0) {
            for (int i = 0; i < ref.size() && removed < limit; ) {
                if (Arrays.equals(ref.get(i), v)) {
                    ref.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = ref.size() - 1; i >= 0 && removed < limit; i--) {
                if (Arrays.equals(ref.get(i), v)) {
                    ref.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    @Test
    void reportsTheRedis70Encoding() {
        ListValue l = new ListValue();
        l.add(new byte[] {1});
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.typeName()).isEqualTo("list");
        assertThat(l.size()).isEqualTo(1);
    }
}
