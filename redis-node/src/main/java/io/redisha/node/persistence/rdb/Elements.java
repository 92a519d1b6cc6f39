package io.redisha.node.persistence.rdb;

import java.util.Arrays;

/** A growable array of byte strings: decoded container contents on their way to a value. */
final class Elements {
    byte[][] a;
    int n;

    Elements(long expected) {
        a = new byte[(int) Math.max(4, Math.min(expected, 1 << 20))][];
    }

    void add(byte[] b) {
        if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
        a[n++] = b;
    }
}
