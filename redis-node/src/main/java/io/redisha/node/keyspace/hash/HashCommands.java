package io.redisha.node.keyspace.hash;

import io.redisha.node.keyspace.LongDouble;
import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.Dispatcher;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Dict;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** The hash commands, on {@link HashValue}. */
public final class HashCommands {
    private static final RedisError HASH_NOT_INTEGER = new RedisError("ERR hash value is not an integer");
    private static final RedisError HASH_NOT_FLOAT = new RedisError("ERR hash value is not a float");
    private static final RedisError NAN_OR_INF = new RedisError("ERR value is NaN or Infinity");
    private static final RedisError PRODUCES_NAN = new RedisError("ERR increment would produce NaN or Infinity");
    private static final RedisError COUNT_RANGE = new RedisError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError OUT_OF_RANGE = new RedisError("ERR value is out of range");

    private final ServerContext ctx;

    public HashCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("hash");
        t.add("hset", -4, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> hset(c, a, false));
        t.add("hmset", -4, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> hset(c, a, true));
        t.add("hsetnx", 4, WRITE | DENYOOM | FAST, 1, 1, 1, this::hsetnx);
        t.add("hget", 3, READONLY | FAST, 1, 1, 1, this::hget);
        t.add("hmget", -3, READONLY | FAST, 1, 1, 1, this::hmget);
        t.add("hgetall", 2, READONLY, 1, 1, 1, (c, a) -> dump(c, a, true, true));
        t.add("hkeys", 2, READONLY, 1, 1, 1, (c, a) -> dump(c, a, true, false));
        t.add("hvals", 2, READONLY, 1, 1, 1, (c, a) -> dump(c, a, false, true));
        t.add("hdel", -3, WRITE | FAST, 1, 1, 1, this::hdel);
        t.add("hexists", 3, READONLY | FAST, 1, 1, 1, this::hexists);
        t.add("hlen", 2, READONLY | FAST, 1, 1, 1, this::hlen);
        t.add("hstrlen", 3, READONLY | FAST, 1, 1, 1, this::hstrlen);
        t.add("hincrby", 4, WRITE | DENYOOM | FAST, 1, 1, 1, this::hincrby);
        t.add("hincrbyfloat", 4, WRITE | DENYOOM | FAST, 1, 1, 1, this::hincrbyfloat);
        t.add("hrandfield", -2, READONLY | RANDOM, 1, 1, 1, this::hrandfield);
        t.add("hscan", -3, READONLY, 1, 1, 1, this::hscan);
    }

    private static HashValue read(Client c, byte[] key) {
        return c.db.read(key, HashValue.class);
    }

    private static HashValue writeOrCreate(Database db, byte[] key) {
        HashValue h = db.write(key, HashValue.class);
        if (h == null) {
            h = new HashValue();
            db.add(key, h);
        }
        return h;
    }

    private void hset(Client c, byte[][] a, boolean legacy) {
        if (a.length % 2 != 0) {
            throw new RedisError("ERR wrong number of arguments for '" + (legacy ? "hmset" : "hset") + "' command");
        }
        HashValue h = writeOrCreate(c.db, a[1]);
        int created = 0;
        for (int i = 2; i < a.length; i += 2) {
            if (h.put(a[i], a[i + 1])) created++;
        }
        c.db.modified(a[1]);
        if (legacy) c.reply().ok(); else c.reply().integer(created);
    }

    private void hsetnx(Client c, byte[][] a) {
        HashValue h = writeOrCreate(c.db, a[1]);
        if (h.find(a[2]) >= 0) {
            c.reply().integer(0);
            return;
        }
        h.put(a[2], a[3]);
        c.db.modified(a[1]);
        c.reply().integer(1);
    }

    private void hget(Client c, byte[][] a) {
        HashValue h = read(c, a[1]);
        c.reply().bulk(h == null ? null : h.get(a[2]));
    }

    private void hmget(Client c, byte[][] a) {
        HashValue h = read(c, a[1]);
        Reply r = c.reply();
        r.array(a.length - 2);
        for (int i = 2; i < a.length; i++) r.bulk(h == null ? null : h.get(a[i]));
    }

    private void dump(Client c, byte[][] a, boolean fields, boolean values) {
        HashValue h = read(c, a[1]);
        Reply r = c.reply();
        int size = h == null ? 0 : (int) h.size();
        if (fields && values) r.map(size); else r.array(size);
        if (h == null) return;
        int n = h.slots();
        for (int i = 0; i < n; i++) {
            if (!h.isLive(i)) continue;
            if (fields) r.bulk(h.fieldAt(i));
            if (values) r.bulk(h.valueAt(i));
        }
    }

    private void hdel(Client c, byte[][] a) {
        HashValue h = c.db.write(a[1], HashValue.class);
        if (h == null) {
            c.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < a.length; i++) {
            if (h.remove(a[i])) {
                deleted++;
                if (h.size() == 0) break;
            }
        }
        if (deleted > 0) {
            if (h.size() == 0) c.db.delete(a[1]); else c.db.modified(a[1]);
        }
        c.reply().integer(deleted);
    }

    private void hexists(Client c, byte[][] a) {
        HashValue h = read(c, a[1]);
        c.reply().integer(h != null && h.find(a[2]) >= 0 ? 1 : 0);
    }

    private void hlen(Client c, byte[][] a) {
        HashValue h = read(c, a[1]);
        c.reply().integer(h == null ? 0 : h.size());
    }

    private void hstrlen(Client c, byte[][] a) {
        HashValue h = read(c, a[1]);
        byte[] v = h == null ? null : h.get(a[2]);
        c.reply().integer(v == null ? 0 : v.length);
    }

    private void hincrby(Client c, byte[][] a) {
        long incr = Args.parseLong(a[3]);
        HashValue h = writeOrCreate(c.db, a[1]);
        byte[] cur = h.get(a[2]);
        long old = 0;
        if (cur != null) old = Args.parseLong(cur, HASH_NOT_INTEGER);
        if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old)
                || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
            throw RedisError.OVERFLOW;
        }
        long v = old + incr;
        h.put(a[2], Args.longBytes(v));
        c.db.modified(a[1]);
        c.reply().integer(v);
    }

    private static final byte[] HSET = Args.bytes("HSET");

    private void hincrbyfloat(Client c, byte[][] a) {
        BigDecimal incr = LongDouble.parse(a[3]);
        if (incr == null) throw RedisError.NOT_FLOAT;
        if (LongDouble.isInfinite(incr)) throw NAN_OR_INF;
        HashValue h = writeOrCreate(c.db, a[1]);
        byte[] cur = h.get(a[2]);
        BigDecimal old = BigDecimal.ZERO;
        if (cur != null) {
            old = LongDouble.parse(cur);
            if (old == null) throw HASH_NOT_FLOAT;
        }
        BigDecimal v = LongDouble.add(old, incr);
        if (v == null) throw PRODUCES_NAN;
        byte[] out = LongDouble.format(v).getBytes(StandardCharsets.US_ASCII);
        h.put(a[2], out);
        c.db.modified(a[1]);
        // The replica gets the result, not the float arithmetic to redo.
        Dispatcher.propagateAs(c, HSET, a[1], a[2], out);
        c.reply().bulk(out);
    }

    private void hrandfield(Client c, byte[][] a) {
        Reply r = c.reply();
        if (a.length == 2) {
            HashValue h = read(c, a[1]);
            if (h == null) r.nullBulk(); else r.bulk(h.fieldAt(h.randomSlot()));
            return;
        }
        long l = Args.parseLong(a[2]);
        if (l == Long.MIN_VALUE) throw COUNT_RANGE;
        boolean withValues = false;
        if (a.length > 4 || (a.length == 4 && !Args.is(a[3], "withvalues"))) throw RedisError.SYNTAX;
        if (a.length == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) throw OUT_OF_RANGE;
        }
        HashValue h = read(c, a[1]);
        if (h == null || l == 0) {
            r.emptyArray();
            return;
        }
        boolean nested = withValues && r.resp3();
        long size = h.size();
        if (l < 0 || l == 1) {
            long count = Math.abs(l);
            // Redis would try to build such a reply and run out of memory; refuse instead.
            if (count > Integer.MAX_VALUE / 2) throw OUT_OF_RANGE;
            r.array((int) (withValues && !nested ? count * 2 : count));
            for (long k = 0; k < count; k++) emitPair(r, h, h.randomSlot(), withValues, nested);
            return;
        }
        int count = (int) Math.min(l, size);
        r.array(withValues && !nested ? count * 2 : count);
        int n = h.slots();
        if (l >= size) {
            for (int i = 0; i < n; i++) {
                if (h.isLive(i)) emitPair(r, h, i, withValues, nested);
            }
            return;
        }
        BitSet picked = pickUnique(h, count, size);
        for (int i = picked.nextSetBit(0); i >= 0; i = picked.nextSetBit(i + 1)) emitPair(r, h, i, withValues, nested);
    }

    /** {@code count} distinct random live slots, count smaller than size. */
    private static BitSet pickUnique(HashValue h, int count, long size) {
        BitSet picked = new BitSet(h.slots());
        if ((long) count * 3 > size) {
            // Close to the whole hash: start from everything and drop random entries.
            int n = h.slots();
            for (int i = 0; i < n; i++) if (h.isLive(i)) picked.set(i);
            for (long left = size; left > count; ) {
                int s = h.randomSlot();
                if (picked.get(s)) {
                    picked.clear(s);
                    left--;
                }
            }
            return picked;
        }
        for (int added = 0; added < count; ) {
            int s = h.randomSlot();
            if (!picked.get(s)) {
                picked.set(s);
                added++;
            }
        }
        return picked;
    }

    private static void emitPair(Reply r, HashValue h, int slot, boolean withValues, boolean nested) {
        if (nested) r.array(2);
        r.bulk(h.fieldAt(slot));
        if (withValues) r.bulk(h.valueAt(slot));
    }

    private void hscan(Client c, byte[][] a) {
        long cursor = ScanParams.parseCursor(a[2]);
        HashValue h = read(c, a[1]);
        Reply r = c.reply();
        if (h == null) {
            ScanParams.replyEmpty(r);
            return;
        }
        ScanParams p = ScanParams.parse(a, 3, cursor);
        List<byte[]> out = new ArrayList<>();
        if (h.isListpack()) {
            int n = h.slots();
            for (int i = 0; i < n; i++) {
                if (p.matches(h.fieldAt(i))) {
                    out.add(h.fieldAt(i));
                    out.add(h.valueAt(i));
                }
            }
            ScanParams.reply(r, 0, out);
            return;
        }
        Dict d = h.dict();
        List<byte[]> batch = new ArrayList<>();
        long maxIterations = p.count * 10;
        do {
            cursor = d.scan(cursor, i -> {
                batch.add(d.keyAt(i));
                batch.add((byte[]) d.valueAt(i));
            });
        } while (cursor != 0 && maxIterations-- > 0 && batch.size() / 2 < p.count);
        for (int i = 0; i < batch.size(); i += 2) {
            if (p.matches(batch.get(i))) {
                out.add(batch.get(i));
                out.add(batch.get(i + 1));
            }
        }
        ScanParams.reply(r, cursor, out);
    }
}
