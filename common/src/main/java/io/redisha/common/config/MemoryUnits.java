package io.redisha.common.config;

import java.util.Locale;

/** Redis's memory notation: 1k = 1000, 1kb = 1024, likewise m/mb and g/gb; case-insensitive. */
public final class MemoryUnits {
    private MemoryUnits() {}

    /** Parses a memory amount; throws NumberFormatException when it is not one. */
    public static long parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long mul = 1;
        String digits = v;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
                {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                digits = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        if (digits.isEmpty()) throw new NumberFormatException(value);
        long n = Long.parseLong(digits);
        return Math.multiplyExact(n, mul);
    }
}
