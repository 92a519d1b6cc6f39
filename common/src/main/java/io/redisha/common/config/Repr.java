package io.redisha.common.config;

import java.nio.charset.StandardCharsets;

/**
 * Strings written into config-style files (redis.conf, sentinel.conf, the AOF manifest) so that
 * {@link ArgSplitter} reads them back unchanged: double quotes and Redis's escapes, as its
 * sdscatrepr writes them.
 */
public final class Repr {
    private Repr() {}

    /** Always quoted. */
    public static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Quoted only when it would not read back as one plain word. */
    public static String word(String s) {
        boolean plain = !s.isEmpty();
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\';
        }
        return plain ? s : quoted(s);
    }
}
