package io.redisha.node.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;

/** Buffered writing of RDB primitives with a running CRC-64 of everything written. */
final class RdbOutput {
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private long crc;
    private int crcCovered; // buf[0..crcCovered) is already in crc
    private final boolean compression;
    private final Lzf lzf = new Lzf();
    private byte[] lzfOut = new byte[256];

    RdbOutput(OutputStream out, boolean compression) {
        this.out = out;
        this.compression = compression;
    }

    /** CRC-64 of every byte written so far. */
    long crc() {
        crc = Crc64.update(crc, buf, crcCovered, pos - crcCovered);
        crcCovered = pos;
        return crc;
    }

    void flush() throws IOException {
        crc();
        out.write(buf, 0, pos);
        pos = 0;
        crcCovered = 0;
    }

    void u8(int b) throws IOException {
        if (pos == buf.length) flush();
        buf[pos++] = (byte) b;
    }

    void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == buf.length) flush();
            int k = Math.min(len, buf.length - pos);
            System.arraycopy(b, off, buf, pos, k);
            pos += k;
            off += k;
            len -= k;
        }
    }

    void le(long v, int bytes) throws IOException {
        for (int i = 0; i < bytes; i++) u8((int) (v >>> (8 * i)));
    }

    /** Redis's length prefix: 6 bits, 14 bits, or a marker byte and 32/64 bits big-endian. */
    void len(long n) throws IOException {
        if (n < 1 << 6) {
            u8((int) n);
        } else if (n < 1 << 14) {
            u8((int) (n >> 8) | Rdb.LEN_14BIT << 6);
            u8((int) n);
        } else if (n <= 0xffffffffL) {
            u8(Rdb.LEN_32BIT);
            for (int s = 24; s >= 0; s -= 8) u8((int) (n >>> s));
        } else {
            u8(Rdb.LEN_64BIT);
            for (int s = 56; s >= 0; s -= 8) u8((int) (n >>> s));
        }
    }

    /**
     * A string as Redis saves it: canonical integers of up to 11 characters fitting 32 bits in
     * the int encodings, strings over 20 bytes LZF-compressed when enabled and when that saves
     * at least 4 bytes, else raw.
     */
    void string(byte[] s) throws IOException {
        int n = s.length;
        if (n <= 11 && n > 0) {
            long v = parseCanonical(s);
            if (v != NOT_INT) {
                if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    u8(Rdb.LEN_ENCVAL << 6 | Rdb.ENC_INT8);
                    le(v, 1);
                    return;
                }
                if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    u8(Rdb.LEN_ENCVAL << 6 | Rdb.ENC_INT16);
                    le(v, 2);
                    return;
                }
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    u8(Rdb.LEN_ENCVAL << 6 | Rdb.ENC_INT32);
                    le(v, 4);
                    return;
                }
            }
        }
        if (compression && n > 20) {
            // Redis gives the compressor len-4 bytes of room: compress only when that saves something.
            int cap = n - 4;
            if (lzfOut.length < cap) lzfOut = new byte[Math.max(cap, lzfOut.length * 2)];
            int c = lzf.compress(s, n, lzfOut, cap);
            if (c > 0) {
                u8(Rdb.LEN_ENCVAL << 6 | Rdb.ENC_LZF);
                len(c);
                len(n);
                write(lzfOut, 0, c);
                return;
            }
        }
        len(n);
        write(s, 0, n);
    }

    void string(String s) throws IOException {
        string(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final long NOT_INT = Long.MIN_VALUE;

    /** The value of a canonical decimal (no '+', no leading zeros, no "-0") of at most 11 chars. */
    private static long parseCanonical(byte[] s) {
        int i = 0, n = s.length;
        boolean neg = s[0] == '-';
        if (neg) {
            if (n == 1) return NOT_INT;
            i = 1;
        }
        if (s[i] == '0' && (n > i + 1 || neg)) return NOT_INT;
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) return NOT_INT;
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }
}
