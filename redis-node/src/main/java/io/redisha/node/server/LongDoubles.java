package io.redisha.node.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * INCRBYFLOAT / HINCRBYFLOAT arithmetic as Redis does it on x86-64: C's {@code long double}
 * (64-bit significand), parsed like strtold and printed like "%.17Lf" with trailing zeros
 * removed. Doubles would print "0.30000000000000004" where Redis prints "0.3". Values are kept
 * as exact BigDecimals rounded to the long double grid; this is not a hot path.
 */
public final class LongDoubles {
    private static final double LOG2_10 = Math.log(10) / Math.log(2);
    private static final int MAX_EXP = 16383;
    private static final int MIN_EXP = -16445; // smallest subnormal
    private static final int MAX_CHARS = 5 * 1024;
    /** Marks a value that is not finite (inf parses; the sum is then refused). */
    public static final BigDecimal INFINITE = null;

    private LongDoubles() {}

    /** Result of parsing: ok false = "not a valid float"; value null = infinite. */
    public record Parsed(boolean ok, BigDecimal value) {}

    private static final Parsed INVALID = new Parsed(false, null);

    /** strtold with Redis's checks: no leading space, no trailing bytes, no NaN, no overflow. */
    public static Parsed parse(byte[] b) {
        if (b.length == 0 || b.length > MAX_CHARS) return INVALID;
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i).toLowerCase(java.util.Locale.ROOT);
        if (body.equals("inf") || body.equals("infinity")) return new Parsed(true, INFINITE);
        if (body.startsWith("nan")) return INVALID;
        BigDecimal exact;
        if (body.startsWith("0x")) {
            exact = hex(body.substring(2));
        } else {
            exact = decimal(body);
        }
        if (exact == null) return INVALID;
        BigDecimal r = round(neg ? exact.negate() : exact);
        if (r == INFINITE) return INVALID; // ERANGE overflow
        if (r.signum() == 0 && exact.signum() != 0) return INVALID; // ERANGE underflow to zero
        return new Parsed(true, r);
    }

    private static BigDecimal decimal(String s) {
        int n = s.length();
        int i = 0;
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return null;
        if (i < n && s.charAt(i) == 'e') {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) j++;
            int start = j;
            while (j < n && Character.isDigit(s.charAt(j))) j++;
            if (j == start) return null; // strtold would stop before the 'e': trailing bytes
            i = j;
        }
        if (i != n) return null;
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static BigDecimal hex(String s) {
        int p = s.indexOf('p');
        String mant = p < 0 ? s : s.substring(0, p);
        int dot = mant.indexOf('.');
        String digits = dot < 0 ? mant : mant.substring(0, dot) + mant.substring(dot + 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) return null;
        long exp = 0;
        if (p >= 0) {
            String e = s.substring(p + 1);
            if (!e.matches("[+-]?[0-9]{1,9}")) return null;
            exp = Long.parseLong(e);
        }
        if (dot >= 0) exp -= 4L * (mant.length() - dot - 1);
        if (exp > 20000 || exp < -20000) return null;
        return times2(new BigDecimal(new BigInteger(digits, 16)), (int) exp);
    }

    /** The nearest long double (ties to even), or INFINITE past its range. */
    public static BigDecimal round(BigDecimal x) {
        if (x == INFINITE || x.signum() == 0) return x == INFINITE ? INFINITE : BigDecimal.ZERO;
        BigDecimal a = x.abs();
        long e = (long) Math.floor((a.unscaledValue().bitLength() - 1) - a.scale() * LOG2_10);
        if (e > MAX_EXP + 8) return INFINITE;
        if (e < MIN_EXP - 8) return BigDecimal.ZERO;
        while (a.compareTo(times2(BigDecimal.ONE, (int) e)) < 0) e--;
        while (a.compareTo(times2(BigDecimal.ONE, (int) e + 1)) >= 0) e++;
        if (e > MAX_EXP) return INFINITE;
        // Subnormals keep fewer bits: the last one is worth 2^MIN_EXP.
        int shift = (int) Math.min(63 - e, -MIN_EXP);
        BigInteger m = times2(a, shift).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        if (m.bitLength() > 64 && e + 1 > MAX_EXP) return INFINITE; // rounded up past the top
        BigDecimal r = times2(new BigDecimal(m), -shift);
        return x.signum() < 0 ? r.negate() : r;
    }

    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        if (a == INFINITE || b == INFINITE) return INFINITE;
        return round(a.add(b));
    }

    /** "%.17Lf" without trailing zeros, "-0" as "0": Redis's human-friendly long double. */
    public static String human(BigDecimal v) {
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            if (s.charAt(end - 1) == '.') end--;
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }

    private static BigDecimal times2(BigDecimal a, int k) {
        if (k >= 0) return a.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k)));
        return a.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-k))).scaleByPowerOfTen(k);
    }
}
