package io.redisha.node.persistence.rdb;

import java.io.IOException;
import java.io.InputStream;

/**
 * Buffered reading of RDB primitives with the byte offset (for error messages) and the running
 * CRC-64 of everything consumed so far. A short read is always an {@link RdbException}.
 */
final class RdbInput {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos, limit;
    private int crcMark;      // buf[crcMark..pos) is consumed but not yet in crc
    private long base;        // file offset of buf[0]
    private long crc;

    RdbInput(InputStream in) {
        this.in = in;
    }

    long offset() {
        return base + pos;
    }

    /** CRC-64 of every byte consumed so far. */
    long crc() {
        crc = Crc64.update(crc, buf, crcMark, pos - crcMark);
        crcMark = pos;
        return crc;
    }

    private void fill() throws IOException {
        crc();
        base += pos;
        int keep = limit - pos;
        System.arraycopy(buf, pos, buf, 0, keep);
        pos = 0;
        crcMark = 0;
        limit = keep;
        int n = in.read(buf, limit, buf.length - limit);
        if (n > 0) limit += n;
    }

    /** Makes n bytes (n <= buffer size) available or fails at end of file. */
    private void need(int n) throws IOException {
        while (limit - pos < n) {
            int avail = limit - pos;
            fill();
            if (limit - pos == avail) throw eof();
        }
    }

    RdbException eof() {
        return new RdbException(base + limit, "unexpected end of file");
    }

    int u8() throws IOException {
        if (pos == limit) need(1);
        return buf[pos++] & 0xff;
    }

    /** Little-endian unsigned 32-bit. */
    long u32le() throws IOException {
        need(4);
        long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16 | (buf[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    long i64le() throws IOException {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (buf[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    long u32be() throws IOException {
        need(4);
        long v = (buf[pos] & 0xffL) << 24 | (buf[pos + 1] & 0xffL) << 16 | (buf[pos + 2] & 0xffL) << 8 | (buf[pos + 3] & 0xffL);
        pos += 4;
        return v;
    }

    long i64be() throws IOException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (buf[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    /** Reads n bytes; a huge length from a corrupt file fails at end of file before allocating it all. */
    byte[] bytes(int n) throws IOException {
        byte[] out = new byte[Math.min(n, 1 << 20)];
        int done = 0;
        while (done < n) {
            if (pos == limit) need(1);
            if (done == out.length) out = java.util.Arrays.copyOf(out, (int) Math.min(n, out.length * 2L));
            int k = Math.min(Math.min(n - done, limit - pos), out.length - done);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit) need(1);
            int k = (int) Math.min(n, limit - pos);
            pos += k;
            n -= k;
        }
    }
}
