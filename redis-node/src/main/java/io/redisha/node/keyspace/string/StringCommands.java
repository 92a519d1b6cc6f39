package io.redisha.node.keyspace.string;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.Dispatcher;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Database;
import io.redisha.node.server.Client;
import io.redisha.node.keyspace.LongDouble;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * String commands. Values are plain {@code byte[]}; one {@link #setGeneric} serves SET and its
 * older forms (SETNX, SETEX, PSETEX, GETSET), as in Redis.
 */
public final class StringCommands {
    private static final long MAX_STRING = 512L * 1024 * 1024;
    private static final int NX = 1, XX = 2, GET = 4, KEEPTTL = 8;

    private static final byte[] SET = Args.bytes("SET");
    private static final byte[] DEL = Args.bytes("DEL");
    private static final byte[] PXAT_ARG = Args.bytes("PXAT");
    private static final byte[] PEXPIREAT = Args.bytes("PEXPIREAT");
    private static final byte[] PERSIST_CMD = Args.bytes("PERSIST");
    private static final byte[] KEEPTTL_ARG = Args.bytes("KEEPTTL");

    private final ServerContext ctx;

    public StringCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("string");
        t.add("get", 2, READONLY | FAST, 1, 1, 1, this::get);
        t.add("set", -3, WRITE | DENYOOM, 1, 1, 1, this::set);
        t.add("setnx", 3, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> setGeneric(c, a[1], a[2], NX, 0, false, true));
        t.add("setex", 4, WRITE | DENYOOM, 1, 1, 1, (c, a) -> setWithTime(c, a, 1000));
        t.add("psetex", 4, WRITE | DENYOOM, 1, 1, 1, (c, a) -> setWithTime(c, a, 1));
        t.add("getset", 3, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> setGeneric(c, a[1], a[2], GET, 0, false, false));
        t.add("mget", -2, READONLY | FAST, 1, -1, 1, this::mget);
        t.add("mset", -3, WRITE | DENYOOM, 1, -1, 2, (c, a) -> mset(c, a, false));
        t.add("msetnx", -3, WRITE | DENYOOM, 1, -1, 2, (c, a) -> mset(c, a, true));
        t.add("getdel", 2, WRITE | FAST, 1, 1, 1, this::getdel);
        t.add("getex", -2, WRITE | FAST, 1, 1, 1, this::getex);
        t.add("append", 3, WRITE | DENYOOM | FAST, 1, 1, 1, this::append);
        t.add("strlen", 2, READONLY | FAST, 1, 1, 1, this::strlen);
        t.add("incr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> incrBy(c, a[1], 1));
        t.add("decr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> incrBy(c, a[1], -1));
        t.add("incrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> incrBy(c, a[1], Args.parseLong(a[2])));
        t.add("decrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, this::decrBy);
        t.add("incrbyfloat", 3, WRITE | DENYOOM | FAST, 1, 1, 1, this::incrByFloat);
        t.add("getrange", 4, READONLY, 1, 1, 1, this::getrange);
        t.add("substr", 4, READONLY, 1, 1, 1, this::getrange);
        t.add("setrange", 4, WRITE | DENYOOM, 1, 1, 1, this::setrange);
    }

    private static byte[] readString(Database db, byte[] key) {
        Object v = db.lookupRead(key);
        if (v == null) return null;
        if (!(v instanceof byte[] b)) throw RedisError.WRONGTYPE;
        return b;
    }

    private void get(Client c, byte[][] a) {
        c.reply().bulk(readString(c.db, a[1]));
    }

    private void set(Client c, byte[][] a) {
        int flags = parseOptions(a, 3, false);
        long expireAt = (flags & EXPIRE_MASK) == 0 ? 0 : expireTime(a[flags >>> ARG_SHIFT], flags, "set");
        setGeneric(c, a[1], a[2], flags & SET_MASK, expireAt, true, false);
    }

    private static final int PERSIST = 16, EX = 32, PX = 64, EXAT = 128, PXAT = 256;
    private static final int EXPIRE_MASK = EX | PX | EXAT | PXAT;
    private static final int SET_MASK = NX | XX | GET | KEEPTTL;
    /** The index of the expire value is kept in the high bits of the parsed flags. */
    private static final int ARG_SHIFT = 12;

    /**
     * The options of SET and GETEX, with Redis's conflict rules: an option clashes only with
     * the others of its group, so "EX 1 EX 2" is fine (the last wins) but "EX 1 PX 2" is not.
     */
    private static int parseOptions(byte[][] a, int from, boolean getex) {
        int flags = 0;
        int arg = 0;
        for (int i = from; i < a.length; i++) {
            byte[] o = a[i];
            boolean next = i + 1 < a.length;
            int unit = Args.is(o, "ex") ? EX : Args.is(o, "px") ? PX : Args.is(o, "exat") ? EXAT
                    : Args.is(o, "pxat") ? PXAT : 0;
            if (!getex && Args.is(o, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (!getex && Args.is(o, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (!getex && Args.is(o, "get")) {
                flags |= GET;
            } else if (!getex && Args.is(o, "keepttl") && (flags & (PERSIST | EXPIRE_MASK)) == 0) {
                flags |= KEEPTTL;
            } else if (getex && Args.is(o, "persist") && (flags & (KEEPTTL | EXPIRE_MASK)) == 0) {
                flags |= PERSIST;
            } else if (unit != 0 && next && (flags & (KEEPTTL | PERSIST | (EXPIRE_MASK & ~unit))) == 0) {
                flags |= unit;
                arg = ++i;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return flags | arg << ARG_SHIFT;
    }

    /** Turns an EX/PX/EXAT/PXAT value into an absolute time in ms, with Redis's checks. */
    private long expireTime(byte[] value, int flags, String cmd) {
        long n = Args.parseLong(value);
        if (n <= 0) throw new RedisError("ERR invalid expire time in '" + cmd + "' command");
        boolean seconds = (flags & (EX | EXAT)) != 0;
        boolean relative = (flags & (EX | PX)) != 0;
        if (seconds) {
            if (n > Long.MAX_VALUE / 1000) throw new RedisError("ERR invalid expire time in '" + cmd + "' command");
            n *= 1000;
        }
        if (relative) {
            if (n > Long.MAX_VALUE - ctx.keyspace.now()) {
                throw new RedisError("ERR invalid expire time in '" + cmd + "' command");
            }
            n += ctx.keyspace.now();
        }
        return n;
    }

    private void setWithTime(Client c, byte[][] a, long unitMs) {
        long n = Args.parseLong(a[2]);
        String name = unitMs == 1000 ? "setex" : "psetex";
        if (n <= 0 || n > Long.MAX_VALUE / unitMs) throw new RedisError("ERR invalid expire time in '" + name + "' command");
        n *= unitMs;
        if (n > Long.MAX_VALUE - ctx.keyspace.now()) throw new RedisError("ERR invalid expire time in '" + name + "' command");
        setGeneric(c, a[1], a[3], 0, ctx.keyspace.now() + n, true, false);
    }

    /**
     * SET and its family. {@code okReply}: SET answers OK / nil; {@code intReply}: SETNX answers
     * 1 / 0. With GET the old value is the answer.
     */
    private void setGeneric(Client c, byte[] key, byte[] value, int flags, long expireAt, boolean okReply, boolean intReply) {
        Database db = c.db;
        Reply r = c.reply();
        // A plain SET needs nothing of the old value: skip the lookup, the put finds the slot.
        Object old = (flags & (GET | NX | XX | KEEPTTL)) != 0 ? db.lookupWrite(key) : null;
        if ((flags & GET) != 0 && old != null && !(old instanceof byte[])) throw RedisError.WRONGTYPE;
        boolean exists = old != null;
        if (((flags & NX) != 0 && exists) || ((flags & XX) != 0 && !exists)) {
            if ((flags & GET) != 0) r.bulk((byte[]) old);
            else if (intReply) r.integer(0);
            else r.nullBulk();
            return;
        }
        // The old value is copied into the reply first: the store may overwrite its array in place.
        if ((flags & GET) != 0) r.bulk((byte[]) old);
        db.setString(key, value, (flags & KEEPTTL) != 0);
        if (expireAt != 0) {
            db.setExpire(key, expireAt);
            // Replicas and the AOF get an absolute time, so a replay later never extends the TTL.
            Dispatcher.propagateAs(c, SET, key, value, PXAT_ARG, Args.longBytes(expireAt));
        }
        if ((flags & GET) == 0) {
            if (intReply) r.integer(1);
            else if (okReply) r.ok();
        }
    }

    private void mget(Client c, byte[][] a) {
        Reply r = c.reply();
        r.array(a.length - 1);
        for (int i = 1; i < a.length; i++) {
            Object v = c.db.lookupRead(a[i]);
            r.bulk(v instanceof byte[] b ? b : null);
        }
    }

    private void mset(Client c, byte[][] a, boolean nx) {
        if ((a.length - 1) % 2 != 0) {
            throw new RedisError("ERR wrong number of arguments for '" + (nx ? "msetnx" : "mset") + "' command");
        }
        if (nx) {
            for (int i = 1; i < a.length; i += 2) {
                if (c.db.exists(a[i])) {
                    c.reply().integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < a.length; i += 2) c.db.set(a[i], a[i + 1]);
        if (nx) c.reply().integer(1); else c.reply().ok();
    }

    private void getdel(Client c, byte[][] a) {
        byte[] v = readString(c.db, a[1]);
        if (v != null) {
            c.db.delete(a[1]);
            Dispatcher.propagateAs(c, DEL, a[1]);
        }
        c.reply().bulk(v);
    }

    private void getex(Client c, byte[][] a) {
        int flags = parseOptions(a, 2, true);
        // Redis looks the key up before it validates the time: a missing key answers nil.
        byte[] v = readString(c.db, a[1]);
        if (v != null) {
            long expireAt = (flags & EXPIRE_MASK) == 0 ? 0 : expireTime(a[flags >>> ARG_SHIFT], flags, "getex");
            if (expireAt != 0) {
                if (expireAt <= ctx.keyspace.now() && !ctx.keyspace.loading()) {
                    c.db.delete(a[1]);
                    Dispatcher.propagateAs(c, DEL, a[1]);
                } else {
                    c.db.setExpire(a[1], expireAt);
                    c.db.modified(a[1]);
                    Dispatcher.propagateAs(c, PEXPIREAT, a[1], Args.longBytes(expireAt));
                }
            } else if ((flags & PERSIST) != 0) {
                if (c.db.persist(a[1])) Dispatcher.propagateAs(c, PERSIST_CMD, a[1]);
            }
        }
        c.reply().bulk(v);
    }

    private void append(Client c, byte[][] a) {
        Object v = c.db.lookupWrite(a[1]);
        if (v == null) {
            c.db.add(a[1], a[2]);
            c.reply().integer(a[2].length);
            return;
        }
        if (!(v instanceof byte[] old)) throw RedisError.WRONGTYPE;
        checkSize((long) old.length + a[2].length);
        byte[] n = Arrays.copyOf(old, old.length + a[2].length);
        System.arraycopy(a[2], 0, n, old.length, a[2].length);
        c.db.setKeepTtl(a[1], n);
        c.reply().integer(n.length);
    }

    private void strlen(Client c, byte[][] a) {
        byte[] v = readString(c.db, a[1]);
        c.reply().integer(v == null ? 0 : v.length);
    }

    private void decrBy(Client c, byte[][] a) {
        long d = Args.parseLong(a[2]);
        if (d == Long.MIN_VALUE) throw new RedisError("ERR decrement would overflow");
        incrBy(c, a[1], -d);
    }

    private void incrBy(Client c, byte[] key, long delta) {
        Object v = c.db.lookupWrite(key);
        long cur = 0;
        if (v != null) {
            if (!(v instanceof byte[] b)) throw RedisError.WRONGTYPE;
            cur = Args.parseLong(b);
        }
        if ((delta < 0 && cur < 0 && delta < Long.MIN_VALUE - cur) || (delta > 0 && cur > 0 && delta > Long.MAX_VALUE - cur)) {
            throw RedisError.OVERFLOW;
        }
        long n = cur + delta;
        c.db.setString(key, Args.longBytes(n), true);
        c.reply().integer(n);
    }

    /** Redis does this in C long double; {@link LongDouble} gives the same digits. */
    private void incrByFloat(Client c, byte[][] a) {
        Object v = c.db.lookupWrite(a[1]);
        BigDecimal cur = BigDecimal.ZERO;
        if (v != null) {
            if (!(v instanceof byte[] b)) throw RedisError.WRONGTYPE;
            cur = LongDouble.parse(b);
            if (cur == null) throw RedisError.NOT_FLOAT;
        }
        BigDecimal incr = LongDouble.parse(a[2]);
        if (incr == null) throw RedisError.NOT_FLOAT;
        BigDecimal n = LongDouble.isInfinite(incr) ? null : LongDouble.add(cur, incr);
        if (n == null || LongDouble.isInfinite(n)) throw new RedisError("ERR increment would produce NaN or Infinity");
        byte[] out = LongDouble.format(n).getBytes(StandardCharsets.US_ASCII);
        c.db.setKeepTtl(a[1], out);
        // The replica must not redo float arithmetic: it gets the result.
        Dispatcher.propagateAs(c, SET, a[1], out, KEEPTTL_ARG);
        c.reply().bulk(out);
    }

    private void getrange(Client c, byte[][] a) {
        long start = Args.parseLong(a[2]);
        long end = Args.parseLong(a[3]);
        byte[] v = readString(c.db, a[1]);
        if (v == null) {
            c.reply().bulk(new byte[0]);
            return;
        }
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            c.reply().bulk(new byte[0]);
            return;
        }
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) {
            c.reply().bulk(new byte[0]);
            return;
        }
        c.reply().bulk(v, (int) start, (int) (end - start + 1));
    }

    private void setrange(Client c, byte[][] a) {
        long offset = Args.parseLong(a[2]);
        if (offset < 0) throw new RedisError("ERR offset is out of range");
        byte[] value = a[3];
        Object v = c.db.lookupWrite(a[1]);
        if (v != null && !(v instanceof byte[])) throw RedisError.WRONGTYPE;
        byte[] old = (byte[]) v;
        if (value.length == 0) {
            c.reply().integer(old == null ? 0 : old.length);
            return;
        }
        checkSize(offset + value.length);
        int need = (int) (offset + value.length);
        byte[] n = old == null ? new byte[need] : old.length >= need ? old.clone() : Arrays.copyOf(old, need);
        System.arraycopy(value, 0, n, (int) offset, value.length);
        if (old == null) c.db.add(a[1], n); else c.db.setKeepTtl(a[1], n);
        c.reply().integer(n.length);
    }

    private static void checkSize(long size) {
        if (size > MAX_STRING) throw new RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    }
}
