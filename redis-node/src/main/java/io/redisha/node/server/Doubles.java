package io.redisha.node.server;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Double formatting as Redis prints it: C's "%.17g" for scores, shortest form for INCRBYFLOAT. */
public final class Doubles {
    private static final MathContext SIG17 = new MathContext(17, RoundingMode.HALF_EVEN);

    private Doubles() {}

    /** C's printf("%.17g"): 17 significant digits, trailing zeros dropped, exponent form when large. */
    public static String g17(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        BigDecimal bd = new BigDecimal(d).round(SIG17);
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 17) {
            BigDecimal mant = bd.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            String e = String.format("%s%02d", exp < 0 ? "-" : "+", Math.abs(exp));
            return m + "e" + e;
        }
        String s = bd.stripTrailingZeros().toPlainString();
        return s;
    }

    /** Shortest text that reads back as the same double, Redis-style for INCRBYFLOAT results. */
    public static String human(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == Math.rint(d) && Math.abs(d) < 1e17) return Long.toString((long) d);
        String s = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return s;
    }

    public static String resp3(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return g17(d);
    }

    /**
     * Parses a double the way Redis accepts it (strtod, no spaces, no NaN); "inf", "+inf",
     * "-inf" and C99 hex floats ("0x10", "0x1.8p3") allowed. Returns NaN when the text is not a
     * valid number.
     */
    public static double parse(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 5120) return Double.NaN;
        if (b[0] == ' ' || b[n - 1] == ' ' || b[0] == '\t') return Double.NaN;
        String s = new String(b, java.nio.charset.StandardCharsets.US_ASCII);
        String l = s.toLowerCase(java.util.Locale.ROOT);
        switch (l) {
            case "inf", "+inf", "infinity", "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        int sign = (l.startsWith("-") || l.startsWith("+")) ? 1 : 0;
        if (l.startsWith("0x", sign)) return parseHex(l, sign);
        for (int i = 0; i < n; i++) {
            char c = (char) b[i];
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Java wants the binary exponent that C makes optional. */
    private static double parseHex(String l, int sign) {
        boolean digit = false;
        int i = sign + 2;
        for (; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == 'p') break;
            if (Character.digit(c, 16) >= 0) digit = true;
            else if (c != '.') return Double.NaN;
        }
        if (!digit) return Double.NaN;
        try {
            return Double.parseDouble(i == l.length() ? l + "p0" : l);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * As {@link #parse}, but also refusing what strtod reports as out of range (a finite text
     * overflowing to infinity or a non-zero one underflowing to zero), as Redis's
     * getDoubleFromObject does for scores and weights.
     */
    public static double parseInRange(byte[] b) {
        double d = parse(b);
        if (Double.isInfinite(d)) {
            int i = b[0] == '-' || b[0] == '+' ? 1 : 0;
            return b[i] == 'i' || b[i] == 'I' ? d : Double.NaN;
        }
        if (d == 0) {
            int i = b[0] == '-' || b[0] == '+' ? 1 : 0;
            boolean hex = b.length > i + 1 && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X');
            for (i += hex ? 2 : 0; i < b.length; i++) {
                int c = b[i] | 0x20;
                if (c == (hex ? 'p' : 'e')) break;
                if (c != '0' && c != '.') return Double.NaN;
            }
        }
        return d;
    }
}
