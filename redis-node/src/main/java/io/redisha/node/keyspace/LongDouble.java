package io.redisha.node.keyspace;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis's HINCRBYFLOAT (and INCRBYFLOAT) arithmetic is C {@code long double}: on x86-64 an
 * 80-bit float with a 64-bit mantissa, printed with "%.17Lf" and trailing zeros cut. A Java
 * double gives different text (0.1 + 0.2, 5000 + 0.1), so this emulates it exactly: every
 * value is kept as the exact decimal of a 64-bit-mantissa binary number.
 */
public final class LongDouble {
    private static final int MANTISSA_BITS = 64;
    private static final int MAX_EXPONENT = 16383;
    /** Below half the smallest subnormal, strtold underflows to zero. */
    private static final int MIN_EXPONENT = -16446;
    private static final int MAX_CHARS = 5 * 1024;

    /** Sentinels for the infinities, compared by identity. */
    public static final BigDecimal POSITIVE_INFINITY = new BigDecimal("1e100000");
    public static final BigDecimal NEGATIVE_INFINITY = new BigDecimal("-1e100000");

    private LongDouble() {}

    public static boolean isInfinite(BigDecimal v) {
        return v == POSITIVE_INFINITY || v == NEGATIVE_INFINITY;
    }

    /**
     * Parses like Redis's string2ld (strtold, whole string, no leading space, no NaN, no
     * overflow or underflow to zero). Returns null when the text is not a valid number.
     */
    public static BigDecimal parse(byte[] b) {
        int n = b.length;
        if (n == 0 || n >= MAX_CHARS) return null;
        String s = new String(b, StandardCharsets.US_ASCII);
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        boolean neg = s.startsWith("-");
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return neg ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        if (body.length() > 2 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'X')) {
            BigDecimal hex = parseHex(body.substring(2));
            if (hex == null) return null;
            if (hex.signum() == 0) return BigDecimal.ZERO;
            BigDecimal r = round(neg ? hex.negate() : hex);
            return r == null || r.signum() == 0 ? null : r;
        }
        boolean digit = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c >= '0' && c <= '9') digit = true;
            else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') return null;
        }
        if (!digit) return null;
        BigDecimal exact;
        try {
            exact = new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        if (exact.signum() == 0) return BigDecimal.ZERO;
        // Far outside long double's range (and cheap to tell): overflow or underflow.
        long magnitude = (long) exact.precision() - exact.scale();
        if (magnitude > 4934 || magnitude < -4952) return null;
        BigDecimal r = round(exact);
        // strtold reports overflow (HUGE_VAL) and underflow to zero as ERANGE: Redis rejects both.
        if (r == null || r.signum() == 0) return null;
        return r;
    }

    /** strtold's hexadecimal form: hex digits, an optional '.', an optional binary exponent "p[+-]n". */
    private static BigDecimal parseHex(String s) {
        int p = s.toLowerCase(java.util.Locale.ROOT).indexOf('p');
        String mant = p < 0 ? s : s.substring(0, p);
        int exp = 0;
        if (p >= 0) {
            String e = s.substring(p + 1);
            if (e.startsWith("+")) e = e.substring(1);
            if (e.isEmpty() || e.length() > 9 || !e.matches("-?[0-9]+")) return null;
            exp = Integer.parseInt(e);
        }
        int dot = mant.indexOf('.');
        String digits = dot < 0 ? mant : mant.substring(0, dot) + mant.substring(dot + 1);
        if (digits.isEmpty() || !digits.matches("[0-9a-fA-F]+")) return null;
        if (dot >= 0) exp -= 4 * (mant.length() - dot - 1);
        if (exp > 17000 || exp < -17000 - 4 * digits.length()) return null;
        BigInteger m = new BigInteger(digits, 16);
        if (exp >= 0) return new BigDecimal(m.shiftLeft(exp));
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-exp)), -exp);
    }

    /** Exact value of a long (every long fits the 64-bit mantissa). */
    public static BigDecimal of(long v) {
        return BigDecimal.valueOf(v);
    }

    /** a + b rounded to long double; null when the result is infinite or NaN. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        if (isInfinite(a) || isInfinite(b)) return null;
        BigDecimal sum = a.add(b);
        if (sum.signum() == 0) return BigDecimal.ZERO;
        return round(sum);
    }

    /** "%.17Lf" with trailing zeros (and a bare '.') removed, "-0" printed as "0". */
    public static String format(BigDecimal v) {
        if (v == POSITIVE_INFINITY) return "inf";
        if (v == NEGATIVE_INFINITY) return "-inf";
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    /**
     * Rounds an exact non-zero value to the nearest 64-bit-mantissa binary number (ties to
     * even), returned as its exact decimal; null on overflow. Subnormals are not modelled.
     */
    static BigDecimal round(BigDecimal x) {
        boolean neg = x.signum() < 0;
        BigInteger num = x.unscaledValue().abs();
        BigInteger den = BigInteger.ONE;
        int scale = x.scale();
        if (scale < 0) num = num.multiply(BigInteger.TEN.pow(-scale));
        else den = BigInteger.TEN.pow(scale);
        // e = floor(log2(num / den))
        int e = num.bitLength() - den.bitLength();
        if (compareScaled(num, den, e) < 0) e--;
        int shift = MANTISSA_BITS - 1 - e; // mantissa = num * 2^shift / den
        BigInteger n2 = shift >= 0 ? num.shiftLeft(shift) : num;
        BigInteger d2 = shift >= 0 ? den : den.shiftLeft(-shift);
        BigInteger[] qr = n2.divideAndRemainder(d2);
        BigInteger m = qr[0];
        int cmp = qr[1].shiftLeft(1).compareTo(d2);
        if (cmp > 0 || (cmp == 0 && m.testBit(0))) m = m.add(BigInteger.ONE);
        if (m.bitLength() > MANTISSA_BITS) {
            m = m.shiftRight(1);
            shift--;
            e++;
        }
        if (e > MAX_EXPONENT) return null;
        if (e < MIN_EXPONENT) return BigDecimal.ZERO;
        BigDecimal r = shift <= 0
                ? new BigDecimal(m.shiftLeft(-shift))
                : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(shift)), shift);
        return neg ? r.negate() : r;
    }

    /** Sign of num/den - 2^e. */
    private static int compareScaled(BigInteger num, BigInteger den, int e) {
        return e >= 0 ? num.compareTo(den.shiftLeft(e)) : num.shiftLeft(-e).compareTo(den);
    }
}
