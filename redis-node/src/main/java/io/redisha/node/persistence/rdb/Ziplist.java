package io.redisha.node.persistence.rdb;

/**
 * Decoder of ziplist blobs (Redis 2.6-6.2 small lists, hashes, zsets and quicklist nodes).
 * Layout: total bytes (u32 LE), tail offset (u32 LE), count (u16 LE, 65535 = unknown), entries,
 * 0xFF. An entry is the previous entry's length (1 byte, or 0xFE and a u32 LE), an encoding
 * byte, then the string or integer.
 */
final class Ziplist {
    private Ziplist() {}

    static void decode(byte[] zl, Elements out) {
        if (zl.length < 11) throw new IllegalArgumentException("ziplist of " + zl.length + " bytes is too short");
        long total = u32le(zl, 0);
        if (total != zl.length) throw new IllegalArgumentException("ziplist header says " + total + " bytes, blob has " + zl.length);
        int declared = (zl[8] & 0xff) | (zl[9] & 0xff) << 8;
        int p = 10, count = 0, prevLen = 0;
        while (true) {
            if (p >= zl.length) throw new IllegalArgumentException("ziplist without end marker");
            int start = p;
            int b = zl[p] & 0xff;
            if (b == 0xff) break;
            long prev;
            if (b < 254) {
                prev = b;
                p += 1;
            } else {
                check(zl, p, 5);
                prev = u32le(zl, p + 1);
                p += 5;
            }
            if (prev != prevLen) throw new IllegalArgumentException("ziplist previous-length mismatch at byte " + start);
            check(zl, p, 1);
            int e = zl[p] & 0xff;
            byte[] v;
            switch (e >> 6) {
                case 0 -> { // string, 6-bit length
                    v = str(zl, p + 1, e & 0x3f);
                    p += 1 + (e & 0x3f);
                }
                case 1 -> { // string, 14-bit big-endian length
                    check(zl, p, 2);
                    int len = (e & 0x3f) << 8 | (zl[p + 1] & 0xff);
                    v = str(zl, p + 2, len);
                    p += 2 + len;
                }
                case 2 -> { // string, 32-bit big-endian length
                    check(zl, p, 5);
                    long len = (zl[p + 1] & 0xffL) << 24 | (zl[p + 2] & 0xffL) << 16 | (zl[p + 3] & 0xffL) << 8 | (zl[p + 4] & 0xffL);
                    if (len > zl.length) throw new IllegalArgumentException("ziplist string of " + len + " bytes at byte " + p);
                    v = str(zl, p + 5, (int) len);
                    p += 5 + (int) len;
                }
                default -> { // integers
                    int size;
                    long n;
                    if (e == 0xc0) size = 2;
                    else if (e == 0xd0) size = 4;
                    else if (e == 0xe0) size = 8;
                    else if (e == 0xf0) size = 3;
                    else if (e == 0xfe) size = 1;
                    else if (e >= 0xf1 && e <= 0xfd) size = 0;
                    else throw new IllegalArgumentException("bad ziplist encoding byte " + e + " at byte " + p);
                    check(zl, p, 1 + size);
                    n = size == 0 ? (e & 0x0f) - 1 : intLe(zl, p + 1, size);
                    v = Listpack.num(n);
                    p += 1 + size;
                }
            }
            prevLen = p - start;
            out.add(v);
            count++;
        }
        if (p != zl.length - 1) throw new IllegalArgumentException("ziplist end marker at byte " + p + " of " + zl.length);
        if (declared != 65535 && declared != count) {
            throw new IllegalArgumentException("ziplist header says " + declared + " elements, found " + count);
        }
    }

    private static void check(byte[] zl, int p, int n) {
        if (p + n > zl.length - 1) throw new IllegalArgumentException("ziplist entry past the end at byte " + p);
    }

    private static byte[] str(byte[] zl, int from, int len) {
        check(zl, from, len);
        byte[] v = new byte[len];
        System.arraycopy(zl, from, v, 0, len);
        return v;
    }

    static long u32le(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    /** Signed little-endian integer of 1..8 bytes. */
    static long intLe(byte[] b, int p, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | (b[p + i] & 0xff);
        int unused = 64 - size * 8;
        return unused == 0 ? v : (v << unused) >> unused;
    }
}
