package io.redisha.node.keyspace.set;

import io.redisha.node.command.Args;
import io.redisha.node.keyspace.Dict;
import io.redisha.node.keyspace.Container;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set. While every member is a canonical integer (and there are at most 512) it is a sorted
 * {@code long[]} ("intset", iterated in ascending order as Redis does); otherwise a {@link Dict}
 * with null values ("hashtable"). Redis 7.0 has no listpack encoding for sets (7.2 added it),
 * so small sets of strings are hashtables there too; the conversion never goes back.
 *
 * <p>Members are addressed by slot: {@code 0 <= slot < slots()}, skipping slots where
 * {@link #isLive(int)} is false.
 */
public final class SetValue extends Container {
    public static final int MAX_INTSET_ENTRIES = 512;
    private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    private long[] ints;
    private int count;
    private Dict dict;

    /** An empty set in the encoding Redis picks for a set created with {@code firstMember}. */
    public static SetValue createFor(byte[] firstMember) {
        SetValue s = new SetValue();
        if (!isCanonicalLong(firstMember)) s.toHashtable();
        return s;
    }

    /** An empty intset, which becomes a hashtable on the first non-integer member. */
    public SetValue() {
        ints = new long[4];
    }

    private SetValue(long[] ints, int count, Dict dict) {
        this.ints = ints;
        this.count = count;
        this.dict = dict;
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return dict == null ? "intset" : "hashtable";
    }

    public boolean isIntset() {
        return dict == null;
    }

    @Override
    public long size() {
        return dict == null ? count : dict.size();
    }

    @Override
    public long memoryUsage() {
        long self = objectBytes(16);
        if (dict == null) return self + 16 + 8L * ints.length;
        return self + dict.overheadBytes() + dict.payloadBytes();
    }

    @Override
    public SetValue copy() {
        if (dict == null) return new SetValue(Arrays.copyOf(ints, ints.length), count, null);
        SetValue s = new SetValue(null, 0, new Dict(dict.size()));
        int n = dict.capacityUsed();
        for (int i = 0; i < n; i++) {
            if (dict.isLive(i)) s.dict.insert(dict.keyAt(i), null);
        }
        return s;
    }

    // ---- slot addressing

    public int slots() {
        return dict == null ? count : dict.capacityUsed();
    }

    public boolean isLive(int slot) {
        return dict == null || dict.isLive(slot);
    }

    /** The member at a slot as bytes (allocates for an intset). */
    public byte[] memberAt(int slot) {
        return dict == null ? Args.longBytes(ints[slot]) : dict.keyAt(slot);
    }

    /** The integer at a slot of an intset. */
    public long intAt(int slot) {
        return ints[slot];
    }

    public int randomSlot() {
        return dict == null ? ThreadLocalRandom.current().nextInt(count) : dict.randomEntry();
    }

    Dict dict() {
        return dict;
    }

    // ---- membership

    public boolean contains(byte[] member) {
        if (dict != null) return dict.find(member) >= 0;
        long v = Args.parseLongOr(member, Long.MIN_VALUE, true);
        if (v == Long.MIN_VALUE && !Arrays.equals(member, MIN_LONG)) return false;
        return Arrays.binarySearch(ints, 0, count, v) >= 0;
    }

    public boolean containsInt(long v) {
        if (dict == null) return Arrays.binarySearch(ints, 0, count, v) >= 0;
        return dict.find(Args.longBytes(v)) >= 0;
    }

    /** True when this set holds the member at {@code slot} of {@code other}. */
    boolean containsMemberOf(SetValue other, int slot) {
        if (other.dict == null) return containsInt(other.ints[slot]);
        return contains(other.dict.keyAt(slot));
    }

    /** Adds a member; returns true when it was not there. */
    public boolean add(byte[] member) {
        if (dict != null) {
            int before = dict.size();
            dict.put(member, null);
            return dict.size() != before;
        }
        if (!isCanonicalLong(member)) {
            toHashtable();
            dict.insert(member, null);
            return true;
        }
        return addInt(Args.parseLong(member));
    }

    /** Adds an integer member; returns true when it was not there. */
    public boolean addInt(long v) {
        if (dict != null) {
            int before = dict.size();
            dict.put(Args.longBytes(v), null);
            return dict.size() != before;
        }
        int pos = Arrays.binarySearch(ints, 0, count, v);
        if (pos >= 0) return false;
        pos = -pos - 1;
        if (count == ints.length) ints = Arrays.copyOf(ints, ints.length * 2);
        System.arraycopy(ints, pos, ints, pos + 1, count - pos);
        ints[pos] = v;
        count++;
        if (count > MAX_INTSET_ENTRIES) toHashtable();
        return true;
    }

    /** Adds the member at {@code slot} of {@code other}, without going through text for integers. */
    boolean addMemberOf(SetValue other, int slot) {
        return other.dict == null ? addInt(other.ints[slot]) : add(other.dict.keyAt(slot));
    }

    /** Removes a member; returns true when it was there. */
    public boolean remove(byte[] member) {
        if (dict != null) return dict.remove(member) >= 0;
        if (!isCanonicalLong(member)) return false;
        return removeInt(Args.parseLong(member));
    }

    public boolean removeInt(long v) {
        if (dict != null) return dict.remove(Args.longBytes(v)) >= 0;
        int pos = Arrays.binarySearch(ints, 0, count, v);
        if (pos < 0) return false;
        System.arraycopy(ints, pos + 1, ints, pos, count - pos - 1);
        count--;
        return true;
    }

    private void toHashtable() {
        Dict d = new Dict(count);
        for (int i = 0; i < count; i++) d.insert(Args.longBytes(ints[i]), null);
        dict = d;
        ints = null;
        count = 0;
    }

    /** Redis's test for a member an intset can hold: the canonical text of a long. */
    static boolean isCanonicalLong(byte[] b) {
        return Args.parseLongOr(b, Long.MIN_VALUE, true) != Long.MIN_VALUE || Arrays.equals(b, MIN_LONG);
    }

    /** Visits every member (persistence, DEBUG). */
    public void forEach(MemberVisitor visitor) {
        int n = slots();
        for (int i = 0; i < n; i++) {
            if (isLive(i)) visitor.visit(memberAt(i));
        }
    }

    @FunctionalInterface
    public interface MemberVisitor {
        void visit(byte[] member);
    }
}
