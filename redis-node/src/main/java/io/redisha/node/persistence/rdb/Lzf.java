package io.redisha.node.persistence.rdb;

/**
 * LZF, the compression Redis uses for RDB strings. Hand-written from the format description:
 * a stream of runs, each starting with a control byte.
 * <ul>
 *   <li>{@code 000LLLLL}: a literal run of L+1 bytes (1..32) follows.</li>
 *   <li>{@code LLLooooo oooooooo}: a back reference of L+2 bytes (L in 1..6) starting
 *       offset+1 bytes back in the output, offset a 13-bit number (high bits in the control
 *       byte).</li>
 *   <li>{@code 111ooooo LLLLLLLL oooooooo}: the same with length 7+L+2 (up to 264).</li>
 * </ul>
 * The compressor finds earlier occurrences of each 3-byte sequence with a hash table. One
 * instance keeps its table between calls (stale entries are harmless: a candidate is always
 * compared byte by byte), so it is not thread-safe.
 */
public final class Lzf {
    private static final int HASH_BITS = 14;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_MATCH = 7 + 255 + 2;

    private final int[] table = new int[1 << HASH_BITS]; // position + 1 of the last occurrence, 0 = none

    /**
     * Compresses {@code in[0..len)} into {@code out}; returns the compressed length, or 0 when
     * it would not fit in {@code outCap} bytes (the caller then stores the data raw).
     */
    public int compress(byte[] in, int len, byte[] out, int outCap) {
        int[] tab = table;
        int ip = 0, op = 1, lit = 0; // out[op - lit - 1] is the control byte of the open literal run
        if (outCap < 2) return 0;
        while (ip + 2 < len) {
            int seq = (in[ip] & 0xff) << 16 | (in[ip + 1] & 0xff) << 8 | (in[ip + 2] & 0xff);
            int h = (seq * 0x9E3779B1) >>> (32 - HASH_BITS);
            int ref = tab[h] - 1;
            tab[h] = ip + 1;
            int off = ip - ref - 1;
            if (ref >= 0 && ref < ip && off < MAX_OFFSET
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int max = Math.min(MAX_MATCH, len - ip);
                int m = 3;
                while (m < max && in[ref + m] == in[ip + m]) m++;
                if (lit > 0) out[op - lit - 1] = (byte) (lit - 1);
                else op--; // drop the unused control byte
                if (op + 3 > outCap) return 0;
                int l = m - 2;
                if (l < 7) {
                    out[op++] = (byte) (l << 5 | off >> 8);
                } else {
                    out[op++] = (byte) (7 << 5 | off >> 8);
                    out[op++] = (byte) (l - 7);
                }
                out[op++] = (byte) off;
                ip += m;
                // Index the last positions of the match too: improves the ratio on repetitive data.
                if (ip + 2 < len) {
                    for (int p = Math.max(ip - 2, 1); p < ip; p++) {
                        int s = (in[p] & 0xff) << 16 | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff);
                        tab[(s * 0x9E3779B1) >>> (32 - HASH_BITS)] = p + 1;
                    }
                }
                lit = 0;
                op++; // control byte of the next literal run
                continue;
            }
            if (op >= outCap) return 0;
            out[op++] = in[ip++];
            if (++lit == MAX_LITERAL) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        while (ip < len) {
            if (op >= outCap) return 0;
            out[op++] = in[ip++];
            if (++lit == MAX_LITERAL) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        if (lit > 0) out[op - lit - 1] = (byte) (lit - 1);
        else op--;
        return op;
    }

    /**
     * Decompresses {@code in[off..off+len)} into exactly {@code outLen} bytes; throws
     * IllegalArgumentException naming the input position when the data is malformed.
     */
    public static byte[] decompress(byte[] in, int off, int len, int outLen) {
        byte[] out = new byte[outLen];
        int ip = off, end = off + len, op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < MAX_LITERAL) {
                int n = ctrl + 1;
                if (ip + n > end) throw new IllegalArgumentException("literal run past the end of the input at byte " + (ip - off));
                if (op + n > outLen) throw new IllegalArgumentException("output longer than declared at byte " + (ip - off));
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
                continue;
            }
            int n = ctrl >> 5;
            if (n == 7) {
                if (ip >= end) throw new IllegalArgumentException("back reference past the end of the input");
                n += in[ip++] & 0xff;
            }
            n += 2;
            if (ip >= end) throw new IllegalArgumentException("back reference past the end of the input");
            int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
            if (ref < 0) throw new IllegalArgumentException("back reference before the start of the output at byte " + (ip - off));
            if (op + n > outLen) throw new IllegalArgumentException("output longer than declared at byte " + (ip - off));
            for (int i = 0; i < n; i++) out[op++] = out[ref++]; // may overlap: byte by byte on purpose
        }
        if (op != outLen) throw new IllegalArgumentException("output is " + op + " bytes, declared " + outLen);
        return out;
    }
}
