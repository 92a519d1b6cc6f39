package io.redisha.node.keyspace.hash;

import io.redisha.node.keyspace.Container;
import io.redisha.node.keyspace.Dict;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hash. Small hashes are one packed byte array of field/value pairs in insertion order, each
 * string preceded by its length in one byte ("listpack": no object per field); past Redis's
 * thresholds they become a {@link Dict} ("hashtable") and never go back, as in Redis.
 *
 * <p>Entries are addressed by slot: {@code 0 <= slot < slots()}, skipping slots where
 * {@link #isLive(int)} is false. That lets callers walk the hash without an iterator object.
 * A listpack slot is the pair's ordinal; a remembered cursor makes walking in order O(1) a step.
 */
public final class HashValue extends Container {
    public static final int MAX_LISTPACK_ENTRIES = 512; // redis.conf and the built-in default of 7.0 (not 128 as for zsets)
    public static final int MAX_LISTPACK_VALUE = 64;
    private static final byte[] EMPTY = new byte[0];
    /** Above this size a listpack grows with slack instead of to the exact size. */
    private static final int EXACT_UP_TO = 1024;

    /** len, field bytes, len, value bytes, ...; null once converted to a hashtable. */
    private byte[] lp;
    private int used;       // bytes of lp in use
    private int count;
    private int curSlot;    // a slot whose offset is known: curOff
    private int curOff;
    private Dict dict;

    public HashValue() {
        lp = EMPTY;
    }

    private HashValue(byte[] lp, int count, Dict dict) {
        this.lp = lp;
        this.used = lp == null ? 0 : lp.length;
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
        long self = objectBytes(28);
        return dict == null ? self + Dict.arrayBytes(lp.length) : self + dict.overheadBytes() + dict.payloadBytes();
    }

    @Override
    public HashValue copy() {
        if (dict == null) return new HashValue(Arrays.copyOf(lp, used), count, null);
        HashValue h = new HashValue(null, 0, new Dict(dict.size()));
        int n = dict.capacityUsed();
        for (int i = 0; i < n; i++) {
            // Values are copied: put overwrites a value of the same length in place.
            if (dict.isLive(i)) h.dict.insert(dict.keyAt(i), ((byte[]) dict.valueAt(i)).clone());
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
        if (dict != null) return dict.keyAt(slot);
        int off = offsetOf(slot);
        return Arrays.copyOfRange(lp, off + 1, off + 1 + (lp[off] & 0xff));
    }

    public byte[] valueAt(int slot) {
        if (dict != null) return (byte[]) dict.valueAt(slot);
        int off = offsetOf(slot);
        off += 1 + (lp[off] & 0xff);
        return Arrays.copyOfRange(lp, off + 1, off + 1 + (lp[off] & 0xff));
    }

    /** A uniformly random live slot; the hash must not be empty. */
    public int randomSlot() {
        return dict == null ? ThreadLocalRandom.current().nextInt(count) : dict.randomEntry();
    }

    /** The slot of {@code field}, or -1. */
    public int find(byte[] field) {
        if (dict != null) return dict.find(field);
        byte[] p = lp;
        int fl = field.length;
        for (int s = 0, off = 0; s < count; s++) {
            int len = p[off] & 0xff;
            if (len == fl && Arrays.equals(p, off + 1, off + 1 + len, field, 0, fl)) {
                curSlot = s;
                curOff = off;
                return s;
            }
            off += 1 + len;
            off += 1 + (p[off] & 0xff);
        }
        return -1;
    }

    /** Byte offset of a listpack pair, walking from the remembered cursor when it is behind. */
    private int offsetOf(int slot) {
        int s = 0, off = 0;
        if (curSlot <= slot && curSlot < count) {
            s = curSlot;
            off = curOff;
        }
        byte[] p = lp;
        while (s < slot) {
            off += 1 + (p[off] & 0xff);
            off += 1 + (p[off] & 0xff);
            s++;
        }
        curSlot = slot;
        curOff = off;
        return off;
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
            // In place: no value of this hash is shared (copy() clones them, replies copy the bytes).
            dict.putInPlace(field, value);
            return dict.size() != before;
        }
        int s = find(field);
        if (s >= 0) {
            int voff = curOff + 1 + field.length;
            int old = lp[voff] & 0xff;
            splice(voff + 1, old, value.length);
            lp[voff] = (byte) value.length;
            System.arraycopy(value, 0, lp, voff + 1, value.length);
            return false;
        }
        int off = used;
        splice(off, 0, 2 + field.length + value.length);
        lp[off] = (byte) field.length;
        System.arraycopy(field, 0, lp, off + 1, field.length);
        int voff = off + 1 + field.length;
        lp[voff] = (byte) value.length;
        System.arraycopy(value, 0, lp, voff + 1, value.length);
        count++;
        if (count > MAX_LISTPACK_ENTRIES) toHashtable();
        return true;
    }

    /** Replaces {@code oldLen} bytes at {@code off} by room for {@code newLen} bytes. */
    private void splice(int off, int oldLen, int newLen) {
        if (oldLen == newLen) return;
        int need = used - oldLen + newLen;
        int tail = used - off - oldLen;
        if (need > lp.length || (need <= EXACT_UP_TO && need != lp.length)) {
            int cap = need <= EXACT_UP_TO ? need : Math.max(need, lp.length + (lp.length >> 1));
            byte[] n = new byte[cap];
            System.arraycopy(lp, 0, n, 0, off);
            System.arraycopy(lp, off + oldLen, n, off + newLen, tail);
            lp = n;
        } else {
            System.arraycopy(lp, off + oldLen, lp, off + newLen, tail);
        }
        used = need;
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
        int off = curOff;
        int len = 1 + (lp[off] & 0xff);
        len += 1 + (lp[off + len] & 0xff);
        splice(off, len, 0);
        count--;
        curSlot = 0;
        curOff = 0;
        return true;
    }

    private void toHashtable() {
        Dict d = new Dict(count);
        for (int i = 0; i < count; i++) d.insert(fieldAt(i), valueAt(i));
        dict = d;
        lp = null;
        used = 0;
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
