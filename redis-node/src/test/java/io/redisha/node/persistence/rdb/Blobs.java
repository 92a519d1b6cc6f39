package io.redisha.node.persistence.rdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Test-side encoders of the compact formats (ziplist, zipmap, listpack) and a raw RDB builder,
 * to produce files in encodings Redis 7.0 no longer writes. Real redis-server loads them too,
 * which checks these encoders against the reference.
 */
final class Blobs {
    private Blobs() {}

    static byte[] ziplist(String... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prev = 0, tail = 10;
        for (String e : entries) {
            ByteArrayOutputStream en = new ByteArrayOutputStream();
            if (prev < 254) {
                en.write(prev);
            } else {
                en.write(254);
                le(en, prev, 4);
            }
            byte[] s = e.getBytes(StandardCharsets.ISO_8859_1);
            Long v = s.length <= 20 && canonical(e) ? Long.parseLong(e) : null;
            if (v != null && v >= 0 && v <= 12) {
                en.write(0xf1 + v.intValue());
            } else if (v != null && v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                en.write(0xfe);
                le(en, v, 1);
            } else if (v != null && v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                en.write(0xc0);
                le(en, v, 2);
            } else if (v != null && v >= -(1 << 23) && v < (1 << 23)) {
                en.write(0xf0);
                le(en, v, 3);
            } else if (v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                en.write(0xd0);
                le(en, v, 4);
            } else if (v != null) {
                en.write(0xe0);
                le(en, v, 8);
            } else if (s.length < 64) {
                en.write(s.length);
                en.writeBytes(s);
            } else if (s.length < 16384) {
                en.write(0x40 | s.length >> 8);
                en.write(s.length & 0xff);
                en.writeBytes(s);
            } else {
                en.write(0x80);
                for (int sh = 24; sh >= 0; sh -= 8) en.write(s.length >>> sh);
                en.writeBytes(s);
            }
            byte[] b = en.toByteArray();
            tail = 10 + body.size();
            body.writeBytes(b);
            prev = b.length;
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        le(zl, 10 + body.size() + 1, 4);
        le(zl, tail, 4);
        le(zl, Math.min(entries.length, 65535), 2);
        zl.writeBytes(body.toByteArray());
        zl.write(0xff);
        return zl.toByteArray();
    }

    static byte[] zipmap(String... pairs) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(Math.min(pairs.length / 2, 254));
        for (int i = 0; i < pairs.length; i += 2) {
            zmLen(zm, pairs[i].length());
            zm.writeBytes(pairs[i].getBytes(StandardCharsets.ISO_8859_1));
            zmLen(zm, pairs[i + 1].length());
            zm.write(2); // two bytes of free space after the value, skipped by readers
            zm.writeBytes(pairs[i + 1].getBytes(StandardCharsets.ISO_8859_1));
            zm.write('?');
            zm.write('?');
        }
        zm.write(0xff);
        return zm.toByteArray();
    }

    private static void zmLen(ByteArrayOutputStream zm, int n) {
        if (n < 254) {
            zm.write(n);
        } else {
            zm.write(254);
            le(zm, n, 4);
        }
    }

    /** A listpack holding strings only (6-bit, 12-bit or 32-bit length encodings) and small ints. */
    static byte[] listpack(String... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String e : entries) {
            ByteArrayOutputStream en = new ByteArrayOutputStream();
            byte[] s = e.getBytes(StandardCharsets.ISO_8859_1);
            if (canonical(e) && s.length <= 18 && Long.parseLong(e) >= 0 && Long.parseLong(e) < 128) {
                en.write(Integer.parseInt(e));
            } else if (canonical(e) && s.length <= 18) {
                en.write(0xf4);
                le(en, Long.parseLong(e), 8);
            } else if (s.length < 64) {
                en.write(0x80 | s.length);
                en.writeBytes(s);
            } else if (s.length < 4096) {
                en.write(0xe0 | s.length >> 8);
                en.write(s.length & 0xff);
                en.writeBytes(s);
            } else {
                en.write(0xf0);
                le(en, s.length, 4);
                en.writeBytes(s);
            }
            int l = en.size();
            body.writeBytes(en.toByteArray());
            if (l < 128) {
                body.write(l);
            } else if (l < 16384) {
                body.write(l >> 7);
                body.write((l & 127) | 128);
            } else {
                body.write(l >> 14);
                body.write(((l >> 7) & 127) | 128);
                body.write((l & 127) | 128);
            }
        }
        ByteArrayOutputStream lp = new ByteArrayOutputStream();
        le(lp, 6 + body.size() + 1, 4);
        le(lp, Math.min(entries.length, 65535), 2);
        lp.writeBytes(body.toByteArray());
        lp.write(0xff);
        return lp.toByteArray();
    }

    /** Canonical decimal of a long, as Redis's string2ll accepts. */
    static boolean canonical(String s) {
        try {
            return Long.toString(Long.parseLong(s)).equals(s);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void le(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) o.write((int) (v >>> (8 * i)));
    }

    /** Builds an RDB file byte by byte with the writer's primitives (strings stay uncompressed). */
    static final class Raw {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final RdbOutput out = new RdbOutput(bytes, false);

        Raw(int version) throws IOException {
            byte[] h = String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII);
            out.write(h, 0, h.length);
        }

        Raw op(int b) throws IOException {
            out.u8(b);
            return this;
        }

        Raw len(long n) throws IOException {
            out.len(n);
            return this;
        }

        Raw str(String s) throws IOException {
            out.string(s.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        /** Bytes with no length prefix. */
        Raw raw(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            out.write(b, 0, b.length);
            return this;
        }

        Raw blob(byte[] b) throws IOException {
            out.len(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Raw le(long v, int n) throws IOException {
            out.le(v, n);
            return this;
        }

        /** EOF opcode and, from version 5 on, the checksum (real, or zero = unchecked). */
        byte[] end(boolean real, int version) throws IOException {
            out.u8(Rdb.OP_EOF);
            if (version >= 5) out.le(real ? out.crc() : 0, 8);
            return finish();
        }

        private byte[] finish() throws IOException {
            out.flush();
            return bytes.toByteArray();
        }
    }
}
