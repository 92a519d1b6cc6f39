package io.redisha.node.persistence.rdb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an RDB file (versions 1 to 11: everything Redis 2.x to 7.2 writes for strings, lists,
 * sets, hashes and sorted sets) into an {@link RdbSink}. Every problem is an
 * {@link RdbException} naming the byte offset; nothing read before a failure is valid.
 */
public final class RdbReader {
    private final RdbValues values;
    private boolean verifyChecksum = true;

    private RdbInput in;
    private int version;
    private long endOffset;

    /** A reader building values with {@code values}. */
    public RdbReader(RdbValues values) {
        this.values = values;
    }

    /** Off: the CRC-64 trailer is not compared (as Redis with {@code rdbchecksum no}). */
    public RdbReader verifyChecksum(boolean on) {
        this.verifyChecksum = on;
        return this;
    }

    public int read(Path file, RdbSink sink) throws IOException {
        try (InputStream s = Files.newInputStream(file)) {
            return read(s, sink);
        }
    }

    /** Reads one whole RDB payload from the stream; returns its version. Does not close the stream. */
    public int read(InputStream stream, RdbSink sink) throws IOException {
        in = new RdbInput(stream);
        readHeader();
        long expireAt = 0;
        while (true) {
            long typeOffset = in.offset();
            int type = in.u8();
            switch (type) {
                case Rdb.OP_EXPIRETIME -> expireAt = (int) in.u32le() * 1000L; // signed 32-bit seconds, as Redis reads it
                case Rdb.OP_EXPIRETIME_MS -> expireAt = in.i64le();
                case Rdb.OP_FREQ -> in.u8();
                case Rdb.OP_IDLE -> readLen();
                case Rdb.OP_SELECTDB -> {
                    long db = readLen();
                    if (db > Integer.MAX_VALUE) throw new RdbException(typeOffset, "bad database number " + db);
                    sink.selectDb((int) db);
                }
                case Rdb.OP_RESIZEDB -> {
                    long keys = readLen();
                    sink.resizeDb(keys, readLen());
                }
                case Rdb.OP_AUX -> {
                    byte[] name = readString();
                    sink.aux(name, readString());
                }
                case Rdb.OP_MODULE_AUX -> skipModuleAux(typeOffset);
                case Rdb.OP_FUNCTION_PRE_GA ->
                        throw new RdbException(typeOffset, "the RDB file contains functions in the pre-release 7.0 format, which cannot be loaded");
                case Rdb.OP_FUNCTION2 -> sink.function(readString(), typeOffset);
                case Rdb.OP_EOF -> {
                    finish();
                    endOffset = in.offset();
                    return version;
                }
                default -> {
                    if (type > Rdb.TYPE_STREAM_LISTPACKS_3 || type == 8) throw new RdbException(typeOffset, "unknown object type " + type);
                    byte[] key = readString();
                    Object value = readObject(type, typeOffset);
                    if (value != null) sink.entry(key, value, expireAt);
                    expireAt = 0;
                }
            }
        }
    }

    /**
     * Offset just past the payload read last (EOF opcode and checksum), counted from where the
     * stream started: an AOF continues with commands there.
     */
    public long endOffset() {
        return endOffset;
    }

    /** Reads a file with the default values (the keyspace's classes). */
    public static RdbReader forKeyspace() {
        return new RdbReader(new KeyspaceValues());
    }

    private void readHeader() throws IOException {
        byte[] h = new byte[9];
        for (int i = 0; i < 9; i++) h[i] = (byte) in.u8();
        String s = new String(h, StandardCharsets.US_ASCII);
        if (!s.startsWith("REDIS")) throw new RdbException(0, "not an RDB file (wrong signature)");
        int v = 0;
        for (int i = 5; i < 9; i++) {
            if (h[i] < '0' || h[i] > '9') throw new RdbException(5, "bad RDB version field '" + s.substring(5) + "'");
            v = v * 10 + (h[i] - '0');
        }
        if (v < 1 || v > Rdb.MAX_READ_VERSION) {
            throw new RdbException(5, "can't handle RDB format version " + v + " (this server reads 1 to " + Rdb.MAX_READ_VERSION + ")");
        }
        version = v;
    }

    private void finish() throws IOException {
        if (version < 5) return; // checksums came with version 5
        long computed = in.crc();
        long at = in.offset();
        long stored = in.i64le();
        if (stored != 0 && verifyChecksum && stored != computed) {
            throw new RdbException(at, String.format("bad CRC64 checksum (file says %016x, content gives %016x)", stored, computed));
        }
    }

    // ---- primitives

