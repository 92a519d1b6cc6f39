package io.redisha.node.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keyspace's dict: a {@link Dict} plus, per entry, an expiry time and an index into the
 * list of keys that have one, so the active expiry cycle samples only volatile keys, and the
 * access clock LRU/LFU eviction reads. The expiry arrays exist only once a key got a TTL: a
 * cache of a million keys without TTLs saves 12 bytes a key.
 */
final class KeyDict extends Dict {
    private long[] expires;                   // null until the first TTL
    private int[] access = new int[4];        // LRU: access clock; LFU: minutes << 8 | counter
    private int[] volatilePos;                // position + 1 in volatileIdx, 0 = no TTL; null with expires
    private int[] volatileIdx = new int[16];
    private int volatileCount;
    private long containerBytes;              // what the containers held were charged (Container.charged)

    KeyDict() {
        super();
    }

    int accessTime(int i) {
        return access[i];
    }

    void touch(int i, int clock) {
        access[i] = clock;
    }

    /** Absolute expiry in ms, or 0 when the key at index {@code i} has none. */
    long expireAt(int i) {
        long[] e = expires;
        return e == null ? 0 : e[i];
    }

    void setExpireAt(int i, long when) {
        if (expires == null) {
            expires = new long[access.length];
            volatilePos = new int[access.length];
        }
        expires[i] = when;
        if (volatilePos[i] == 0) {
            if (volatileCount == volatileIdx.length) volatileIdx = Arrays.copyOf(volatileIdx, volatileCount * 2);
            volatileIdx[volatileCount++] = i;
            volatilePos[i] = volatileCount;
        }
    }

    void clearExpire(int i) {
        if (expires == null) return;
        expires[i] = 0;
        dropVolatile(i);
    }

    /** Re-counts the value at {@code i} after it was stored or changed in place. */
    void charge(int i) {
        if (valueAt(i) instanceof Container c) {
            // An int, clamped: a 2 GB container is under-counted, but the total stays consistent.
            int now = (int) Math.min(Integer.MAX_VALUE, c.memoryUsage());
            containerBytes += now - c.charged;
            c.charged = now;
        }
    }

    private void uncharge(int i) {
        if (valueAt(i) instanceof Container c) {
            containerBytes -= c.charged;
            c.charged = 0;
        }
    }

    /** Replaces the value at {@code i} (copy-on-write) and counts the new one. */
    void replaceValue(int i, Object v) {
        uncharge(i);
        setValueAt(i, v);
        charge(i);
    }

    /** Table bytes one entry takes: its slots in the entry arrays and the bucket array (about one bucket per key). */
    long bytesPerEntry() {
        return 4 + 16 + 4 + (expires == null ? 0 : 12);
    }

    /** Heap bytes of keys, values and table: the dataset's share of used_memory. */
    long usedBytes() {
        return payloadBytes() + containerBytes + overheadBytes();
    }

    /** Copies of the entry arrays, for a snapshot. */
    Snapshot.DbView view(int db) {
        int n = capacityUsed();
        byte[][] k = new byte[n][];
        Object[] v = new Object[n];
        copyEntries(k, v);
        return new Snapshot.DbView(db, k, v, expires == null ? new long[n] : Arrays.copyOf(expires, n), size());
    }

    int volatileCount() {
        return volatileCount;
    }

    /** A random entry index among keys with a TTL, or -1. */
    int randomVolatile() {
        if (volatileCount == 0) return -1;
        return volatileIdx[ThreadLocalRandom.current().nextInt(volatileCount)];
    }

    private void dropVolatile(int i) {
        if (volatilePos == null) return;
        int pos = volatilePos[i];
        if (pos == 0) return;
        int last = volatileIdx[--volatileCount];
        volatileIdx[pos - 1] = last;
        volatilePos[last] = pos;
        volatilePos[i] = 0;
    }

    @Override
    protected int touched(int i) {
        long[] e = expires;
        return access[i] + (e == null ? 0 : (int) e[i]);
    }

    @Override
    protected void entryAdded(int i) {
        if (expires != null) expires[i] = 0;
    }

    @Override
    protected void entryRemoved(int i) {
        uncharge(i);
        if (expires == null) return;
        expires[i] = 0;
        dropVolatile(i);
    }

    @Override
    protected void entryReplacing(int i) {
        uncharge(i);
    }

    @Override
    protected void entriesGrown(int capacity) {
        if (expires != null) {
            expires = Arrays.copyOf(expires, capacity);
            volatilePos = Arrays.copyOf(volatilePos, capacity);
        }
        access = Arrays.copyOf(access, capacity);
    }

    @Override
    protected void entriesCleared(int capacity) {
        expires = null;
        volatilePos = null;
        access = new int[capacity];
        volatileIdx = new int[16];
        volatileCount = 0;
        containerBytes = 0;
    }

    @Override
    public long overheadBytes() {
        long side = 16 + access.length * 4L + 16 + volatileIdx.length * 4L;
        if (expires != null) side += 32 + expires.length * 12L;
        return super.overheadBytes() + 40 + side;
    }
}
