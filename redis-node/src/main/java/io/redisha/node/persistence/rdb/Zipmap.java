package io.redisha.node.persistence.rdb;

/**
 * Decoder of zipmap blobs (small hashes before Redis 2.6). Layout: count byte, then per pair
 * a length, the field, a length, a "free" byte, the value and that many unused bytes; 0xFF
 * ends. A length is one byte below 254, or 254 followed by a u32 LE.
 */
final class Zipmap {
    private Zipmap() {}

    static void decode(byte[] zm, Elements out) {
        if (zm.length < 2) throw new IllegalArgumentException("zipmap of " + zm.length + " bytes is too short");
        int p = 1;
        while (true) {
            if (p >= zm.length) throw new IllegalArgumentException("zipmap without end marker");
            if ((zm[p] & 0xff) == 0xff) break;
            long[] r = len(zm, p);
            p = (int) r[1];
            out.add(str(zm, p, r[0]));
            p += (int) r[0];
            r = len(zm, p);
            p = (int) r[1];
            if (p >= zm.length) throw new IllegalArgumentException("zipmap entry past the end");
            int free = zm[p++] & 0xff;
            out.add(str(zm, p, r[0]));
            p += (int) r[0] + free;
        }
        if (p != zm.length - 1) throw new IllegalArgumentException("zipmap end marker at byte " + p + " of " + zm.length);
    }

    /** {length, position after the length}. */
    private static long[] len(byte[] zm, int p) {
        if (p >= zm.length) throw new IllegalArgumentException("zipmap entry past the end");
        int b = zm[p] & 0xff;
        if (b < 254) return new long[] {b, p + 1};
        if (b == 255 || p + 5 > zm.length) throw new IllegalArgumentException("bad zipmap length at byte " + p);
        return new long[] {Ziplist.u32le(zm, p + 1), p + 5};
    }

    private static byte[] str(byte[] zm, int from, long len) {
        if (from + len > zm.length - 1) throw new IllegalArgumentException("zipmap entry past the end at byte " + from);
        byte[] v = new byte[(int) len];
        System.arraycopy(zm, from, v, 0, (int) len);
        return v;
    }
}
