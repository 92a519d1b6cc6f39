package io.redisha.node.persistence.aof;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the commands of an AOF (RESP arrays of bulk strings, with {@code #...} annotation lines
 * between them) and keeps the byte offset, so a failure can say where the file went wrong.
 */
final class AofCommandReader {
    /** The file ended inside a command: a write torn by a crash. */
    static final class Truncated extends IOException {
        Truncated() {
            super("unexpected end of file");
        }
    }

    /** Bytes that are not an AOF command: the file is corrupt at {@code offset}. */
    static final class BadFormat extends IOException {
        final long offset;

        BadFormat(long offset, String why) {
            super(why + " at offset " + offset);
            this.offset = offset;
        }
    }

    private static final int MAX_ARGS = 1 << 20;
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos, limit;
    private long base; // file offset of buf[0]

    AofCommandReader(InputStream in, long startOffset) {
        this.in = in;
        this.base = startOffset;
    }

    long offset() {
        return base + pos;
    }

    private int read() throws IOException {
        if (pos == limit) {
            base += limit;
            pos = 0;
            limit = 0;
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) return -1;
            limit = n;
        }
        return buf[pos++] & 0xff;
    }

    /** The next command, or null at a clean end of file (between commands). */
    byte[][] next() throws IOException {
        int c;
        while (true) {
            long at = offset();
            c = read();
            if (c < 0) return null;
            if (c != '#') {
                if (c != '*') throw new BadFormat(at, "expected '*', got '" + printable(c) + "'");
                break;
            }
            // An annotation (#TS:...) runs to the end of its line.
            while ((c = read()) != '\n') {
                if (c < 0) throw new Truncated();
            }
        }
        long at = offset();
        long argc = number(at);
        if (argc < 1 || argc > MAX_ARGS) throw new BadFormat(at, "bad number of arguments " + argc);
        byte[][] argv = new byte[(int) argc][];
        for (int i = 0; i < argc; i++) {
            long lat = offset();
            c = read();
            if (c < 0) throw new Truncated();
            if (c != '$') throw new BadFormat(lat, "expected '$', got '" + printable(c) + "'");
            long len = number(lat + 1);
            if (len < 0 || len > Integer.MAX_VALUE - 16) throw new BadFormat(lat, "bad bulk length " + len);
            byte[] a = new byte[(int) len];
            int got = 0;
            while (got < len) {
                if (pos == limit) {
                    if (read() < 0) throw new Truncated();
                    pos--;
                }
                int n = Math.min(limit - pos, (int) len - got);
                System.arraycopy(buf, pos, a, got, n);
                pos += n;
                got += n;
            }
            long end = offset();
            int cr = read();
            int lf = cr < 0 ? -1 : read();
            if (cr < 0 || lf < 0) throw new Truncated();
            if (cr != '\r' || lf != '\n') throw new BadFormat(end, "bulk string not followed by CRLF");
            argv[i] = a;
        }
        return argv;
    }

    /** A decimal number ending in CRLF. */
    private long number(long at) throws IOException {
        long v = 0;
        int digits = 0;
        boolean neg = false;
        while (true) {
            int c = read();
            if (c < 0) throw new Truncated();
            if (c == '\r') {
                int lf = read();
                if (lf < 0) throw new Truncated();
                if (lf != '\n' || digits == 0) throw new BadFormat(at, "bad number line");
                return neg ? -v : v;
            }
            if (c == '-' && digits == 0 && !neg) {
                neg = true;
                continue;
            }
            if (c < '0' || c > '9' || digits > 18) throw new BadFormat(at, "bad number line");
            v = v * 10 + (c - '0');
            digits++;
        }
    }

    private static String printable(int c) {
        return c >= ' ' && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c);
    }
}
