package io.redisha.node.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hash table of byte-string keys without an object per entry: entries live in parallel
 * arrays (key, value, hash, chain link) at stable indexes, and buckets chain entries by index.
 * Stable indexes let the keyspace keep expiry times in a side array; bucket chaining lets SCAN
 * use Redis's reverse-binary cursor, which survives growing and shrinking.
 */
public class Dict {
    private static final int SEED = ThreadLocalRandom.current().nextInt() | 1;
    private static final int MIN_BUCKETS = 4;

    private int[] buckets;      // entry index + 1, 0 = empty
    private int[] next;         // entry index + 1 of the next in chain (or in the free list)
    private int[] hashes;
    private byte[][] keys;
    private Object[] values;
    private int count;
    private int used;           // entries ever handed out (high-water mark)
    private int freeHead;       // index + 1 of a free entry, 0 = none
    private long payload;       // heap bytes of the byte[] keys and byte[] values, for memory accounting

    public Dict() {
        this(MIN_BUCKETS);
    }

    public Dict(int expected) {
        int cap = Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(1, expected) - 1) << 1);
        buckets = new int[cap];
        next = new int[cap];
        hashes = new int[cap];
        keys = new byte[cap][];
        values = new Object[cap];
    }

    public static int hash(byte[] key) {
        int h = SEED;
        int i = 0;
        int n = key.length;
        for (; i + 4 <= n; i += 4) {
            int k = (key[i] & 0xff) | (key[i + 1] & 0xff) << 8 | (key[i + 2] & 0xff) << 16 | key[i + 3] << 24;
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        for (int s = 0; i < n; i++, s += 8) k |= (key[i] & 0xff) << s;
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1b873593;
        h ^= k ^ n;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    public final int size() {
        return count;
    }

    /** Number of entry slots ever used: indexes run below this. */
    public final int capacityUsed() {
        return used;
    }

    public final int bucketCount() {
        return buckets.length;
    }

    /** The entry index of {@code key}, or -1. */
    public final int find(byte[] key) {
        int h = hash(key);
        int e = buckets[h & (buckets.length - 1)];
        while (e != 0) {
            int i = e - 1;
            if (hashes[i] == h && Arrays.equals(keys[i], key)) return i;
            e = next[i];
        }
        return -1;
    }

    private int[] stagedEntries = new int[16];
    private Object[] stagedRefs = new Object[32];

    /**
     * Reads the lines that lookups of {@code n} keys will touch: buckets, entries, key and value
     * arrays. A lookup is a chain of dependent loads, each likely a cache miss in a big table;
     * doing one link of every chain before the next link of any lets the CPU wait for the
     * misses of a pipelined batch side by side instead of one after the other. The result
     * means nothing; it only keeps the loads from being optimised away.
     */
    public final int touch(byte[][] batchKeys, int n) {
        if (stagedEntries.length < n) {
            stagedEntries = new int[n];
            stagedRefs = new Object[2 * n];
        }
        int[] staged = stagedEntries;
        Object[] refs = stagedRefs;
        int[] b = buckets;
        int mask = b.length - 1;
        for (int j = 0; j < n; j++) staged[j] = b[hash(batchKeys[j]) & mask];
        int s = 0;
        for (int j = 0; j < n; j++) {
            int e = staged[j];
            if (e == 0) continue;
            int i = e - 1;
            s += hashes[i] + touched(i);
            refs[2 * j] = keys[i];
            refs[2 * j + 1] = values[i];
        }
        for (int j = 0; j < n; j++) {
            if (staged[j] == 0) continue;
            if (refs[2 * j] instanceof byte[] k) s += k.length;
            Object v = refs[2 * j + 1];
            s += v instanceof byte[] a ? a.length : v == null ? 0 : 1;
            refs[2 * j] = refs[2 * j + 1] = null;
        }
        return s;
    }

    /** What a subclass's side arrays add to {@link #touch} for entry {@code i}. */
    protected int touched(int i) {
        return 0;
    }

    public final Object get(byte[] key) {
        int i = find(key);
        return i < 0 ? null : values[i];
    }

    public final boolean containsKey(byte[] key) {
        return find(key) >= 0;
    }

    public final byte[] keyAt(int i) {
        return keys[i];
    }

    public final Object valueAt(int i) {
        return values[i];
    }

    public final void setValueAt(int i, Object v) {
        payload += bytesOf(v) - bytesOf(values[i]);
        values[i] = v;
    }

    /** Heap bytes of a byte array: 16-byte header (12 + length, compressed oops) padded to 8. */
    public static long arrayBytes(int length) {
        return (16L + length + 7) & ~7L;
    }

    private static long bytesOf(Object v) {
        return v instanceof byte[] b ? arrayBytes(b.length) : 0;
    }

    /** Heap bytes of the byte[] keys and values held (not the table, see {@link #overheadBytes}). */
    public final long payloadBytes() {
        return payload;
    }

    /** Inserts or replaces; returns the entry index. */
    public final int put(byte[] key, Object value) {
        return put(key, value, false);
    }

    /**
     * Like {@link #put}, but a byte string replacing one of the same length is copied into the
     * old array, which stays. An overwrite then leaves nothing behind that outlives the request,
     * so a young collection under a stream of SETs has next to nothing to copy (with a new array
     * per SET it copied every value written since the last one: 10-18 ms pauses every 0.35 s).
     * Only for a caller that knows no one else holds the old array.
     */
    public final int putInPlace(byte[] key, byte[] value) {
        return put(key, value, true);
    }

    private int put(byte[] key, Object value, boolean inPlace) {
        int h = hash(key);
        int b = h & (buckets.length - 1);
        int e = buckets[b];
        while (e != 0) {
            int i = e - 1;
            if (hashes[i] == h && Arrays.equals(keys[i], key)) {
                replaceAt(i, value, inPlace);
                return i;
            }
            e = next[i];
        }
        return insertNew(key, value, h);
    }

    /**
     * Replaces the value of live entry {@code i}, as {@link #put} (or, with {@code inPlace},
     * {@link #putInPlace}) does for an existing key: for a caller that already knows the index.
     */
    public final void replaceAt(int i, Object value, boolean inPlace) {
        entryReplacing(i);
        if (inPlace && values[i] instanceof byte[] old && old.length == ((byte[]) value).length) {
            System.arraycopy((byte[]) value, 0, old, 0, old.length);
            return;
        }
        payload += bytesOf(value) - bytesOf(values[i]);
        values[i] = value;
    }

    /** Inserts a key known to be absent. */
    public final int insert(byte[] key, Object value) {
        return insertNew(key, value, hash(key));
    }

    private int insertNew(byte[] key, Object value, int h) {
        int i;
        if (freeHead != 0) {
            i = freeHead - 1;
            freeHead = next[i];
        } else {
            if (used == keys.length) growEntries();
            i = used++;
        }
        keys[i] = key;
        values[i] = value;
        hashes[i] = h;
        payload += arrayBytes(key.length) + bytesOf(value);
        count++;
        if (count > buckets.length) {
            rehash(buckets.length * 2);
        } else {
            int b = h & (buckets.length - 1);
            next[i] = buckets[b];
            buckets[b] = i + 1;
        }
        entryAdded(i);
        return i;
    }

    /** Removes {@code key}; returns the removed entry's former index or -1. */
    public final int remove(byte[] key) {
        int h = hash(key);
        int b = h & (buckets.length - 1);
        int e = buckets[b], prev = 0;
        while (e != 0) {
            int i = e - 1;
            if (hashes[i] == h && Arrays.equals(keys[i], key)) {
                if (prev == 0) buckets[b] = next[i]; else next[prev - 1] = next[i];
                entryRemoved(i);
                payload -= arrayBytes(key.length) + bytesOf(values[i]);
                keys[i] = null;
                values[i] = null;
                next[i] = freeHead;
                freeHead = i + 1;
                count--;
                maybeShrink();
                return i;
            }
            prev = e;
            e = next[i];
        }
        return -1;
    }

    public void clear() {
        int cap = MIN_BUCKETS;
        buckets = new int[cap];
        next = new int[cap];
        hashes = new int[cap];
        keys = new byte[cap][];
        values = new Object[cap];
        count = used = freeHead = 0;
        payload = 0;
        entriesCleared(cap);
    }

    private void maybeShrink() {
        if (buckets.length > MIN_BUCKETS && count < buckets.length / 8) {
            rehash(Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(1, count)) << 1));
        }
        if (count == 0 && used > 64) {
            clear();
        }
    }

    private void growEntries() {
        int cap = Math.max(MIN_BUCKETS, keys.length + (keys.length >> 1));
        next = Arrays.copyOf(next, cap);
        hashes = Arrays.copyOf(hashes, cap);
        keys = Arrays.copyOf(keys, cap);
        values = Arrays.copyOf(values, cap);
        entriesGrown(cap);
    }

    private void rehash(int size) {
        int[] nb = new int[size];
        int mask = size - 1;
        for (int i = 0; i < used; i++) {
            if (keys[i] == null) continue;
            int b = hashes[i] & mask;
            next[i] = nb[b];
            nb[b] = i + 1;
        }
        buckets = nb;
    }

    /**
     * Visits the entries of one bucket and returns the next cursor (0 when done), with
     * Redis's reverse-binary increment so entries present for the whole scan are seen at least once.
     * The visitor must not modify the dict.
     */
    public final long scan(long cursor, EntryVisitor visitor) {
        if (count == 0) return 0;
        long mask = buckets.length - 1;
        int e = buckets[(int) (cursor & mask)];
        while (e != 0) {
            int i = e - 1;
            e = next[i];
            visitor.visit(i);
        }
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v;
    }

    /** A random live entry index, or -1 when empty. */
    public final int randomEntry() {
        if (count == 0) return -1;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count * 4 >= used) {
            while (true) {
                int i = rnd.nextInt(used);
                if (keys[i] != null) return i;
            }
        }
        // Sparse after many deletes: pick a non-empty bucket, then a random element of its chain.
        int mask = buckets.length - 1;
        while (true) {
            int e = buckets[rnd.nextInt() & mask];
            if (e == 0) continue;
            int len = 0;
            for (int x = e; x != 0; x = next[x - 1]) len++;
            int pick = rnd.nextInt(len);
            int x = e;
            while (pick-- > 0) x = next[x - 1];
            return x - 1;
        }
    }

    /** Copies keys and values of slots 0..capacityUsed into the given arrays. */
    protected final void copyEntries(byte[][] k, Object[] v) {
        System.arraycopy(keys, 0, k, 0, used);
        System.arraycopy(values, 0, v, 0, used);
    }

    /** True when slot {@code i} holds a live entry (for iterating 0..capacityUsed). */
    public final boolean isLive(int i) {
        return keys[i] != null;
    }

    /** Hooks for subclasses that keep side arrays indexed like the entries. */
    protected void entryAdded(int i) {}

    protected void entryRemoved(int i) {}

    /** Runs before {@link #put} replaces the value of an existing entry. */
    protected void entryReplacing(int i) {}

    protected void entriesGrown(int capacity) {}

    protected void entriesCleared(int capacity) {}

    /** Heap bytes of the table itself (not of the keys and values): the object and its five arrays. */
    public long overheadBytes() {
        return 40 + 5 * 16 + buckets.length * 4L + keys.length * (4L + 4 + 4 + 4);
    }

    @FunctionalInterface
    public interface EntryVisitor {
        void visit(int index);
    }
}
