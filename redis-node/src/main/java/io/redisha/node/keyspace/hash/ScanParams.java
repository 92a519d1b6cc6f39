package io.redisha.node.keyspace.hash;

import io.redisha.common.util.Glob;
import io.redisha.node.command.Args;
import io.redisha.node.command.RedisError;
import io.redisha.node.server.Reply;
import java.util.List;

/**
 * Cursor and options of HSCAN/SSCAN (and ZSCAN): {@code cursor [MATCH pattern] [COUNT n]},
 * parsed with Redis's replies. The cursor is an unsigned 64-bit number held in a long.
 */
public final class ScanParams {
    private static final RedisError INVALID_CURSOR = new RedisError("ERR invalid cursor");

    public final long cursor;
    /** null when every element matches (no MATCH, or MATCH *). */
    public final byte[] pattern;
    public final long count;

    private ScanParams(long cursor, byte[] pattern, long count) {
        this.cursor = cursor;
        this.pattern = pattern;
        this.count = count;
    }

    /** Parses the cursor as C's strtoul does in Redis (sign allowed, negatives wrap). */
    public static long parseCursor(byte[] b) {
        int n = b.length;
        if (n == 0) return 0;
        int i = 0;
        boolean neg = false;
        if (b[0] == '+' || b[0] == '-') {
            neg = b[0] == '-';
            i = 1;
        }
        if (i == n) throw INVALID_CURSOR;
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw INVALID_CURSOR;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) throw INVALID_CURSOR;
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) throw INVALID_CURSOR;
            v = next;
        }
        return neg ? -v : v;
    }

    /** Parses the options that follow the cursor, starting at argument {@code from}. */
    public static ScanParams parse(byte[][] a, int from, long cursor) {
        long count = 10;
        byte[] pattern = null;
        for (int i = from; i < a.length; i += 2) {
            boolean hasValue = i + 1 < a.length;
            if (Args.is(a[i], "count") && hasValue) {
                count = Args.parseLong(a[i + 1]);
                if (count < 1) throw RedisError.SYNTAX;
            } else if (Args.is(a[i], "match") && hasValue) {
                byte[] p = a[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return new ScanParams(cursor, pattern, count);
    }

    public boolean matches(byte[] s) {
        return pattern == null || Glob.matches(pattern, s, false);
    }

    public static String cursorText(long cursor) {
        return Long.toUnsignedString(cursor);
    }

    /** Writes [cursor, [items...]]. */
    public static void reply(Reply r, long cursor, List<byte[]> items) {
        r.array(2);
        r.bulk(cursorText(cursor));
        r.array(items.size());
        for (byte[] b : items) r.bulk(b);
    }

    /** The reply to a scan of a missing key. */
    public static void replyEmpty(Reply r) {
        r.array(2);
        r.bulk("0");
        r.array(0);
    }
}
