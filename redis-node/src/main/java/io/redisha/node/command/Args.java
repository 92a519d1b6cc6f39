package io.redisha.node.command;

import io.redisha.node.server.Doubles;
import java.nio.charset.StandardCharsets;

/** Argument parsing with Redis's error replies. No allocation for the common cases. */
public final class Args {
    private Args() {}

    /** Case-insensitive comparison of a raw argument with a lower-case ASCII word. */
    public static boolean is(byte[] arg, String lowerWord) {
        int n = lowerWord.length();
        if (arg.length != n) return false;
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') b += 32;
            if (b != lowerWord.charAt(i)) return false;
        }
        return true;
    }

    public static String str(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Redis's string2ll: optional '-', digits, no leading zeros or '+', fits in a long. */
    public static boolean isLong(byte[] b) {
        return parseLongOr(b, Long.MIN_VALUE, true) != Long.MIN_VALUE || isMinLong(b);
    }

    private static boolean isMinLong(byte[] b) {
        return b.length == 20 && str(b).equals("-9223372036854775808");
    }

    public static long parseLong(byte[] b) {
        long v = parseLongOr(b, Long.MIN_VALUE, true);
        if (v == Long.MIN_VALUE && !isMinLong(b)) throw RedisError.NOT_INTEGER;
        return v;
    }

    public static long parseLong(byte[] b, RedisError err) {
        long v = parseLongOr(b, Long.MIN_VALUE, true);
        if (v == Long.MIN_VALUE && !isMinLong(b)) throw err;
        return v;
    }

    public static int parseInt(byte[] b) {
        long v = parseLong(b);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw RedisError.NOT_INTEGER;
        return (int) v;
    }

    /** A count that must be positive (LPOP key count, SPOP count...). */
    public static long parsePositive(byte[] b) {
        long v = parseLongOr(b, Long.MIN_VALUE, true);
        if (v == Long.MIN_VALUE && !isMinLong(b)) throw RedisError.POSITIVE;
        if (v < 0) throw RedisError.POSITIVE;
        return v;
    }

    /** Returns {@code fail} when the text is not a canonical long. */
    public static long parseLongOr(byte[] b, long fail, boolean strict) {
        int n = b.length;
        if (n == 0 || n > 20) return fail;
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
            if (n == 1) return fail;
        }
        if (strict && b[i] == '0' && n > i + 1) return fail;
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return fail;
            if (v > (Long.MAX_VALUE - d) / 10) return fail;
            v = v * 10 + d;
        }
        if (neg) {
            if (v == 0 && strict && n > 1) return fail; // "-0" is not canonical
            return -v;
        }
        return v;
    }

    public static double parseDouble(byte[] b) {
        double d = Doubles.parseInRange(b);
        if (Double.isNaN(d)) throw RedisError.NOT_FLOAT;
        return d;
    }

    public static double parseDouble(byte[] b, RedisError err) {
        double d = Doubles.parseInRange(b);
        if (Double.isNaN(d)) throw err;
        return d;
    }

    /**
     * Timeout of blocking commands, seconds as a double, to an absolute deadline in ms (0 = none).
     * Redis 7.0 truncates the milliseconds toward zero (so -0.0005 means "no timeout"), and a value
     * too large for a long, infinity included, wraps negative there: "timeout is negative".
     */
    public static long blockingDeadline(byte[] b, long nowMs) {
        double secs = Doubles.parse(b);
        if (Double.isNaN(secs)) throw RedisError.TIMEOUT_NOT_FLOAT;
        double msd = secs * 1000;
        if (!(Math.abs(msd) < 0x1p63)) throw RedisError.TIMEOUT_NEGATIVE;
        long ms = (long) msd;
        if (ms < 0) throw RedisError.TIMEOUT_NEGATIVE;
        if (ms == 0) return 0;
        return ms > Long.MAX_VALUE - nowMs ? Long.MAX_VALUE : nowMs + ms;
    }

    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    /** The decimal digits of {@code v}, written straight into the array (INCR's hot path). */
    public static byte[] longBytes(long v) {
        if (v == Long.MIN_VALUE) return MIN_LONG.clone();
        long u = Math.abs(v);
        int len = v < 0 ? 2 : 1;
        for (long x = u; x >= 10; x /= 10) len++;
        byte[] out = new byte[len];
        int i = len;
        do {
            out[--i] = (byte) ('0' + u % 10);
            u /= 10;
        } while (u != 0);
        if (v < 0) out[0] = '-';
        return out;
    }
}
