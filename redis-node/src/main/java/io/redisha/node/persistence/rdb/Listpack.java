package io.redisha.node.persistence.rdb;

import java.nio.charset.StandardCharsets;

/**
 * Decoder of listpack blobs (Redis 7 small hashes, zsets, list nodes, 7.2 sets). Layout:
 * total bytes (u32 LE), element count (u16 LE, 65535 = unknown), entries, 0xFF. Each entry is
 * an encoding byte with its data, then "backlen": the entry's length written backwards in
 * 7-bit groups so the list can be walked from the tail.
 */
final class Listpack {
    private Listpack() {}

    /** Appends every element of the listpack to {@code out}; integers become their decimal text. */
    static void decode(byte[] lp, Elements out) {
        if (lp.length < 7) throw new IllegalArgumentException("listpack of " + lp.length + " bytes is too short");
        long total = Ziplist.u32le(lp, 0);
        if (total != lp.length) throw new IllegalArgumentException("listpack header says " + total + " bytes, blob has " + lp.length);
        int declared = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
        int p = 6, count = 0;
        while (true) {
            if (p >= lp.length) throw new IllegalArgumentException("listpack without end marker");
            int b = lp[p] & 0xff;
            if (b == 0xff) break;
            int start = p;
            byte[] v;
            if ((b & 0x80) == 0) { // 7-bit unsigned int
                v = num(b);
                p += 1;
            } else if ((b & 0xc0) == 0x80) { // 6-bit length string
                int len = b & 0x3f;
                v = str(lp, p + 1, len);
                p += 1 + len;
            } else if ((b & 0xe0) == 0xc0) { // 13-bit signed int
                check(lp, p, 2);
                int u = (b & 0x1f) << 8 | (lp[p + 1] & 0xff);
                v = num(u >= 1 << 12 ? u - (1 << 13) : u);
                p += 2;
            } else if ((b & 0xf0) == 0xe0) { // 12-bit length string
                check(lp, p, 2);
                int len = (b & 0x0f) << 8 | (lp[p + 1] & 0xff);
                v = str(lp, p + 2, len);
                p += 2 + len;
            } else if (b == 0xf0) { // 32-bit length string
                check(lp, p, 5);
                long len = Ziplist.u32le(lp, p + 1);
                if (len > lp.length) throw new IllegalArgumentException("listpack string of " + len + " bytes at byte " + p);
                v = str(lp, p + 5, (int) len);
                p += 5 + (int) len;
            } else if (b >= 0xf1 && b <= 0xf4) { // 16/24/32/64-bit int
                int size = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
                check(lp, p, 1 + size);
                v = num(Ziplist.intLe(lp, p + 1, size));
                p += 1 + size;
            } else {
                throw new IllegalArgumentException("bad listpack encoding byte " + b + " at byte " + p);
            }
            int entryLen = p - start;
            int backlen = entryLen < 128 ? 1 : entryLen < 16384 ? 2 : entryLen < 2097152 ? 3 : entryLen < 268435456 ? 4 : 5;
            check(lp, p, backlen);
            if (readBacklen(lp, p + backlen - 1) != entryLen) {
                throw new IllegalArgumentException("listpack entry length mismatch at byte " + start);
            }
            p += backlen;
            out.add(v);
            count++;
        }
        if (p != lp.length - 1) throw new IllegalArgumentException("listpack end marker at byte " + p + " of " + lp.length);
        if (declared != 65535 && declared != count) {
            throw new IllegalArgumentException("listpack header says " + declared + " elements, found " + count);
        }
    }

    /** Reads a backlen ending at {@code last}, walking left while the continuation bit is set. */
    private static long readBacklen(byte[] lp, int last) {
        long v = 0;
        int shift = 0;
        for (int p = last; ; p--) {
            v |= (long) (lp[p] & 0x7f) << shift;
            if ((lp[p] & 0x80) == 0 || shift >= 28) return v;
            shift += 7;
        }
    }

    private static void check(byte[] lp, int p, int n) {
        if (p + n > lp.length - 1) throw new IllegalArgumentException("listpack entry past the end at byte " + p);
    }

    private static byte[] str(byte[] lp, int from, int len) {
        check(lp, from, len);
        byte[] v = new byte[len];
        System.arraycopy(lp, from, v, 0, len);
        return v;
    }

    static byte[] num(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
