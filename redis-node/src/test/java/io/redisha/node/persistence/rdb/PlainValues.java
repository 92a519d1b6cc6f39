package io.redisha.node.persistence.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds plain Java collections of Latin-1 strings, so tests compare contents easily. */
final class PlainValues implements RdbValues {
    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public Object list(byte[][] elements, int count) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < count; i++) l.add(s(elements[i]));
        return l;
    }

    @Override
    public Object set(byte[][] members, int count) {
        Set<String> s = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) s.add(s(members[i]));
        return s;
    }

    @Override
    public Object intSet(long[] members) {
        Set<String> s = new LinkedHashSet<>();
        for (long m : members) s.add(Long.toString(m));
        return s;
    }

    @Override
    public Object hash(byte[][] pairs, int pairCount) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < pairCount; i++) h.put(s(pairs[2 * i]), s(pairs[2 * i + 1]));
        return h;
    }

    @Override
    public Object zset(byte[][] members, double[] scores, int count) {
        Map<String, Double> z = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) z.put(s(members[i]), scores[i]);
        return z;
    }
}
