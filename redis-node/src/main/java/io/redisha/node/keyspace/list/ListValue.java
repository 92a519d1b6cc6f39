package io.redisha.node.keyspace.list;

import io.redisha.node.keyspace.Container;
import java.util.Arrays;

/**
 * A list: a circular array of byte[] elements. Push and pop at both ends are O(1) amortised,
 * index access is O(1), inserts and removals in the middle move the shorter side.
 */
public final class ListValue extends Container {
    private static final int MIN_CAPACITY = 8;

    private byte[][] items;
    private int head;
    private int size;
    /** Sum of element lengths, kept so MEMORY USAGE needs no walk over the list. */
    private long bytes;

    public ListValue() {
        items = new byte[MIN_CAPACITY][];
    }

    /** An empty list sized for {@code expected} elements (loading a snapshot). */
    public ListValue(int expected) {
        items = new byte[capacityFor(expected)][];
    }

    private static int capacityFor(int n) {
        int cap = MIN_CAPACITY;
        while (cap < n) cap <<= 1;
        return cap;
    }

    @Override
    public String typeName() {
        return "list";
    }

    /** Redis 7.0 encodes every list as a quicklist (the listpack encoding for lists came in 7.2). */
    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long memoryUsage() {
        // Each element is a byte[]: 16-byte header and on average 3.5 bytes of padding.
        return objectBytes(24) + 16 + 4L * items.length + 20L * size + bytes;
    }

    /** Sum of the element lengths. */
    long elementBytes() {
        return bytes;
    }

    @Override
    public long size() {
        return size;
    }

    public int length() {
        return size;
    }

    @Override
    public ListValue copy() {
        ListValue c = new ListValue(size);
        for (int i = 0; i < size; i++) c.items[i] = get(i);
        c.size = size;
        c.bytes = bytes;
        return c;
    }

    /** Appends at the tail; the helper snapshot loading uses. */
    public void add(byte[] v) {
        addLast(v);
    }

    public void addFirst(byte[] v) {
        if (size == items.length) grow();
        head = (head - 1) & (items.length - 1);
        items[head] = v;
        size++;
        bytes += v.length;
    }

    public void addLast(byte[] v) {
        if (size == items.length) grow();
        items[(head + size) & (items.length - 1)] = v;
        size++;
        bytes += v.length;
    }

    public byte[] pollFirst() {
        if (size == 0) return null;
        byte[] v = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        bytes -= v.length;
        maybeShrink();
        return v;
    }

    public byte[] pollLast() {
        if (size == 0) return null;
        int i = (head + size - 1) & (items.length - 1);
        byte[] v = items[i];
        items[i] = null;
        size--;
        bytes -= v.length;
        maybeShrink();
        return v;
    }

    /** Element {@code i} counted from the head, 0 &lt;= i &lt; length(). */
    public byte[] get(int i) {
        return items[(head + i) & (items.length - 1)];
    }

    public void set(int i, byte[] v) {
        int at = (head + i) & (items.length - 1);
        bytes += v.length - items[at].length;
        items[at] = v;
    }

    /** Inserts {@code v} so that it becomes element {@code i}. */
    public void insert(int i, byte[] v) {
        if (i == 0) {
            addFirst(v);
            return;
        }
        if (i == size) {
            addLast(v);
            return;
        }
        if (size == items.length) grow();
        if (i < size / 2) {
            head = (head - 1) & (items.length - 1);
            for (int k = 0; k < i; k++) put(k, get(k + 1));
        } else {
            for (int k = size; k > i; k--) put(k, get(k - 1));
        }
        size++;
        items[(head + i) & (items.length - 1)] = v;
        bytes += v.length;
    }

    /** Index of the first element equal to {@code v}, or -1. */
    public int indexOf(byte[] v) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(get(i), v)) return i;
        }
        return -1;
    }

    /** Drops {@code fromHead} elements at the head and {@code fromTail} at the tail. */
    public void trim(int fromHead, int fromTail) {
        int mask = items.length - 1;
        for (int k = 0; k < fromHead; k++) drop((head + k) & mask);
        for (int k = size - fromTail; k < size; k++) drop((head + k) & mask);
        head = (head + fromHead) & mask;
        size -= fromHead + fromTail;
        maybeShrink();
    }

    /**
     * Removes elements equal to {@code v}: up to {@code count} from the head when count &gt; 0,
     * up to -count from the tail when count &lt; 0, all when 0. Returns how many were removed.
     */
    public int removeMatches(byte[] v, long count) {
        // The smallest long has no positive counterpart: like 0 it removes every match.
        long limit = count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
        int removed = 0;
        int mask = items.length - 1;
        if (count >= 0) {
            int w = 0;
            for (int r = 0; r < size; r++) {
                byte[] e = get(r);
                if (removed < limit && Arrays.equals(e, v)) {
                    removed++;
                } else {
                    if (w != r) put(w, e);
                    w++;
                }
            }
            for (int k = w; k < size; k++) items[(head + k) & mask] = null;
        } else {
            int w = size - 1;
            for (int r = size - 1; r >= 0; r--) {
                byte[] e = get(r);
                if (removed < limit && Arrays.equals(e, v)) {
                    removed++;
                } else {
                    if (w != r) put(w, e);
                    w--;
                }
            }
            for (int k = 0; k <= w; k++) items[(head + k) & mask] = null;
            head = (head + removed) & mask;
        }
        size -= removed;
        bytes -= (long) removed * v.length;
        maybeShrink();
        return removed;
    }

    /** Stores without accounting: elements moving inside the array. */
    private void put(int i, byte[] v) {
        items[(head + i) & (items.length - 1)] = v;
    }

    private void drop(int slot) {
        bytes -= items[slot].length;
        items[slot] = null;
    }

    private void grow() {
        resize(items.length << 1);
    }

    private void maybeShrink() {
        if (items.length > MIN_CAPACITY && size < items.length >>> 2) resize(Math.max(MIN_CAPACITY, items.length >>> 1));
    }

    private void resize(int cap) {
        byte[][] n = new byte[cap][];
        int first = Math.min(size, items.length - head);
        System.arraycopy(items, head, n, 0, first);
        System.arraycopy(items, 0, n, first, size - first);
        items = n;
        head = 0;
    }
}
