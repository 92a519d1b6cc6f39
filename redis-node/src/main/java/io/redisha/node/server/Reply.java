package io.redisha.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes RESP2/RESP3 replies straight into one pooled buffer per batch. Numbers are written as
 * ASCII digits without building strings; the buffer is handed to the channel when the batch
 * of commands is done.
 */
public final class Reply {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTS = new byte[1001][];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final ByteBufAllocator alloc;
    private ByteBuf buf;
    private int protocol = 2;

    public Reply(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    public int protocol() { return protocol; }
    public void protocol(int p) { protocol = p; }
    public boolean resp3() { return protocol == 3; }

    private ByteBuf out() {
        ByteBuf b = buf;
        if (b == null) {
            b = buf = alloc.ioBuffer(512);
        }
        return b;
    }

    /** Hands over what was written since the last call, or null when nothing was. */
    public ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        return b;
    }

    public boolean hasPending() {
        return buf != null && buf.isReadable();
    }

    public int pendingBytes() {
        return buf == null ? 0 : buf.readableBytes();
    }

    public void release() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }

    public void raw(byte[] bytes) { out().writeBytes(bytes); }

    public void ok() { out().writeBytes(OK); }
    public void queued() { out().writeBytes(QUEUED); }
    public void pong() { out().writeBytes(PONG); }

    public void simple(String s) {
        ByteBuf b = out();
        b.writeByte('+');
        b.writeCharSequence(s, StandardCharsets.UTF_8);
        b.writeBytes(CRLF);
    }

    /** An error; a message without an upper-case code word gets "ERR " in front, as Redis does. */
    public void error(String msg) {
        ByteBuf b = out();
        b.writeByte('-');
        if (!hasErrorCode(msg)) b.writeBytes(ERR_PREFIX);
        // Newlines inside an error would break the protocol; Redis replaces them with spaces.
        b.writeCharSequence(msg.indexOf('\n') >= 0 || msg.indexOf('\r') >= 0
                ? msg.replace('\r', ' ').replace('\n', ' ') : msg, StandardCharsets.UTF_8);
        b.writeBytes(CRLF);
    }

    /** An error given as raw bytes (it quotes client input); same rules as {@link #error(String)}. */
    public void error(byte[] msg) {
        ByteBuf b = out();
        b.writeByte('-');
        if (!hasErrorCode(new String(msg, 0, Math.min(msg.length, 32), StandardCharsets.ISO_8859_1))) {
            b.writeBytes(ERR_PREFIX);
        }
        for (byte x : msg) b.writeByte(x == '\r' || x == '\n' ? ' ' : x);
        b.writeBytes(CRLF);
    }

    private static final byte[] ERR_PREFIX = "ERR ".getBytes(StandardCharsets.US_ASCII);

    static boolean hasErrorCode(String msg) {
        int sp = msg.indexOf(' ');
        int end = sp < 0 ? msg.length() : sp;
        if (end == 0) return false;
        for (int i = 0; i < end; i++) {
            char c = msg.charAt(i);
            if (c < 'A' || c > 'Z') return false;
        }
        return true;
    }

    public void integer(long v) {
        if (v >= 0 && v < SMALL_INTS.length) {
            out().writeBytes(SMALL_INTS[(int) v]);
            return;
        }
        ByteBuf b = out();
        b.writeByte(':');
        writeLong(b, v);
        b.writeBytes(CRLF);
    }

    public void bool(boolean v) {
        if (protocol == 3) {
            out().writeBytes(v ? "#t\r\n".getBytes(StandardCharsets.US_ASCII) : "#f\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            integer(v ? 1 : 0);
        }
    }

    public void bulk(byte[] v) {
        if (v == null) {
            nullBulk();
            return;
        }
        bulk(v, 0, v.length);
    }

    public void bulk(byte[] v, int off, int len) {
        ByteBuf b = out();
        b.ensureWritable(len + 16);
        b.writeByte('$');
        writeLong(b, len);
        b.writeBytes(CRLF);
        b.writeBytes(v, off, len);
        b.writeBytes(CRLF);
    }

    public void bulk(String s) {
        if (s == null) {
            nullBulk();
            return;
        }
        bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A number sent as a bulk string (GET of an integer, INCRBYFLOAT results...). */
    public void bulkLong(long v) {
        ByteBuf b = out();
        int len = digits(v);
        b.writeByte('$');
        writeLong(b, len);
        b.writeBytes(CRLF);
        writeLong(b, v);
        b.writeBytes(CRLF);
    }

    /** Long text replies (INFO, CLIENT LIST): a verbatim string in RESP3, a bulk in RESP2. */
    public void verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (protocol == 3) {
            ByteBuf b = out();
            b.writeByte('=');
            writeLong(b, bytes.length + 4);
            b.writeBytes(CRLF);
            b.writeCharSequence("txt:", StandardCharsets.US_ASCII);
            b.writeBytes(bytes);
            b.writeBytes(CRLF);
        } else {
            bulk(bytes);
        }
    }

    /** HELP replies: an array of status lines. */
    public void lines(String... lines) {
        array(lines.length);
        for (String l : lines) simple(l);
    }

    public void nullBulk() { out().writeBytes(protocol == 3 ? NULL3 : NULL_BULK); }
    public void nullArray() { out().writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY); }
    public void emptyArray() { out().writeBytes(EMPTY_ARRAY); }

    public void array(int n) { header('*', n); }

    /** A map of n pairs: '%' in RESP3, a flat array of 2n in RESP2. */
    public void map(int pairs) {
        if (protocol == 3) header('%', pairs); else header('*', pairs * 2L);
    }

    public void set(int n) { header(protocol == 3 ? '~' : '*', n); }

    public void push(int n) { header(protocol == 3 ? '>' : '*', n); }

    public void dbl(double d) {
        if (protocol == 3) {
            ByteBuf b = out();
            b.writeByte(',');
            b.writeCharSequence(Doubles.resp3(d), StandardCharsets.US_ASCII);
            b.writeBytes(CRLF);
        } else {
            bulk(Doubles.g17(d));
        }
    }

    private void header(char type, long n) {
        ByteBuf b = out();
        b.writeByte(type);
        writeLong(b, n);
        b.writeBytes(CRLF);
    }

    static int digits(long v) {
        if (v == Long.MIN_VALUE) return 20;
        int n = 1;
        if (v < 0) {
            n++;
            v = -v;
        }
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    static void writeLong(ByteBuf b, long v) {
        if (v == Long.MIN_VALUE) {
            b.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (v < 0) {
            b.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            b.writeByte((int) ('0' + v));
            return;
        }
        int n = digits(v);
        int idx = b.writerIndex() + n;
        b.ensureWritable(n);
        for (int i = 1; i <= n; i++) {
            b.setByte(idx - i, (int) ('0' + v % 10));
            v /= 10;
        }
        b.writerIndex(idx);
    }
}
