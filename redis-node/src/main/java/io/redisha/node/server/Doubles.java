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
     * "-inf" allowed. Returns NaN when the text is not a valid number.
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
}
