package io.redisha.node.persistence.rdb;

/**
 * The CRC-64 Redis puts after an RDB file: the "Jones" polynomial 0xad93d23594c935a9, reflected
 * input and output, initial value 0, no final xor (check value of "123456789" is
 * 0xe9c6d914c4b8d9ca). Hand-written slicing-by-8: eight lookup tables let one step consume
 * eight bytes, which matters for multi-gigabyte snapshots.
 */
public final class Crc64 {
    /** The polynomial bit-reversed, as a reflected CRC shifts right. */
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[][] T = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            T[0][n] = c;
        }
        // T[k][n]: the effect of byte n followed by k zero bytes.
        for (int k = 1; k < 8; k++) {
            for (int n = 0; n < 256; n++) {
                long c = T[k - 1][n];
                T[k][n] = (c >>> 8) ^ T[0][(int) c & 0xff];
            }
        }
    }

    private Crc64() {}

    public static long update(long crc, byte[] b, int off, int len) {
        long[] t0 = T[0], t1 = T[1], t2 = T[2], t3 = T[3], t4 = T[4], t5 = T[5], t6 = T[6], t7 = T[7];
        int i = off, end = off + len;
        for (; i + 8 <= end; i += 8) {
            crc ^= (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
            crc = t7[(int) crc & 0xff] ^ t6[(int) (crc >>> 8) & 0xff] ^ t5[(int) (crc >>> 16) & 0xff]
                    ^ t4[(int) (crc >>> 24) & 0xff] ^ t3[(int) (crc >>> 32) & 0xff]
                    ^ t2[(int) (crc >>> 40) & 0xff] ^ t1[(int) (crc >>> 48) & 0xff] ^ t0[(int) (crc >>> 56)];
        }
        for (; i < end; i++) crc = (crc >>> 8) ^ t0[(int) (crc ^ b[i]) & 0xff];
        return crc;
    }

    public static long of(byte[] b) {
        return update(0, b, 0, b.length);
    }
}
