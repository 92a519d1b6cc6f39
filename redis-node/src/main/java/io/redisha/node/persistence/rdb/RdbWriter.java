package io.redisha.node.persistence.rdb;

import io.redisha.node.keyspace.RedisValue;
import io.redisha.node.keyspace.hash.HashValue;
import io.redisha.node.keyspace.list.ListValue;
import io.redisha.node.keyspace.set.SetValue;
import io.redisha.node.keyspace.zset.ZSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes a snapshot in the format Redis 7.0 writes (RDB version 10), loadable by Redis 7.0 and
 * later: header, the AUX fields Redis writes, then per non-empty database SELECTDB, RESIZEDB
 * and the keys, then EOF and the CRC-64 (zero when checksums are off). Containers use the
 * plain types every Redis version loads (Redis re-encodes them compactly when loading):
 * intset or plain sets, plain hashes, plain lists (type 1, still loaded by 7.x), sorted sets
 * with binary scores (ZSET_2).
 */
public final class RdbWriter {
    private boolean compression = true;
    private boolean checksum = true;
    private boolean aofBase;
    private String redisVersion = "7.0.15";
    private long ctimeSeconds = -1;
    private long usedMemory = -1;
    private boolean replication;
    private int replStreamDb;
    private String replId;
    private long replOffset;

    /** {@code rdbcompression}: LZF for strings over 20 bytes (default on). */
    public RdbWriter compression(boolean on) {
        compression = on;
        return this;
    }

    /** {@code rdbchecksum}: off writes a zero checksum, which readers do not verify (default on). */
    public RdbWriter checksum(boolean on) {
        checksum = on;
        return this;
    }

    /** Marks the file as the base of a multi-part AOF ("aof-base" 1). */
    public RdbWriter aofBase(boolean on) {
        aofBase = on;
        return this;
    }

    public RdbWriter redisVersion(String v) {
        redisVersion = v;
        return this;
    }

    /** Creation time written in "ctime" (default: now). */
    public RdbWriter ctime(long epochSeconds) {
        ctimeSeconds = epochSeconds;
        return this;
    }

    /** "used-mem" (default: the JVM's used heap). */
    public RdbWriter usedMemory(long bytes) {
        usedMemory = bytes;
        return this;
    }

    /** Replication info (repl-stream-db, repl-id, repl-offset), for a file sent to a replica. */
    public RdbWriter replication(int streamDb, String id, long offset) {
        replication = true;
        replStreamDb = streamDb;
        replId = id;
        replOffset = offset;
        return this;
    }

    /** Writes the whole file to {@code stream} and flushes it (without closing it). */
    public void write(RdbSource src, OutputStream stream) throws IOException {
        RdbOutput out = new RdbOutput(stream, compression);
        out.write(header(), 0, 9);
        aux(out, "redis-ver", redisVersion);
        aux(out, "redis-bits", "64");
        aux(out, "ctime", Long.toString(ctimeSeconds >= 0 ? ctimeSeconds : System.currentTimeMillis() / 1000));
        Runtime rt = Runtime.getRuntime();
        aux(out, "used-mem", Long.toString(usedMemory >= 0 ? usedMemory : rt.totalMemory() - rt.freeMemory()));
        if (replication) {
            aux(out, "repl-stream-db", Integer.toString(replStreamDb));
            aux(out, "repl-id", replId);
            aux(out, "repl-offset", Long.toString(replOffset));
        }
        aux(out, "aof-base", aofBase ? "1" : "0");
        for (int db = 0; db < src.databases(); db++) {
            long keys = src.keys(db);
            if (keys == 0) continue;
            out.u8(Rdb.OP_SELECTDB);
            out.len(db);
            out.u8(Rdb.OP_RESIZEDB);
            out.len(keys);
            out.len(src.expires(db));
            try {
                src.forEach(db, (key, value, expireAt) -> {
                    try {
                        entry(out, key, value, expireAt);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        out.u8(Rdb.OP_EOF);
        out.le(checksum ? out.crc() : 0, 8);
        out.flush();
        stream.flush();
    }

    private static byte[] header() {
        return String.format("REDIS%04d", Rdb.VERSION).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void aux(RdbOutput out, String name, String value) throws IOException {
        out.u8(Rdb.OP_AUX);
        out.string(name);
        out.string(value);
    }

    private void entry(RdbOutput out, byte[] key, Object value, long expireAt) throws IOException {
        if (value instanceof RedisValue c && c.size() == 0) return; // Redis never stores (nor loads) empty containers
        if (expireAt != 0) {
            out.u8(Rdb.OP_EXPIRETIME_MS);
            out.le(expireAt, 8);
        }
        if (value instanceof byte[] s) {
            out.u8(Rdb.TYPE_STRING);
            out.string(key);
            out.string(s);
        } else if (value instanceof HashValue h) {
            out.u8(Rdb.TYPE_HASH);
            out.string(key);
            out.len(h.size());
            int n = h.slots();
            for (int i = 0; i < n; i++) {
                if (!h.isLive(i)) continue;
                out.string(h.fieldAt(i));
                out.string(h.valueAt(i));
            }
        } else if (value instanceof SetValue s) {
            if (s.isIntset()) {
                out.u8(Rdb.TYPE_SET_INTSET);
                out.string(key);
                intset(out, s);
            } else {
                out.u8(Rdb.TYPE_SET);
                out.string(key);
                out.len(s.size());
                int n = s.slots();
                for (int i = 0; i < n; i++) {
                    if (s.isLive(i)) out.string(s.memberAt(i));
                }
            }
        } else if (value instanceof ListValue l) {
            out.u8(Rdb.TYPE_LIST);
            out.string(key);
            int n = l.length();
            out.len(n);
            for (int i = 0; i < n; i++) out.string(l.get(i));
        } else if (value instanceof ZSet z) {
            out.u8(Rdb.TYPE_ZSET_2);
            out.string(key);
            out.len(z.size());
            try {
                z.forEach((member, score) -> {
                    try {
                        out.string(member);
                        out.le(Double.doubleToRawLongBits(score), 8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            throw new IllegalArgumentException("cannot save a value of " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    /** The intset blob: the narrowest width holding every member, count, sorted members (LE). */
    private static void intset(RdbOutput out, SetValue s) throws IOException {
        int n = (int) s.size();
        long min = s.intAt(0), max = s.intAt(n - 1);
        int width = min >= Short.MIN_VALUE && max <= Short.MAX_VALUE ? 2
                : min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE ? 4 : 8;
        byte[] blob = new byte[8 + n * width];
        putLe(blob, 0, width, 4);
        putLe(blob, 4, n, 4);
        for (int i = 0; i < n; i++) putLe(blob, 8 + i * width, s.intAt(i), width);
        out.string(blob);
    }

    static void putLe(byte[] b, int at, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
