package io.redisha.node.persistence.rdb;

import io.redisha.node.keyspace.hash.HashValue;
import io.redisha.node.keyspace.list.ListValue;
import io.redisha.node.keyspace.set.SetValue;
import io.redisha.node.keyspace.zset.ZSet;

/** Builds the keyspace's own value classes; each picks its encoding as the data requires. */
public class KeyspaceValues implements RdbValues {
    @Override
    public Object list(byte[][] elements, int count) {
        ListValue l = new ListValue(count);
        for (int i = 0; i < count; i++) l.add(elements[i]);
        return l;
    }

    @Override
    public Object set(byte[][] members, int count) {
        SetValue s = SetValue.createFor(members[0]);
        for (int i = 0; i < count; i++) s.add(members[i]);
        return s;
    }

    @Override
    public Object intSet(long[] members) {
        SetValue s = new SetValue();
        for (long m : members) s.addInt(m);
        return s;
    }

    @Override
    public Object hash(byte[][] pairs, int pairCount) {
        HashValue h = new HashValue();
        for (int i = 0; i < pairCount; i++) h.put(pairs[2 * i], pairs[2 * i + 1]);
        return h;
    }

    @Override
    public Object zset(byte[][] members, double[] scores, int count) {
        int maxLen = 0;
        for (int i = 0; i < count; i++) maxLen = Math.max(maxLen, members[i].length);
        ZSet z = ZSet.create(count, maxLen);
        // put, not insert: a corrupt file may repeat a member
        for (int i = 0; i < count; i++) z.put(members[i], scores[i]);
        return z;
    }
}
