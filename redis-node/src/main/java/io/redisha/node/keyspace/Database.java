package io.redisha.node.keyspace;

import io.redisha.node.command.RedisError;
import java.util.ArrayList;
import java.util.List;

/**
 * One numbered database: the keys, their values and expiry times. Reads and writes expire
 * keys lazily; every change goes through {@link #modified(byte[])} so WATCH, blocked clients
 * and the dirty counter see it without each command repeating that.
 */
public final class Database {
    private final int id;
    private final Keyspace keyspace;
    private KeyDict dict = new KeyDict();
    // The entry the last lookup or store found (see lastFound).
    private byte[] lastArg;
    private byte[] lastStored;
    private int lastIndex;

    Database(int id, Keyspace keyspace) {
        this.id = id;
        this.keyspace = keyspace;
    }

    public int id() { return id; }
    public Keyspace keyspace() { return keyspace; }
    public int size() { return dict.size(); }
    public int expiresCount() { return dict.volatileCount(); }

    /** See {@link Dict#touch}: loads what lookups of the {@code n} keys will read. */
    public int touch(byte[][] keys, int n) {
        return dict.touch(keys, n);
    }

    /** Value for a read command, after lazy expiry; counts keyspace hits and misses. */
    public Object lookupRead(byte[] key) {
        int i = liveIndex(key);
        if (i < 0) {
            keyspace.stats.keyspaceMisses++;
            return null;
        }
        keyspace.stats.keyspaceHits++;
        return dict.valueAt(i);
    }

    /** Value for a write command, after lazy expiry; the caller may change it in place. */
    public Object lookupWrite(byte[] key) {
        int i = liveIndex(key);
        return i < 0 ? null : keyspace.beforeWrite(dict, i, dict.valueAt(i));
    }

    /** Like lookupRead without touching statistics or the access time (OBJECT, TYPE). */
    public Object peek(byte[] key) {
        int i = dict.find(key);
        if (i < 0) return null;
        long when = dict.expireAt(i);
        if (when != 0 && when <= keyspace.now() && !keyspace.loading()) {
            keyspace.expireLazily(this, key);
            return null;
        }
        return dict.valueAt(i);
    }

    /** Seconds since the key was last read or written, or -1 when absent. */
    public long idleSeconds(byte[] key) {
        if (peek(key) == null) return -1;
        return keyspace.idleMillis(dict.accessTime(dict.find(key))) / 1000;
    }

    /** OBJECT FREQ: the key's LFU counter after decay, or -1 when absent. */
    public int frequency(byte[] key) {
        if (peek(key) == null) return -1;
        return keyspace.lfuDecayed(dict.accessTime(dict.find(key)));
    }

    /** The dataset's heap bytes in this db (keys, values, table). */
    public long usedBytes() {
        return dict.usedBytes();
    }

    /** The table's share of usedBytes: what Redis counts as the dict's overhead. */
    public long overheadBytes() {
        return dict.overheadBytes();
    }

    /** MEMORY USAGE: bytes of one key's entry, key and value; -1 when absent. */
    public long memoryUsage(byte[] key) {
        int i = dict.find(key);
        if (i < 0 || peek(key) == null) return -1;
        Object v = dict.valueAt(i);
        long value = v instanceof byte[] b ? Dict.arrayBytes(b.length) : ((RedisValue) v).memoryUsage();
        return dict.bytesPerEntry() + Dict.arrayBytes(dict.keyAt(i).length) + value;
    }

    public boolean exists(byte[] key) {
        return liveIndex(key) >= 0;
    }

    @SuppressWarnings("unchecked")
    public <T> T read(byte[] key, Class<T> type) {
        Object v = lookupRead(key);
        if (v == null) return null;
        if (!type.isInstance(v)) throw RedisError.WRONGTYPE;
        return (T) v;
    }

    @SuppressWarnings("unchecked")
    public <T> T write(byte[] key, Class<T> type) {
        Object v = lookupWrite(key);
        if (v == null) return null;
        if (!type.isInstance(v)) throw RedisError.WRONGTYPE;
        return (T) v;
    }

    private int liveIndex(byte[] key) {
        int i = dict.find(key);
        if (i < 0) return -1;
        long when = dict.expireAt(i);
        if (when != 0 && when <= keyspace.now() && !keyspace.loading()) {
            keyspace.expireLazily(this, key);
            return -1;
        }
        keyspace.touch(dict, i);
        lastArg = key;
        lastStored = dict.keyAt(i);
        lastIndex = i;
        return i;
    }

    /** Sets a key's value and drops any TTL (SET semantics). */
    public void set(byte[] key, Object value) {
        store(key, value, false, false);
    }

    /** Sets a key's value keeping its TTL if it has one. */
    public void setKeepTtl(byte[] key, Object value) {
        store(key, value, true, false);
    }

    /**
     * Stores a string as {@link #set} (or, with {@code keepTtl}, {@link #setKeepTtl}) does, but
     * overwrites an old string of the same length in place (see {@link Dict#putInPlace}). Safe
     * because a stored string array belongs to one key only (COPY copies it; replies and the AOF
     * and replication streams copy its bytes at once), except while a snapshot shares them with
     * its writer: then the old array is replaced, as always. A caller that still needs the old
     * value must copy it out first (SET ... GET replies with it before storing).
     */
    public void setString(byte[] key, byte[] value, boolean keepTtl) {
        store(key, value, keepTtl, !keyspace.snapshotOpen());
    }

