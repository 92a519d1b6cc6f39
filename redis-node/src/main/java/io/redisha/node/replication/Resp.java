package io.redisha.node.replication;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** The RESP the replication stream is made of: commands as arrays of bulk strings. */
final class Resp {
    private Resp() {}

    static byte[] command(byte[][] argv) {
        int len = 1 + digits(argv.length) + 2;
        for (byte[] a : argv) len += 1 + digits(a.length) + 2 + a.length + 2;
        byte[] out = new byte[len];
        int p = 0;
        out[p++] = '*';
        p = putNum(out, p, argv.length);
        for (byte[] a : argv) {
            out[p++] = '$';
            p = putNum(out, p, a.length);
            System.arraycopy(a, 0, out, p, a.length);
            p += a.length;
            out[p++] = '\r';
            out[p++] = '\n';
        }
        return out;
    }

    static byte[] command(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return command(argv);
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    private static int putNum(byte[] out, int p, int n) {
        byte[] d = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, out, p, d.length);
        p += d.length;
        out[p++] = '\r';
        out[p++] = '\n';
        return p;
    }

    /** Index of the '\r' of the next "\r\n" from {@code from}, or -1. */
    static int lineEnd(ByteBuf in, int from) {
        int end = in.writerIndex();
        for (int i = from; i + 1 < end; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n') return i;
        }
        return -1;
    }

    /**
     * Reads one command from the stream; null (and nothing consumed) until all of it arrived.
     * A bare newline (a keep-alive) is consumed and returned as an empty command. Throws on
     * anything that is not a command.
     */
    static byte[][] next(ByteBuf in) {
        int p = in.readerIndex();
        if (p >= in.writerIndex()) return null;
        byte first = in.getByte(p);
        if (first == '\n') {
            in.readerIndex(p + 1);
            return new byte[0][];
        }
        if (first != '*') {
            // An inline command (a master never sends one, but be lenient).
            int eol = lineEnd(in, p);
            if (eol < 0) return null;
            String line = in.toString(p, eol - p, StandardCharsets.UTF_8).trim();
            in.readerIndex(eol + 2);
            if (line.isEmpty()) return new byte[0][];
            String[] words = line.split("\\s+");
            byte[][] argv = new byte[words.length][];
            for (int i = 0; i < words.length; i++) argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
            return argv;
        }
        int eol = lineEnd(in, p);
        if (eol < 0) return null;
        int n = (int) number(in, p + 1, eol);
        p = eol + 2;
        byte[][] argv = new byte[Math.max(0, n)][];
        for (int i = 0; i < n; i++) {
            if (p >= in.writerIndex()) return null;
            if (in.getByte(p) != '$') throw new IllegalStateException("expected '$' in the replication stream");
            eol = lineEnd(in, p);
            if (eol < 0) return null;
            int len = (int) number(in, p + 1, eol);
            p = eol + 2;
            if (in.writerIndex() - p < len + 2) return null;
            byte[] a = new byte[len];
            in.getBytes(p, a);
            argv[i] = a;
            p += len + 2;
        }
        in.readerIndex(p);
        return argv;
    }

    static long number(ByteBuf in, int from, int to) {
        String s = in.toString(from, to - from, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("bad number '" + s + "' in the replication stream");
        }
    }
}
