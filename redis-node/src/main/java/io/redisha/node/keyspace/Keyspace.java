package io.redisha.node.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * All databases of a node and what cuts across them: the cached command time, the dirty
 * counter, WATCH and blocked-client bookkeeping, and the active expiry cycle. Owned by one
 * thread: nothing here is locked.
 */
public final class Keyspace {
    private final Database[] dbs;
    final KeyspaceStats stats = new KeyspaceStats();
    private final Watches watches = new Watches();
    private final Blocking blocking;
    private final List<KeyListener> listeners = new ArrayList<>();
    private long now = System.currentTimeMillis();
    private long dirty;
    /** When false (a replica), expired keys read as absent but are deleted only by the master's DEL. */
    private boolean expireOnAccess = true;
    private boolean activeExpire = true;
    private boolean loading;

    public Keyspace(int databases) {
        dbs = new Database[databases];
        for (int i = 0; i < databases; i++) dbs[i] = new Database(i, this);
        blocking = new Blocking(this);
    }

    public Database db(int i) { return dbs[i]; }
    public int databases() { return dbs.length; }
    public KeyspaceStats stats() { return stats; }
    public Watches watches() { return watches; }
    public Blocking blocking() { return blocking; }

    /** The time commands see, fixed at the start of each command like Redis's cached mstime. */
    public long now() { return now; }

    public void updateTime() { updateTime(System.nanoTime()); }

    /**
     * Sets the command time from a monotonic reading the caller took anyway (for the command's
     * duration): one clock read per command instead of two. {@link #syncClock} keeps it on the
     * wall clock.
     */
    public void updateTime(long nanos) { now = wallBase + (nanos - nanoBase) / 1_000_000; }

    /** Re-reads the wall clock, so that the command time follows it when it is set; the cron calls this. */
    public void syncClock() {
        nanoBase = System.nanoTime();
        wallBase = System.currentTimeMillis();
    }

    private long wallBase = System.currentTimeMillis();
    private long nanoBase = System.nanoTime();

    /** Seconds-resolution clock INFO reports as lru_clock. */
    public int lruClock() { return (int) (now / 1000); }

    // ---- access clock: LRU (10 ms ticks since start) or LFU (minutes << 8 | log counter)

    private static final int LFU_INIT = 5;
    private final long clockBase = System.currentTimeMillis();
    private boolean lfu;
    private int lfuLogFactor = 10;
    private int lfuDecayMinutes = 1;
    private final Eviction eviction = new Eviction(this);

    public Eviction eviction() { return eviction; }

    /** Whether keys keep an LFU counter instead of an access time (an LFU maxmemory-policy). */
    public void lfu(boolean on) { lfu = on; }
    public boolean lfu() { return lfu; }
    public void lfuLogFactor(int f) { lfuLogFactor = f; }
    public void lfuDecayTime(int minutes) { lfuDecayMinutes = minutes; }

    /** LRU ticks wrap after 248 days, like Redis's 24-bit clock wraps; differences stay right below that. */
    int accessClock() { return (int) ((now - clockBase) / 10); }

    long idleMillis(int stamp) {
        int d = accessClock() - stamp;
        return d < 0 ? 0 : d * 10L;
    }

    void touch(KeyDict d, int i) {
        if (lfu) d.touch(i, lfuAccessed(d.accessTime(i))); else d.touch(i, accessClock());
    }

    /** A new key: LFU starts at a small counter so it is not evicted at once. */
    void touchNew(KeyDict d, int i) {
        d.touch(i, lfu ? lfuStamp(LFU_INIT) : accessClock());
    }

    private int minutes() { return (int) (now / 60000) & 0xffff; }

    private int lfuStamp(int counter) { return minutes() << 8 | counter; }

    /** The counter after decay: minus one per lfu-decay-time minutes since its last access. */
    int lfuDecayed(int stamp) {
        int counter = stamp & 0xff;
        if (lfuDecayMinutes == 0) return counter;
        int elapsed = (minutes() - (stamp >>> 8 & 0xffff)) & 0xffff;
        int periods = elapsed / lfuDecayMinutes;
        return periods >= counter ? 0 : counter - periods;
    }

    private int lfuAccessed(int stamp) {
        int counter = lfuDecayed(stamp);
        if (counter < 255) {
            // Logarithmic: the more hits a key has, the less likely one more increments it.
            double base = Math.max(0, counter - LFU_INIT);
            if (java.util.concurrent.ThreadLocalRandom.current().nextDouble() < 1.0 / (base * lfuLogFactor + 1)) counter++;
        }
        return lfuStamp(counter);
    }

    /** Heap bytes of every database's hash tables (part of datasetBytes). */
    public long tableBytes() {
        long n = 0;
        for (Database d : dbs) n += d.overheadBytes();
        return n;
    }

    /** Heap bytes of every database's keys, values and tables. */
    public long datasetBytes() {
        long n = 0;
        for (Database d : dbs) n += d.usedBytes();
        return n;
    }