    private void store(byte[] key, Object value, boolean keepTtl, boolean inPlace) {
        keyspace.created(value);
        int before = dict.size();
        int i = lastFound(key);
        if (i >= 0) dict.replaceAt(i, value, inPlace);
        else i = inPlace ? dict.putInPlace(key, (byte[]) value) : dict.put(key, value);
        if (!keepTtl) dict.clearExpire(i);
        stored(key, i, before);
    }

    /** Adds a key the caller checked is absent. */
    public void add(byte[] key, Object value) {
        keyspace.created(value);
        int before = dict.size();
        stored(key, dict.insert(key, value), before);
    }

    private void stored(byte[] key, int i, int sizeBefore) {
        dict.charge(i);
        if (dict.size() != sizeBefore) keyspace.touchNew(dict, i); else keyspace.touch(dict, i);
        lastArg = key;
        lastStored = dict.keyAt(i);
        lastIndex = i;
        keyspace.keyModified(this, key);
    }

    public boolean delete(byte[] key) {
        if (liveIndex(key) < 0) return false;
        dict.remove(key);
        keyspace.keyModified(this, key);
        return true;
    }

    /** Removes without the modification signal: expiry and eviction signal on their own. */
    boolean removeQuietly(byte[] key) {
        return dict.remove(key) >= 0;
    }

    /** Deletes the key if its container became empty. */
    public void deleteIfEmpty(byte[] key, RedisValue v) {
        if (v.size() == 0) {
            dict.remove(key);
        }
    }

    /** Expiry of a live key in ms since the epoch: -1 without TTL, -2 when the key is absent. */
    public long expireAt(byte[] key) {
        int i = liveIndex(key);
        if (i < 0) return -2;
        long when = dict.expireAt(i);
        return when == 0 ? -1 : when;
    }

    /** Sets the expiry of an existing key; a time in the past deletes it. */
    public void setExpire(byte[] key, long whenMs) {
        int i = dict.find(key);
        if (i < 0) return;
        dict.setExpireAt(i, whenMs);
    }

    public boolean persist(byte[] key) {
        int i = liveIndex(key);
        if (i < 0 || dict.expireAt(i) == 0) return false;
        dict.clearExpire(i);
        modified(key);
        return true;
    }

    /** Signals a change to {@code key}: WATCH, blocked clients, dirty counter, memory accounting. */
    public void modified(byte[] key) {
        int i = lastFound(key);
        if (i < 0) i = dict.find(key);
        if (i >= 0) dict.charge(i);
        keyspace.keyModified(this, key);
    }

    /**
     * The entry of {@code key} when the last lookup or store was of this very argument and the
     * entry still holds the key it found (a write of the same key right after reading it, as
     * INCR or APPEND do, then needs no second hash and chain walk); otherwise -1.
     */
    private int lastFound(byte[] key) {
        return key == lastArg && lastIndex < dict.capacityUsed() && dict.keyAt(lastIndex) == lastStored
                ? lastIndex : -1;
    }

    /** Removes every key; returns how many there were. */
    public long flush() {
        long n = dict.size();
        keyspace.databaseFlushed(this);
        dict = new KeyDict();
        lastArg = lastStored = null;
        return n;
    }

    /** Whether the key is stored, expired or not (what a flush or swap takes away). */
    boolean holds(byte[] key) {
        return dict.find(key) >= 0;
    }

    /** Exchanges contents with another db (SWAPDB). */
    void swapWith(Database other) {
        KeyDict t = dict;
        dict = other.dict;
        other.dict = t;
        lastArg = lastStored = other.lastArg = other.lastStored = null;
    }

    public byte[] randomKey() {
        for (int tries = 0; tries < 100 && dict.size() > 0; tries++) {
            int i = dict.randomEntry();
            byte[] key = dict.keyAt(i);
            long when = dict.expireAt(i);
            if (when != 0 && when <= keyspace.now()) {
                if (dict.volatileCount() == dict.size() && tries > 50) return key;
                keyspace.expireLazily(this, key);
                continue;
            }
            return key;
        }
        return null;
    }

    /**
     * One SCAN step: collects the keys of one or more buckets into {@code out}, skipping expired
     * ones, until about {@code count} keys were collected; returns the next cursor.
     */
    public long scan(long cursor, long count, List<byte[]> out) {
        List<byte[]> batch = new ArrayList<>();
        long maxIterations = count * 10;
        do {
            cursor = dict.scan(cursor, i -> batch.add(dict.keyAt(i)));
        } while (cursor != 0 && batch.size() < count && --maxIterations > 0);
        for (byte[] k : batch) {
            if (liveIndex(k) >= 0) out.add(k);
        }
        return cursor;
    }

    /** Every live key (KEYS); expired keys are left out and lazily removed. */
    public List<byte[]> keys() {
        List<byte[]> all = new ArrayList<>(dict.size());
        int n = dict.capacityUsed();
        for (int i = 0; i < n; i++) {
            if (dict.isLive(i)) all.add(dict.keyAt(i));
        }
        List<byte[]> out = new ArrayList<>(all.size());
        for (byte[] k : all) {
            if (liveIndex(k) >= 0) out.add(k);
        }
        return out;
    }

    /** Visits every entry with its expiry, for snapshots and memory accounting. */
    public void forEach(EntryConsumer consumer) {
        int n = dict.capacityUsed();
        for (int i = 0; i < n; i++) {
            if (dict.isLive(i)) consumer.accept(dict.keyAt(i), dict.valueAt(i), dict.expireAt(i));
        }
    }

    /** Samples one key with a TTL for the active expiry cycle; returns its index or -1. */
    int randomVolatileIndex() {
        return dict.randomVolatile();
    }

    KeyDict dict() {
        return dict;
    }

    @FunctionalInterface
    public interface EntryConsumer {
        void accept(byte[] key, Object value, long expireAt);
    }
}
