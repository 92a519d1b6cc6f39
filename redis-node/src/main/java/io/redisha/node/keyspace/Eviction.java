package io.redisha.node.keyspace;

import java.util.Arrays;
import java.util.Locale;

/**
 * Frees memory when the dataset is above maxmemory, the way Redis approximates its policies:
 * sample a few keys per db, keep the best candidates seen so far in a small pool (oldest
 * access, lowest frequency, nearest expiry), and delete the best one still present; repeat
 * until under the limit. Random policies delete random keys.
 */
public final class Eviction {
    public enum Policy {
        VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, NOEVICTION;

        public static Policy of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        boolean volatileOnly() { return ordinal() <= VOLATILE_TTL.ordinal(); }
        boolean lfu() { return this == VOLATILE_LFU || this == ALLKEYS_LFU; }
        boolean random() { return this == VOLATILE_RANDOM || this == ALLKEYS_RANDOM; }
    }

    public enum Result { OK, RUNNING, FAIL }

    /** Used memory that is not the dataset, as Redis's empty server reports it, so limits sized for Redis fit. */
    public static final long BASELINE = 1_000_000;
    private static final int POOL = 16;

    private final Keyspace ks;
    private long maxmemory;
    private Policy policy = Policy.NOEVICTION;
    private int samples = 5;
    private int tenacity = 10;
    private long peak;
    private int nextDb;

    // The pool, best candidate last: score (higher = evict first), db, key.
    private final long[] poolScore = new long[POOL];
    private final int[] poolDb = new int[POOL];
    private final byte[][] poolKey = new byte[POOL][];
    private int poolSize;

    Eviction(Keyspace ks) {
        this.ks = ks;
    }

    public void maxmemory(long bytes) { maxmemory = bytes; }
    public long maxmemory() { return maxmemory; }
    public void samples(int n) { samples = n; }
    public void tenacity(int t) { tenacity = t; }
    public Policy policy() { return policy; }

    public void policy(Policy p) {
        policy = p;
        ks.lfu(p.lfu());
        poolSize = 0;
    }

    /** used_memory: a fixed baseline plus the dataset's estimated heap bytes. */
    public long usedMemory() {
        long used = BASELINE + ks.datasetBytes();
        if (used > peak) peak = used;
        return used;
    }

    public long peak() {
        usedMemory();
        return peak;
    }

    public boolean overLimit() {
        return maxmemory > 0 && usedMemory() > maxmemory;
    }

    /**
     * Deletes keys until used memory is under maxmemory. FAIL when nothing (more) can be
     * evicted; RUNNING when the time budget ran out first (the caller should go on later).
     */
    public Result perform() {
        if (maxmemory == 0 || usedMemory() <= maxmemory) return Result.OK;
        if (policy == Policy.NOEVICTION) return Result.FAIL;
        long deadline = tenacity >= 100 ? Long.MAX_VALUE : System.nanoTime() + budgetMicros() * 1000;
        int n = 0;
        while (usedMemory() > maxmemory) {
            if (!evictOne()) return Result.FAIL;
            // Check the clock every few keys only: a key is freed in well under a microsecond.
            if ((++n & 15) == 0 && System.nanoTime() > deadline) return Result.RUNNING;
        }
        return Result.OK;
    }

    private long budgetMicros() {
        if (tenacity <= 10) return 50L * tenacity;
        return (long) (500 * Math.pow(1.15, tenacity - 10));
    }

    private boolean evictOne() {
        if (policy.random()) return evictRandom();
        for (int attempt = 0; attempt < 8; attempt++) {
            boolean sampled = false;
            for (int d = 0; d < ks.databases(); d++) {
                Database db = ks.db(d);
                int candidates = policy.volatileOnly() ? db.expiresCount() : db.size();
                if (candidates == 0) continue;
                sampled = true;
                fillPool(db);
            }
            if (!sampled) return false;
            while (poolSize > 0) {
                int last = --poolSize;
                Database db = ks.db(poolDb[last]);
                byte[] key = poolKey[last];
                poolKey[last] = null;
                int i = db.dict().find(key);
                if (i < 0 || (policy.volatileOnly() && db.dict().expireAt(i) == 0)) continue;
                ks.deleteEvicted(db, db.dict().keyAt(i));
                return true;
            }
        }
        return false;
    }

    private void fillPool(Database db) {
        KeyDict d = db.dict();
        int now = ks.accessClock();
        for (int s = 0; s < samples; s++) {
            int i = policy.volatileOnly() ? d.randomVolatile() : d.randomEntry();
            if (i < 0) return;
            long score = switch (policy) {
                case VOLATILE_TTL -> Long.MAX_VALUE - d.expireAt(i);
                case VOLATILE_LFU, ALLKEYS_LFU -> 255 - ks.lfuDecayed(d.accessTime(i));
                default -> now - d.accessTime(i);
            };
            offer(score, db.id(), d.keyAt(i));
        }
    }

    /** Keeps the POOL best candidates sorted by ascending score; a key already pooled is not added twice. */
    private void offer(long score, int db, byte[] key) {
        for (int j = 0; j < poolSize; j++) {
            if (poolDb[j] == db && Arrays.equals(poolKey[j], key)) return;
        }
        int pos = 0;
        while (pos < poolSize && poolScore[pos] < score) pos++;
        if (poolSize == POOL) {
            if (pos == 0) return;                 // worse than everything pooled
            pos--;                                // drop the worst (index 0) to make room
            System.arraycopy(poolScore, 1, poolScore, 0, pos);
            System.arraycopy(poolDb, 1, poolDb, 0, pos);
            System.arraycopy(poolKey, 1, poolKey, 0, pos);
        } else {
            System.arraycopy(poolScore, pos, poolScore, pos + 1, poolSize - pos);
            System.arraycopy(poolDb, pos, poolDb, pos + 1, poolSize - pos);
            System.arraycopy(poolKey, pos, poolKey, pos + 1, poolSize - pos);
            poolSize++;
        }
        poolScore[pos] = score;
        poolDb[pos] = db;
        poolKey[pos] = key;
    }

    private boolean evictRandom() {
        for (int k = 0; k < ks.databases(); k++) {
            Database db = ks.db(nextDb);
            nextDb = (nextDb + 1) % ks.databases();
            KeyDict d = db.dict();
            int i = policy.volatileOnly() ? d.randomVolatile() : d.randomEntry();
            if (i < 0) continue;
            ks.deleteEvicted(db, d.keyAt(i));
            return true;
        }
        return false;
    }

    /** Forgets pooled keys (FLUSHALL, SWAPDB): they may name keys of another db now. */
    public void clearPool() {
        Arrays.fill(poolKey, null);
        poolSize = 0;
    }
}
