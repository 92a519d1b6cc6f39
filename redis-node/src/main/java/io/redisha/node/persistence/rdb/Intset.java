package io.redisha.node.persistence.rdb;

/** Decoder of intset blobs: element width (u32 LE: 2, 4 or 8), count (u32 LE), sorted LE integers. */
final class Intset {
    private Intset() {}

    static long[] decode(byte[] is) {
        if (is.length < 8) throw new IllegalArgumentException("intset of " + is.length + " bytes is too short");
        long width = Ziplist.u32le(is, 0);
        long count = Ziplist.u32le(is, 4);
        if (width != 2 && width != 4 && width != 8) throw new IllegalArgumentException("bad intset width " + width);
        if (8 + width * count != is.length) {
            throw new IllegalArgumentException("intset of " + count + " x " + width + " bytes in a blob of " + is.length);
        }
        long[] out = new long[(int) count];
        for (int i = 0; i < count; i++) {
            out[i] = Ziplist.intLe(is, 8 + i * (int) width, (int) width);
            if (i > 0 && out[i] <= out[i - 1]) throw new IllegalArgumentException("intset not sorted at element " + i);
        }
        return out;
    }
}
