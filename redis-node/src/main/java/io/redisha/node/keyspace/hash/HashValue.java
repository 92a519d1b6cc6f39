package io.redisha.node.keyspace.hash;

import io.redisha.node.keyspace.Dict;
import io.redisha.node.keyspace.RedisValue;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hash. Small hashes are one flat array of field/value pairs scanned linearly, in insertion
 * order ("listpack"); past Redis's thresholds they become a {@link Dict} ("hashtable") and
 * never go back, as in Redis.
 *
 * <p>Entries are addressed by slot: {@code 0 <= slot < slots()}, skipping slots where
 * {@link #isLive(int)} is false. That lets callers walk the hash without an iterator object.
 */
public final class HashValue implements RedisValue {
    public static final int MAX_LISTPACK_ENTRIES = 512; // redis.conf and the built-in default of 7.0 (not 128 as for zsets)
    public static final int MAX_LISTPACK_VALUE = 64;

    /** field0, value0, field1, value1...; null once converted to a hashtable. */
    private byte[][] pairs;
    private int count;
    private Dict dict;

    public HashValue() {
        pairs = new byte[8][];
    }

    private HashValue(byte[][] pairs, int count, Dict dict) {
        this.pairs = pairs;
        this.count = count;
        this.dict = dict;
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return dict == null ? "listpack" : "hashtable";
    }

    public boolean isListpack() {
        return dict == null;
    }

    @Override
    public long size() {
        return dict == null ? count : dict.size();
    }

    @Override
    public long memoryUsage() {
        long bytes = 48;
        int n = slots();
        for (int i = 0; i < n; i++) {
            if (!isLive(i)) continue;
            bytes += fieldAt(i).length + valueAt(i).length + (dict == null ? 4 : 48);
        }
        return dict == null ? bytes : bytes + dict.overheadBytes();
    }

    @Override
    public HashValue copy() {
        if (dict == null) return new HashValue(Arrays.copyOf(pairs, pairs.length), count, null);
        HashValue h = new HashValue(null, 0, new Dict(dict.size()));
        int n = dict.capacityUsed();
        for (int i = 0; i < n; i++) {
            if (dict.isLive(i)) h.dict.insert(dict.keyAt(i), dict.valueAt(i));
        }
        return h;
    }

    // ---- slot addressing

    /** Upper bound (exclusive) of slot numbers. */
    public int slots() {
        return dict == null ? count : dict.capacityUsed();
    }

    public boolean isLive(int slot) {
        return dict == null || dict.isLive(slot);
    }

    public byte[] fieldAt(int slot) {
        return dict == null ? pairs[slot * 2] : dict.keyAt(slot);
    }

    public byte[] valueAt(int slot) {
        return dict == null ? pairs[slot * 2 + 1] : (byte[]) dict.valueAt(slot);
    }

    /** A uniformly random live slot; the hash must not be empty. */
    public int randomSlot() {
        return dict == null ? ThreadLocalRandom.current().nextInt(count) : dict.randomEntry();
    }

    /** The slot of {@code field}, or -1. */
    public int find(byte[] field) {
        if (dict != null) return dict.find(field);
        byte[][] p = pairs;
        for (int i = 0, n = count * 2; i < n; i += 2) {
            if (Arrays.equals(p[i], field)) return i >> 1;
        }
        return -1;
    }

    Dict dict() {
        return dict;
    }

    // ---- reads and writes

    public byte[] get(byte[] field) {
        int s = find(field);
        return s < 0 ? null : valueAt(s);
    }

    /** Sets a field; returns true when the field is new. */
    public boolean put(byte[] field, byte[] value) {
        if (dict == null && (field.length > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE)) {
            toHashtable();
        }
        if (dict != null) {
            int before = dict.size();
            dict.put(field, value);
            return dict.size() != before;
        }
        int s = find(field);
        if (s >= 0) {
            pairs[s * 2 + 1] = value;
            return false;
        }
        if (count * 2 == pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
        pairs[count * 2] = field;
        pairs[count * 2 + 1] = value;
        count++;
        if (count > MAX_LISTPACK_ENTRIES) toHashtable();
        return true;
    }

    /** Same as {@link #put} for callers (loading) that know a field is absent. */
    public void add(byte[] field, byte[] value) {
        put(field, value);
    }

    /** Removes a field; returns true when it was there. */
    public boolean remove(byte[] field) {
        if (dict != null) return dict.remove(field) >= 0;
        int s = find(field);
        if (s < 0) return false;
        int tail = (count - s - 1) * 2;
        if (tail > 0) System.arraycopy(pairs, s * 2 + 2, pairs, s * 2, tail);
        count--;
        pairs[count * 2] = null;
        pairs[count * 2 + 1] = null;
        return true;
    }

    private void toHashtable() {
        Dict d = new Dict(count);
        for (int i = 0; i < count; i++) d.insert(pairs[i * 2], pairs[i * 2 + 1]);
        dict = d;
        pairs = null;
        count = 0;
    }

    /** Visits every field/value pair (persistence, DEBUG). */
    public void forEach(PairVisitor visitor) {
        int n = slots();
        for (int i = 0; i < n; i++) {
            if (isLive(i)) visitor.visit(fieldAt(i), valueAt(i));
        }
    }

    @FunctionalInterface
    public interface PairVisitor {
        void visit(byte[] field, byte[] value);
    }
}