    public long dirty() { return dirty; }
    public void addDirty(long n) { dirty += n; }

    public void expireOnAccess(boolean b) { expireOnAccess = b; }

    /**
     * While an AOF is replayed nothing expires: each command must see the keys as they were
     * when it first ran, or a key written before its TTL passed would come back without one.
     */
    public void loading(boolean b) { loading = b; }
    public boolean loading() { return loading; }

    /** DEBUG SET-ACTIVE-EXPIRE: tests turn the background cycle off to observe lazy expiry. */
    public void activeExpire(boolean b) { activeExpire = b; }

    /** Called for every expired or evicted key removal so replication and AOF can log a DEL. */
    public void addListener(KeyListener l) { listeners.add(l); }

    void keyModified(Database db, byte[] key) {
        dirty++;
        watches.touch(db, key);
        blocking.signal(db, key);
    }

    void databaseFlushed(Database db) {
        watches.touchAll(db, null);
    }

    /** Deletes an expired key found on access; returns whether it was removed. */
    boolean expireLazily(Database db, byte[] key) {
        if (!expireOnAccess) return false;
        deleteExpired(db, key);
        return true;
    }

    private void deleteExpired(Database db, byte[] key) {
        db.removeQuietly(key);
        stats.expiredKeys++;
        watches.touch(db, key);
        for (KeyListener l : listeners) l.expired(db, key);
    }

    /** Removes a key chosen by eviction; replicas and the AOF hear a DEL as for expiry. */
    void deleteEvicted(Database db, byte[] key) {
        db.removeQuietly(key);
        stats.evictedKeys++;
        watches.touch(db, key);
        for (KeyListener l : listeners) l.expired(db, key);
    }

    // Copy-on-write while a snapshot is open: containers already copied (or created since) are
    // safe to change in place; any other container is copied before its first change.
    private Snapshot openSnapshot;
    private java.util.Set<Object> ownedSinceSnapshot;

    /** Takes a point-in-time view; the caller closes it on the owner thread when done. */
    public Snapshot snapshot() {
        if (openSnapshot != null) throw new IllegalStateException("a snapshot is already open");
        openSnapshot = Snapshot.take(this, dbs);
        ownedSinceSnapshot = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        return openSnapshot;
    }

    public boolean snapshotOpen() {
        return openSnapshot != null;
    }

    void snapshotClosed(Snapshot s) {
        if (openSnapshot == s) {
            openSnapshot = null;
            ownedSinceSnapshot = null;
        }
    }

    /** Returns the value a write may change in place: a private copy while a snapshot is open. */
    Object beforeWrite(KeyDict dict, int i, Object v) {
        if (ownedSinceSnapshot == null || !(v instanceof RedisValue rv) || ownedSinceSnapshot.contains(v)) return v;
        RedisValue copy = rv.copy();
        dict.replaceValue(i, copy);
        ownedSinceSnapshot.add(copy);
        return copy;
    }

    void created(Object v) {
        if (ownedSinceSnapshot != null && v instanceof RedisValue) ownedSinceSnapshot.add(v);
    }

    public void swapDb(int a, int b) {
        watches.touchAll(dbs[a], dbs[b]);
        watches.touchAll(dbs[b], dbs[a]);
        dbs[a].swapWith(dbs[b]);
        // A key that appears in a db by the swap may serve clients blocked on it.
        blocking.signalAll(dbs[a]);
        blocking.signalAll(dbs[b]);
    }

    public long totalKeys() {
        long n = 0;
        for (Database d : dbs) n += d.size();
        return n;
    }

    /**
     * One active expiry pass (Redis's activeExpireCycle, simplified): per db, sample up to 20
     * keys with a TTL, delete the expired ones, and repeat while more than a quarter of a sample
     * was expired, within a time budget.
     */
    public void activeExpireCycle(long budgetMillis) {
        if (!expireOnAccess || !activeExpire) return;
        long start = System.nanoTime();
        long deadline = start + budgetMillis * 1_000_000L;
        updateTime();
        for (Database db : dbs) {
            while (db.expiresCount() > 0) {
                int sampled = 0, expired = 0;
                int samples = Math.min(20, db.expiresCount());
                for (int s = 0; s < samples; s++) {
                    int i = db.randomVolatileIndex();
                    if (i < 0) break;
                    sampled++;
                    KeyDict d = db.dict();
                    if (d.expireAt(i) <= now) {
                        deleteExpired(db, d.keyAt(i));
                        expired++;
                    }
                }
                if (sampled == 0 || expired * 4 <= sampled || System.nanoTime() > deadline) break;
            }
            if (System.nanoTime() > deadline) break;
        }
        stats.expireCycleCpuMillis += (System.nanoTime() - start) / 1_000_000L;
    }

    /** Hears removals that no command asked for (expiry, eviction). */
    public interface KeyListener {
        void expired(Database db, byte[] key);
    }
}