    private long readLen() throws IOException {
        long at = in.offset();
        int b = in.u8();
        switch (b >> 6) {
            case Rdb.LEN_6BIT:
                return b & 0x3f;
            case Rdb.LEN_14BIT:
                return (b & 0x3f) << 8 | in.u8();
            case Rdb.LEN_ENCVAL:
                throw new RdbException(at, "encoded value where a length was expected");
            default:
                if (b == Rdb.LEN_32BIT) return in.u32be();
                if (b == Rdb.LEN_64BIT) {
                    long v = in.i64be();
                    if (v < 0) throw new RdbException(at, "length out of range");
                    return v;
                }
                throw new RdbException(at, "bad length encoding byte " + b);
        }
    }

    private byte[] readString() throws IOException {
        long at = in.offset();
        int b = in.u8();
        if (b >> 6 == Rdb.LEN_ENCVAL) {
            switch (b & 0x3f) {
                case Rdb.ENC_INT8:
                    return Listpack.num((byte) in.u8());
                case Rdb.ENC_INT16: {
                    int lo = in.u8();
                    return Listpack.num((short) (lo | in.u8() << 8));
                }
                case Rdb.ENC_INT32:
                    return Listpack.num((int) in.u32le());
                case Rdb.ENC_LZF: {
                    int clen = checkedLen(readLen(), at);
                    int len = checkedLen(readLen(), at);
                    byte[] c = in.bytes(clen);
                    try {
                        return Lzf.decompress(c, 0, clen, len);
                    } catch (IllegalArgumentException e) {
                        throw new RdbException(at, "corrupt LZF string: " + e.getMessage());
                    }
                }
                default:
                    throw new RdbException(at, "unknown string encoding " + (b & 0x3f));
            }
        }
        long len;
        if (b >> 6 == Rdb.LEN_6BIT) len = b & 0x3f;
        else if (b >> 6 == Rdb.LEN_14BIT) len = (b & 0x3f) << 8 | in.u8();
        else if (b == Rdb.LEN_32BIT) len = in.u32be();
        else if (b == Rdb.LEN_64BIT) len = in.i64be();
        else throw new RdbException(at, "bad length encoding byte " + b);
        return in.bytes(checkedLen(len, at));
    }

    private static int checkedLen(long len, long at) throws RdbException {
        if (len < 0 || len > Integer.MAX_VALUE - 8) throw new RdbException(at, "string length " + len + " out of range");
        return (int) len;
    }

    private double readStringScore() throws IOException {
        long at = in.offset();
        int len = in.u8();
        if (len == 253) return Double.NaN;
        if (len == 254) return Double.POSITIVE_INFINITY;
        if (len == 255) return Double.NEGATIVE_INFINITY;
        return parseScore(in.bytes(len), at);
    }

