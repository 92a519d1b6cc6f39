package io.redisha.common.config;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into arguments with the quoting rules Redis uses for config files and inline
 * commands: "double quotes" with backslash escapes (\n \r \t \b \a \\ \" \xHH), 'single quotes'
 * with only \' escaped, and a closing quote must be followed by a space or the end.
 */
public final class ArgSplitter {
    private ArgSplitter() {}

    /** Returns the arguments, or null when the quotes are unbalanced. */
    public static List<byte[]> split(byte[] line, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        int p = from;
        while (true) {
            while (p < to && isSpace(line[p])) p++;
            if (p >= to) return out;
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            boolean inDq = false, inSq = false, done = false;
            while (!done) {
                if (inDq) {
                    if (p >= to) return null;
                    byte c = line[p];
                    if (c == '\\' && p + 3 < to && line[p + 1] == 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        cur.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < to) {
                        p++;
                        byte e = line[p];
                        cur.write(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        if (p + 1 < to && !isSpace(line[p + 1])) return null;
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else if (inSq) {
                    if (p >= to) return null;
                    byte c = line[p];
                    if (c == '\\' && p + 1 < to && line[p + 1] == '\'') {
                        p++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < to && !isSpace(line[p + 1])) return null;
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else {
                    if (p >= to) {
                        done = true;
                        break;
                    }
                    byte c = line[p];
                    if (isSpace(c)) {
                        done = true;
                    } else if (c == '"') {
                        inDq = true;
                    } else if (c == '\'') {
                        inSq = true;
                    } else {
                        cur.write(c);
                    }
                }
                if (p < to) p++;
            }
            out.add(cur.toByteArray());
        }
    }

    public static List<String> split(String line) {
        byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<byte[]> parts = split(b, 0, b.length);
        if (parts == null) return null;
        List<String> out = new ArrayList<>(parts.size());
        for (byte[] p : parts) out.add(new String(p, java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0x0b;
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    }
}
