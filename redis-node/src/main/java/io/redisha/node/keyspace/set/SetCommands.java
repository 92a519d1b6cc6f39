package io.redisha.node.keyspace.set;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.Dispatcher;
import io.redisha.node.command.KeyFinder;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Dict;
import io.redisha.node.keyspace.hash.ScanParams;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/** The set commands, on {@link SetValue}. */
public final class SetCommands {
    private static final RedisError COUNT_RANGE = new RedisError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError NUMKEYS = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError TOO_MANY_KEYS = new RedisError("ERR Number of keys can't be greater than number of args");
    private static final RedisError LIMIT_NEGATIVE = new RedisError("ERR LIMIT can't be negative");
    private static final int UNION = 0, DIFF = 1;

    private final ServerContext ctx;

    public SetCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("set");
        t.add("sadd", -3, WRITE | DENYOOM | FAST, 1, 1, 1, this::sadd);
        t.add("srem", -3, WRITE | FAST, 1, 1, 1, this::srem);
        t.add("smove", 4, WRITE | FAST, 1, 2, 1, this::smove);
        t.add("sismember", 3, READONLY | FAST, 1, 1, 1, this::sismember);
        t.add("smismember", -3, READONLY | FAST, 1, 1, 1, this::smismember);
        t.add("scard", 2, READONLY | FAST, 1, 1, 1, this::scard);
        t.add("spop", -2, WRITE | FAST | RANDOM, 1, 1, 1, this::spop);
        t.add("srandmember", -2, READONLY | RANDOM, 1, 1, 1, this::srandmember);
        t.add("smembers", 2, READONLY, 1, 1, 1, (c, a) -> sinter(c, a, 1, a.length, null, false, 0));
        t.add("sinter", -2, READONLY, 1, -1, 1, (c, a) -> sinter(c, a, 1, a.length, null, false, 0));
        t.add("sintercard", -3, READONLY, KeyFinder.numkeys(1), this::sintercard);
        t.add("sinterstore", -3, WRITE | DENYOOM, 1, -1, 1, (c, a) -> sinter(c, a, 2, a.length, a[1], false, 0));
        t.add("sunion", -2, READONLY, 1, -1, 1, (c, a) -> unionDiff(c, a, 1, null, UNION));
        t.add("sunionstore", -3, WRITE | DENYOOM, 1, -1, 1, (c, a) -> unionDiff(c, a, 2, a[1], UNION));
        t.add("sdiff", -2, READONLY, 1, -1, 1, (c, a) -> unionDiff(c, a, 1, null, DIFF));
        t.add("sdiffstore", -3, WRITE | DENYOOM, 1, -1, 1, (c, a) -> unionDiff(c, a, 2, a[1], DIFF));
        t.add("sscan", -3, READONLY, 1, 1, 1, this::sscan);
    }

    private static SetValue read(Client c, byte[] key) {
        return c.db.read(key, SetValue.class);
    }

    /** Writes one member of {@code s} as a bulk string, integers without an intermediate array. */
    private static void bulkMember(Reply r, SetValue s, int slot) {
        if (s.isIntset()) r.bulkLong(s.intAt(slot)); else r.bulk(s.memberAt(slot));
    }

    /** Writes every member, in the set's iteration order. */
    private static void members(Reply r, SetValue s) {
        int n = s.slots();
        for (int i = 0; i < n; i++) {
            if (s.isLive(i)) bulkMember(r, s, i);
        }
    }

    private void sadd(Client c, byte[][] a) {
        Database db = c.db;
        SetValue s = db.write(a[1], SetValue.class);
        if (s == null) {
            s = SetValue.createFor(a[2]);
            db.add(a[1], s);
        }
        int added = 0;
        for (int i = 2; i < a.length; i++) {
            if (s.add(a[i])) added++;
        }
        if (added > 0) db.modified(a[1]);
        c.reply().integer(added);
    }

    private void srem(Client c, byte[][] a) {
        SetValue s = c.db.write(a[1], SetValue.class);
        if (s == null) {
            c.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < a.length; i++) {
            if (s.remove(a[i])) {
                deleted++;
                if (s.size() == 0) break;
            }
        }
        if (deleted > 0) {
            if (s.size() == 0) c.db.delete(a[1]); else c.db.modified(a[1]);
        }
        c.reply().integer(deleted);
    }

    private void smove(Client c, byte[][] a) {
        Database db = c.db;
        Object src = db.lookupWrite(a[1]);
        Object dst = db.lookupWrite(a[2]);
        byte[] member = a[3];
        if (src == null) {
            c.reply().integer(0);
            return;
        }
        if (!(src instanceof SetValue from) || (dst != null && !(dst instanceof SetValue))) {
            throw RedisError.WRONGTYPE;
        }
        if (src == dst) {
            c.reply().integer(from.contains(member) ? 1 : 0);
            return;
        }
        if (!from.remove(member)) {
            c.reply().integer(0);
            return;
        }
        if (from.size() == 0) db.delete(a[1]); else db.modified(a[1]);
        SetValue to = (SetValue) dst;
        if (to == null) {
            to = SetValue.createFor(member);
            db.add(a[2], to);
        }
        to.add(member);
        db.modified(a[2]);
        c.reply().integer(1);
    }

    private void sismember(Client c, byte[][] a) {
        SetValue s = read(c, a[1]);
        c.reply().integer(s != null && s.contains(a[2]) ? 1 : 0);
    }

    private void smismember(Client c, byte[][] a) {
        SetValue s = read(c, a[1]);
        Reply r = c.reply();
        r.array(a.length - 2);
        for (int i = 2; i < a.length; i++) r.integer(s != null && s.contains(a[i]) ? 1 : 0);
    }

    private void scard(Client c, byte[][] a) {
        SetValue s = read(c, a[1]);
        c.reply().integer(s == null ? 0 : s.size());
    }

    private void spop(Client c, byte[][] a) {
        Reply r = c.reply();
        Database db = c.db;
        if (a.length > 3) throw RedisError.SYNTAX;
        if (a.length == 2) {
            SetValue s = db.write(a[1], SetValue.class);
            if (s == null) {
                r.nullBulk();
                return;
            }
            int slot = s.randomSlot();
            byte[] m = s.memberAt(slot);
            s.remove(m);
            r.bulk(m);
            if (s.size() == 0) db.delete(a[1]); else db.modified(a[1]);
            // A replica must remove the same member, not pick its own at random.
            Dispatcher.propagateAs(c, SREM, a[1], m);
            return;
        }
        long count = Args.parsePositive(a[2]);
        SetValue s = db.write(a[1], SetValue.class);
        if (s == null || count == 0) {
            r.set(0);
            return;
        }
        long size = s.size();
        if (count >= size) {
            r.set((int) size);
            members(r, s);
            db.delete(a[1]);
            Dispatcher.propagateAs(c, DEL, a[1]);
            return;
        }
        BitSet picked = pickUnique(s, (int) count, size);
        byte[][] popped = new byte[(int) count][];
        int k = 0;
        for (int i = picked.nextSetBit(0); i >= 0; i = picked.nextSetBit(i + 1)) popped[k++] = s.memberAt(i);
        r.set(popped.length);
        for (byte[] m : popped) {
            r.bulk(m);
            s.remove(m);
        }
        db.modified(a[1]);
        byte[][] srem = new byte[popped.length + 2][];
        srem[0] = SREM;
        srem[1] = a[1];
        System.arraycopy(popped, 0, srem, 2, popped.length);
        Dispatcher.propagateAs(c, srem);
    }

    private static final byte[] SREM = Args.bytes("SREM");
    private static final byte[] DEL = Args.bytes("DEL");

    private void srandmember(Client c, byte[][] a) {
        Reply r = c.reply();
        if (a.length > 3) throw RedisError.SYNTAX;
        if (a.length == 2) {
            SetValue s = read(c, a[1]);
            if (s == null) r.nullBulk(); else bulkMember(r, s, s.randomSlot());
            return;
        }
        long l = Args.parseLong(a[2]);
        if (l == Long.MIN_VALUE) throw COUNT_RANGE;
        SetValue s = read(c, a[1]);
        if (s == null || l == 0) {
            r.emptyArray();
            return;
        }
        long size = s.size();
        if (l < 0) {
            long count = -l;
            // Redis would try to build such a reply and run out of memory; refuse instead.
            if (count > Integer.MAX_VALUE / 2) throw RedisError.NOT_INTEGER;
            r.array((int) count);
            for (long k = 0; k < count; k++) bulkMember(r, s, s.randomSlot());
            return;
        }
        if (l >= size) {
            r.array((int) size);
            members(r, s);
            return;
        }
        BitSet picked = pickUnique(s, (int) l, size);
        r.array((int) l);
        for (int i = picked.nextSetBit(0); i >= 0; i = picked.nextSetBit(i + 1)) bulkMember(r, s, i);
    }

    /** {@code count} distinct random live slots, count smaller than size. */
    private static BitSet pickUnique(SetValue s, int count, long size) {
        BitSet picked = new BitSet(s.slots());
        if ((long) count * 3 > size) {
            // Close to the whole set: start from everything and drop random members.
            int n = s.slots();
            for (int i = 0; i < n; i++) if (s.isLive(i)) picked.set(i);
            for (long left = size; left > count; ) {
                int slot = s.randomSlot();
                if (picked.get(slot)) {
                    picked.clear(slot);
                    left--;
                }
            }
            return picked;
        }
        for (int added = 0; added < count; ) {
            int slot = s.randomSlot();
            if (!picked.get(slot)) {
                picked.set(slot);
                added++;
            }
        }
        return picked;
    }

    private void sintercard(Client c, byte[][] a) {
        long numkeys = Args.parseLong(a[1], NUMKEYS);
        if (numkeys < 1) throw NUMKEYS;
        if (numkeys > a.length - 2) throw TOO_MANY_KEYS;
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < a.length; j++) {
            if (Args.is(a[j], "limit") && j + 1 < a.length) {
                limit = Args.parseLong(a[++j], LIMIT_NEGATIVE);
                if (limit < 0) throw LIMIT_NEGATIVE;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        sinter(c, a, 2, 2 + (int) numkeys, null, true, limit);
    }

    /**
     * SINTER, SINTERSTORE, SINTERCARD and SMEMBERS: keys are a[from..to). Every key is type
     * checked first; a missing key makes the result empty.
     */
    private void sinter(Client c, byte[][] a, int from, int to, byte[] dst, boolean cardOnly, long limit) {
        Database db = c.db;
        Reply r = c.reply();
        SetValue[] sets = new SetValue[to - from];
        boolean empty = false;
        for (int j = from; j < to; j++) {
            SetValue s = dst != null ? db.write(a[j], SetValue.class) : db.read(a[j], SetValue.class);
            if (s == null) empty = true;
            sets[j - from] = s;
        }
        if (empty) {
            if (dst != null) {
                db.delete(dst);
                r.integer(0);
            } else if (cardOnly) {
                r.integer(0);
            } else {
                r.set(0);
            }
            return;
        }
        Arrays.sort(sets, (x, y) -> Long.compare(x.size(), y.size()));
        SetValue first = sets[0];
        if (sets.length == 1 && !cardOnly && dst == null) {
            r.set((int) first.size());
            members(r, first);
            return;
        }
        int n = first.slots();
        long card = 0;
        SetValue result = dst != null ? new SetValue() : null;
        // Slots of the first set that are in every set, replied once the count is known.
        int[] out = cardOnly || dst != null ? null : new int[16];
        for (int i = 0; i < n; i++) {
            if (!first.isLive(i)) continue;
            boolean inAll = true;
            for (int j = 1; j < sets.length && inAll; j++) {
                if (sets[j] != first && !sets[j].containsMemberOf(first, i)) inAll = false;
            }
            if (!inAll) continue;
            card++;
            if (result != null) {
                result.addMemberOf(first, i);
            } else if (out != null) {
                if (card > out.length) out = Arrays.copyOf(out, out.length * 2);
                out[(int) card - 1] = i;
            } else if (limit > 0 && card >= limit) {
                break;
            }
        }
        if (cardOnly) {
            r.integer(card);
        } else if (dst != null) {
            storeResult(db, dst, result);
            r.integer(result.size());
        } else {
            r.set((int) card);
            for (int k = 0; k < card; k++) bulkMember(r, first, out[k]);
        }
    }

    /** SUNION, SDIFF and their STORE forms: keys are a[from..]; missing keys are empty sets. */
    private void unionDiff(Client c, byte[][] a, int from, byte[] dst, int op) {
        Database db = c.db;
        SetValue[] sets = new SetValue[a.length - from];
        for (int j = from; j < a.length; j++) {
            sets[j - from] = dst != null ? db.write(a[j], SetValue.class) : db.read(a[j], SetValue.class);
        }
        SetValue result = new SetValue();
        if (op == UNION) {
            for (SetValue s : sets) {
                if (s == null) continue;
                int n = s.slots();
                for (int i = 0; i < n; i++) if (s.isLive(i)) result.addMemberOf(s, i);
            }
        } else if (sets[0] != null) {
            diff(sets, result);
        }
        if (dst != null) {
            storeResult(db, dst, result);
            c.reply().integer(result.size());
        } else {
            c.reply().set((int) result.size());
            members(c.reply(), result);
        }
    }

    /** Picks Redis's cheaper algorithm: probe each member of the first set, or subtract. */
    private static void diff(SetValue[] sets, SetValue result) {
        SetValue first = sets[0];
        long probeWork = 0, subtractWork = 0;
        for (SetValue s : sets) {
            if (s == null) continue;
            probeWork += first.size();
            subtractWork += s.size();
        }
        int n = first.slots();
        if (probeWork / 2 <= subtractWork) {
            for (int i = 0; i < n; i++) {
                if (!first.isLive(i)) continue;
                boolean keep = true;
                for (int j = 1; j < sets.length && keep; j++) {
                    SetValue s = sets[j];
                    if (s != null && (s == first || s.containsMemberOf(first, i))) keep = false;
                }
                if (keep) result.addMemberOf(first, i);
            }
            return;
        }
        for (int i = 0; i < n; i++) if (first.isLive(i)) result.addMemberOf(first, i);
        for (int j = 1; j < sets.length && result.size() > 0; j++) {
            SetValue s = sets[j];
            if (s == null) continue;
            int m = s.slots();
            for (int i = 0; i < m; i++) {
                if (!s.isLive(i)) continue;
                if (s.isIntset()) result.removeInt(s.intAt(i)); else result.remove(s.memberAt(i));
            }
        }
    }

    /** Replaces the destination with the result, or deletes it when the result is empty. */
    private static void storeResult(Database db, byte[] dst, SetValue result) {
        if (result.size() > 0) db.set(dst, result); else db.delete(dst);
    }

    private void sscan(Client c, byte[][] a) {
        long cursor = ScanParams.parseCursor(a[2]);
        SetValue s = read(c, a[1]);
        Reply r = c.reply();
        if (s == null) {
            ScanParams.replyEmpty(r);
            return;
        }
        ScanParams p = ScanParams.parse(a, 3, cursor);
        List<byte[]> out = new ArrayList<>();
        if (s.isIntset()) {
            int n = s.slots();
            for (int i = 0; i < n; i++) {
                byte[] m = s.memberAt(i);
                if (p.matches(m)) out.add(m);
            }
            ScanParams.reply(r, 0, out);
            return;
        }
        Dict d = s.dict();
        List<byte[]> batch = new ArrayList<>();
        long maxIterations = p.count * 10;
        do {
            cursor = d.scan(cursor, i -> batch.add(d.keyAt(i)));
        } while (cursor != 0 && maxIterations-- > 0 && batch.size() < p.count);
        for (byte[] m : batch) {
            if (p.matches(m)) out.add(m);
        }
        ScanParams.reply(r, cursor, out);
    }
}
