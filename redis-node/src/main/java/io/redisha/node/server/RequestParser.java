package io.redisha.node.server;

import io.netty.buffer.ByteBuf;
import io.redisha.common.config.ArgSplitter;
import java.util.List;

/**
 * Incremental RESP request parser with Redis's limits. It keeps its place between reads, so a
 * half-received command is never parsed twice, and it allocates a bulk only once all its bytes
 * have arrived: a declared length costs nothing until the data is sent.
 *
 * <p>netty-codec-redis's decoder is not used here: its aggregator trusts the declared array
 * length and allocates message objects per element, which the hot path cannot afford.
 */
final class RequestParser {
    static final int MAX_INLINE = 64 * 1024;
    private static final int UNAUTH_MAX_ARGS = 10;
    private static final int UNAUTH_MAX_BULK = 16384;
    private static final byte[][] EMPTY = new byte[0][];

    private long protoMaxBulkLen;
    private int multibulkLen;       // arguments still to read of the current command, 0 = new command
    private long bulkLen = -1;      // length of the bulk being read, -1 = read its header first
    private byte[][] argv = EMPTY;
    private int argc;
    private String error;

    RequestParser(long protoMaxBulkLen) {
        this.protoMaxBulkLen = protoMaxBulkLen;
    }

    void protoMaxBulkLen(long v) {
        protoMaxBulkLen = v;
    }

    /** The protocol error met, without "ERR Protocol error: " in front. */
    String error() {
        return error;
    }

    /** True while a command is only partly read (query buffer accounting). */
    boolean midCommand() {
        return multibulkLen > 0;
    }

    /**
     * Parses every complete command in {@code in} into {@code out}. Returns false on a protocol
     * error; the caller replies {@link #error()} and closes the connection.
     */
    boolean parse(ByteBuf in, List<byte[][]> out, boolean authRequired) {
        while (in.isReadable()) {
            // Redis parses the next command only after running the previous one, so an AUTH
            // lifts the unauthenticated limits for what follows it: hand each one over alone.
            if (authRequired && !out.isEmpty()) return true;
            if (multibulkLen == 0) {
                byte first = in.getByte(in.readerIndex());
                if (first != '*') {
                    int r = parseInline(in, out);
                    if (r < 0) return false;
                    if (r == 0) return true;
                    continue;
                }
                int eol = lineEnd(in, (byte) '\r');
                if (eol < 0) {
                    if (in.readableBytes() > MAX_INLINE) return fail("too big mbulk count string");
                    return true;
                }
                if (eol + 1 >= in.writerIndex()) return true; // wait for '\n'
                long n = parseNumber(in, in.readerIndex() + 1, eol);
                if (n == Long.MIN_VALUE || n > Integer.MAX_VALUE) return fail("invalid multibulk length");
                if (n > UNAUTH_MAX_ARGS && authRequired) return fail("unauthenticated multibulk length");
                in.readerIndex(eol + 2);
                if (n <= 0) continue;
                multibulkLen = (int) n;
                // Never trust the declared count for the allocation: grow as arguments arrive.
                argv = new byte[(int) Math.min(n, 1024)][];
                argc = 0;
                bulkLen = -1;
            }
            while (multibulkLen > 0) {
                if (bulkLen == -1) {
                    if (!in.isReadable()) return true;
                    int eol = lineEnd(in, (byte) '\r');
                    if (eol < 0) {
                        if (in.readableBytes() > MAX_INLINE) return fail("too big bulk count string");
                        return true;
                    }
                    if (eol + 1 >= in.writerIndex()) return true;
                    byte b = in.getByte(in.readerIndex());
                    if (b != '$') {
                        // The byte goes out as is (the error is written as Latin-1), but a CR or
                        // LF would break the reply line: Redis turns those into spaces.
                        char got = b == '\r' || b == '\n' ? ' ' : (char) (b & 0xff);
                        return fail("expected '$', got '" + got + "'");
                    }
                    long n = parseNumber(in, in.readerIndex() + 1, eol);
                    if (n == Long.MIN_VALUE || n < 0 || n > protoMaxBulkLen) return fail("invalid bulk length");
                    if (n > UNAUTH_MAX_BULK && authRequired) return fail("unauthenticated bulk length");
                    in.readerIndex(eol + 2);
                    bulkLen = n;
                }
                if (in.readableBytes() < bulkLen + 2) return true;
                byte[] arg = new byte[(int) bulkLen];
                in.readBytes(arg);
                in.skipBytes(2);
                if (argc == argv.length) argv = java.util.Arrays.copyOf(argv, Math.min(argv.length * 2, argc + multibulkLen));
                argv[argc++] = arg;
                bulkLen = -1;
                multibulkLen--;
            }
            out.add(argc == argv.length ? argv : java.util.Arrays.copyOf(argv, argc));
            argv = EMPTY;
            argc = 0;
        }
        return true;
    }

    /** Returns 1 when a line was consumed, 0 when more bytes are needed, -1 on error. */
    private int parseInline(ByteBuf in, List<byte[][]> out) {
        int start = in.readerIndex();
        int nl = lineEnd(in, (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > MAX_INLINE) {
                fail("too big inline request");
                return -1;
            }
            return 0;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') end--;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        List<byte[]> args = ArgSplitter.split(line, 0, line.length);
        if (args == null) {
            fail("unbalanced quotes in request");
            return -1;
        }
        if (!args.isEmpty()) out.add(args.toArray(new byte[0][]));
        return 1;
    }

    /**
     * Index of {@code eol} from the reader index, or -1. Redis looks for line ends with strchr
     * on its NUL-terminated query buffer, so a NUL byte before the line end hides it: the line
     * then counts as incomplete until the size limit ends it.
     */
    private static int lineEnd(ByteBuf in, byte eol) {
        int i = in.forEachByte(in.readerIndex(), in.readableBytes(), b -> b != eol && b != 0);
        return i < 0 || in.getByte(i) == 0 ? -1 : i;
    }

    private boolean fail(String msg) {
        error = msg;
        return false;
    }

    /**
     * Redis's string2ll over [from, to); Long.MIN_VALUE when not a valid number. Like it, this
     * refuses leading zeros and "-0": "*01" is a protocol error, not one argument.
     */
    private static long parseNumber(ByteBuf in, int from, int to) {
        if (from >= to || to - from > 20) return Long.MIN_VALUE;
        if (to - from == 1 && in.getByte(from) == '0') return 0;
        boolean neg = false;
        int i = from;
        if (in.getByte(i) == '-') {
            neg = true;
            i++;
            if (i == to) return Long.MIN_VALUE;
        }
        if (in.getByte(i) < '1' || in.getByte(i) > '9') return Long.MIN_VALUE;
        long v = 0;
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) return Long.MIN_VALUE;
            if (v > (Long.MAX_VALUE - d) / 10) return Long.MIN_VALUE;
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }
}
