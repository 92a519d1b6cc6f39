package io.redisha.node.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keyspace's dict: a {@link Dict} plus, per entry, an expiry time and an index into the
 * list of keys that have one, so the active expiry cycle samples only volatile keys.
 */
final class KeyDict extends Dict {
    private long[] expires = new long[4];
    private int[] access = new int[4];         // last access, seconds since the keyspace clock base
    private int[] volatilePos = new int[4];   // position + 1 in volatileIdx, 0 = no TTL
    private int[] volatileIdx = new int[16];
    private int volatileCount;

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
        return expires[i];
    }

    void setExpireAt(int i, long when) {
        expires[i] = when;
        if (volatilePos[i] == 0) {
            if (volatileCount == volatileIdx.length) volatileIdx = Arrays.copyOf(volatileIdx, volatileCount * 2);
            volatileIdx[volatileCount++] = i;
            volatilePos[i] = volatileCount;
        }
    }

    void clearExpire(int i) {
        expires[i] = 0;
        dropVolatile(i);
    }

    /** Copies of the entry arrays, for a snapshot. */
    Snapshot.DbView view(int db) {
        int n = capacityUsed();
        byte[][] k = new byte[n][];
        Object[] v = new Object[n];
        copyEntries(k, v);
        return new Snapshot.DbView(db, k, v, Arrays.copyOf(expires, n), size());
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
        int pos = volatilePos[i];
        if (pos == 0) return;
        int last = volatileIdx[--volatileCount];
        volatileIdx[pos - 1] = last;
        volatilePos[last] = pos;
        volatilePos[i] = 0;
    }

    @Override
    protected void entryAdded(int i) {
        expires[i] = 0;
    }

    @Override
    protected void entryRemoved(int i) {
        expires[i] = 0;
        dropVolatile(i);
    }

    @Override
    protected void entriesGrown(int capacity) {
        expires = Arrays.copyOf(expires, capacity);
        access = Arrays.copyOf(access, capacity);
        volatilePos = Arrays.copyOf(volatilePos, capacity);
    }

    @Override
    protected void entriesCleared(int capacity) {
        expires = new long[capacity];
        access = new int[capacity];
        volatilePos = new int[capacity];
        volatileIdx = new int[16];
        volatileCount = 0;
    }

    @Override
    public long overheadBytes() {
        return super.overheadBytes() + expires.length * 16L + volatileIdx.length * 4L;
    }
}