    static double parseScore(byte[] b, long at) throws RdbException {
        String s = new String(b, StandardCharsets.US_ASCII);
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        try {
            double d = Double.parseDouble(s);
            if (!Double.isNaN(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RdbException(at, "bad sorted set score '" + s + "'");
    }

    // ---- values

    /** Reads a value of the given type; null for an empty container (Redis skips those too). */
    private Object readObject(int type, long at) throws IOException {
        switch (type) {
            case Rdb.TYPE_STRING:
                return readString();
            case Rdb.TYPE_LIST: {
                Elements e = readStrings(readLen());
                return e.n == 0 ? null : values.list(e.a, e.n);
            }
            case Rdb.TYPE_SET: {
                Elements e = readStrings(readLen());
                return e.n == 0 ? null : values.set(e.a, e.n);
            }
            case Rdb.TYPE_HASH: {
                long n = readLen();
                Elements e = readStrings(Math.min(n, Long.MAX_VALUE / 2) * 2); // a huge count runs into end of file
                return e.n == 0 ? null : values.hash(e.a, e.n / 2);
            }
            case Rdb.TYPE_ZSET:
            case Rdb.TYPE_ZSET_2: {
                long n = readLen();
                Elements m = new Elements(n);
                double[] scores = new double[m.a.length];
                for (long i = 0; i < n; i++) {
                    m.add(readString());
                    if (m.n > scores.length) scores = java.util.Arrays.copyOf(scores, m.a.length);
                    long sat = in.offset();
                    double d = type == Rdb.TYPE_ZSET_2 ? Double.longBitsToDouble(in.i64le()) : readStringScore();
                    if (Double.isNaN(d)) throw new RdbException(sat, "sorted set score is NaN");
                    scores[m.n - 1] = d;
                }
                return m.n == 0 ? null : values.zset(m.a, scores, m.n);
            }
            case Rdb.TYPE_SET_INTSET: {
                long[] ints;
                long bat = in.offset();
                byte[] blob = readString();
                try {
                    ints = Intset.decode(blob);
                } catch (IllegalArgumentException e) {
                    throw new RdbException(bat, "corrupt intset (" + e.getMessage() + ")");
                }
                return ints.length == 0 ? null : values.intSet(ints);
            }
            case Rdb.TYPE_LIST_ZIPLIST: {
                Elements e = blob(Rdb.TYPE_LIST_ZIPLIST, new Elements(16));
                return e.n == 0 ? null : values.list(e.a, e.n);
            }
            case Rdb.TYPE_LIST_QUICKLIST:
            case Rdb.TYPE_LIST_QUICKLIST_2: {
                long nodes = readLen();
                Elements e = new Elements(nodes * 8);
                for (long i = 0; i < nodes; i++) {
                    if (type == Rdb.TYPE_LIST_QUICKLIST) {
                        blob(Rdb.TYPE_LIST_ZIPLIST, e);
                        continue;
                    }
                    long cat = in.offset();
                    long container = readLen();
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) e.add(readString());
                    else if (container == Rdb.QUICKLIST_NODE_PACKED) blob(Rdb.TYPE_LIST_QUICKLIST_2, e);
                    else throw new RdbException(cat, "bad quicklist node container " + container);
                }
                return e.n == 0 ? null : values.list(e.a, e.n);
            }
            case Rdb.TYPE_SET_LISTPACK: {
                Elements e = blob(type, new Elements(16));
                return e.n == 0 ? null : values.set(e.a, e.n);
            }
            case Rdb.TYPE_HASH_ZIPMAP:
            case Rdb.TYPE_HASH_ZIPLIST:
            case Rdb.TYPE_HASH_LISTPACK: {
                long bat = in.offset();
                Elements e = blob(type, new Elements(16));
                if ((e.n & 1) != 0) throw new RdbException(bat, "hash with an odd number of elements");
                return e.n == 0 ? null : values.hash(e.a, e.n / 2);
            }
            case Rdb.TYPE_ZSET_ZIPLIST:
            case Rdb.TYPE_ZSET_LISTPACK: {
                long bat = in.offset();
                Elements e = blob(type, new Elements(16));
                if ((e.n & 1) != 0) throw new RdbException(bat, "sorted set with an odd number of elements");
                int n = e.n / 2;
                byte[][] members = new byte[n][];
                double[] scores = new double[n];
                for (int i = 0; i < n; i++) {
                    members[i] = e.a[2 * i];
                    scores[i] = parseScore(e.a[2 * i + 1], bat);
                }
                return n == 0 ? null : values.zset(members, scores, n);
            }
            case Rdb.TYPE_MODULE_PRE_GA:
            case Rdb.TYPE_MODULE_2:
                throw new RdbException(at, "the RDB file contains a module value (type " + type + "), which this server cannot load");
            case Rdb.TYPE_STREAM_LISTPACKS:
            case Rdb.TYPE_STREAM_LISTPACKS_2:
            case Rdb.TYPE_STREAM_LISTPACKS_3:
                throw new RdbException(at, "the RDB file contains a stream (type " + type + "), which this server does not support");
            default:
                throw new RdbException(at, "unknown object type " + type);
        }
    }

    private Elements readStrings(long n) throws IOException {
        Elements e = new Elements(n);
        for (long i = 0; i < n; i++) e.add(readString());
        return e;
    }

    /** Reads one string holding a compact encoding and appends its elements to {@code out}. */
    private Elements blob(int type, Elements out) throws IOException {
        long at = in.offset();
        byte[] b = readString();
        String kind = "listpack";
        try {
            switch (type) {
                case Rdb.TYPE_HASH_ZIPMAP -> {
                    kind = "zipmap";
                    Zipmap.decode(b, out);
                }
                case Rdb.TYPE_LIST_ZIPLIST, Rdb.TYPE_HASH_ZIPLIST, Rdb.TYPE_ZSET_ZIPLIST -> {
                    kind = "ziplist";
                    Ziplist.decode(b, out);
                }
                default -> Listpack.decode(b, out);
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new RdbException(at, "corrupt " + kind + " (" + e.getMessage() + ")");
        }
        return out;
    }

    /**
     * Skips the payload of a module's AUX data: module id, "when" as an opcode-tagged unsigned
     * number, then opcode-tagged values until the EOF opcode.
     */
    private void skipModuleAux(long at) throws IOException {
        readLen(); // module id
        if (readLen() != Rdb.MODULE_OP_UINT) throw new RdbException(at, "bad module AUX 'when' field");
        readLen();
        while (true) {
            long op = readLen();
            switch ((int) op) {
                case Rdb.MODULE_OP_EOF:
                    return;
                case Rdb.MODULE_OP_SINT:
                case Rdb.MODULE_OP_UINT:
                    readLen();
                    break;
                case Rdb.MODULE_OP_FLOAT:
                    in.skip(4);
                    break;
                case Rdb.MODULE_OP_DOUBLE:
                    in.skip(8);
                    break;
                case Rdb.MODULE_OP_STRING:
                    readString();
                    break;
                default:
                    throw new RdbException(at, "bad opcode " + op + " in module AUX data");
            }
        }
    }
}
