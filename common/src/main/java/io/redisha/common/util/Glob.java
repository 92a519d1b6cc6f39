package io.redisha.common.util;

/**
 * Redis's glob matching (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET): {@code * ? [abc] [^a-z] \x},
 * on bytes, optionally ignoring ASCII case.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] str, boolean nocase) {
        return match(pattern, 0, str, 0, nocase, 0, new boolean[1]);
    }

    public static boolean matches(String pattern, String str) {
        return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                str.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
    }

    /** True when the pattern is a plain string, so a lookup can replace a scan. */
    public static boolean isLiteral(byte[] pattern) {
        for (byte b : pattern) {
            if (b == '*' || b == '?' || b == '[' || b == '\\') return false;
        }
        return true;
    }

    /**
     * {@code giveUp} is set when a '*' could not match the rest at any position: then no outer
     * '*' can succeed by consuming more either, which keeps "a*a*a*...b" linear, not exponential.
     */
    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth, boolean[] giveUp) {
        if (depth > 1000) return false;
        while (pi < p.length && si < s.length) {
            byte pc = p[pi];
            switch (pc) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') pi++;
                    if (pi + 1 == p.length) return true;
                    for (int k = si; k < s.length; k++) {
                        if (match(p, pi + 1, s, k, nocase, depth + 1, giveUp)) return true;
                        if (giveUp[0]) return false;
                    }
                    giveUp[0] = true;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) pi++;
                    boolean found = false;
                    while (true) {
                        if (pi >= p.length) {
                            pi--;
                            break;
                        }
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            if (eq(p[pi], s[si], nocase)) found = true;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff, end = p[pi + 2] & 0xff, c = s[si] & 0xff;
                            if (start > end) { int t = start; start = end; end = t; }
                            if (nocase) {
                                start = Character.toLowerCase(start);
                                end = Character.toLowerCase(end);
                                c = Character.toLowerCase(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) found = true;
                        } else if (eq(p[pi], s[si], nocase)) {
                            found = true;
                        }
                        pi++;
                    }
                    if (not) found = !found;
                    if (!found) return false;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) pi++;
                    if (!eq(p[pi], s[si], nocase)) return false;
                    si++;
                }
                default -> {
                    if (!eq(pc, s[si], nocase)) return false;
                    si++;
                }
            }
            pi++;
        }
        while (pi < p.length && p[pi] == '*') pi++;
        return pi == p.length && si == s.length;
    }

    private static boolean eq(byte a, byte b, boolean nocase) {
        if (a == b) return true;
        return nocase && Character.toLowerCase(a & 0xff) == Character.toLowerCase(b & 0xff);
    }
}
