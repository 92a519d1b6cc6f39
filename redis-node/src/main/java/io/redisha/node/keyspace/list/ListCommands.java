package io.redisha.node.keyspace.list;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.Dispatcher;
import io.redisha.node.command.KeyFinder;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Blocking;
import io.redisha.node.keyspace.Database;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.util.Arrays;

/**
 * The list commands. Argument checks run in the order Redis 7.0 runs them, since that decides
 * which error a bad request gets. Blocking commands are re-run by the dispatcher when one of
 * their keys changes, so they must be safe to run again with the same arguments.
 */
public final class ListCommands {
    private static final RedisError NUMKEYS = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError COUNT_POSITIVE = new RedisError("ERR count should be greater than 0");
    private static final RedisError RANK_ZERO = new RedisError("ERR RANK can't be zero: use 1 to start from the "
            + "first match, 2 from the second ... or use negative to start from the end of the list");
    private static final RedisError COUNT_NEGATIVE = new RedisError("ERR COUNT can't be negative");
    private static final RedisError MAXLEN_NEGATIVE = new RedisError("ERR MAXLEN can't be negative");

    private final ServerContext ctx;

    public ListCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("list");
        t.add("lpush", -3, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> push(c, a, true, false));
        t.add("rpush", -3, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> push(c, a, false, false));
        t.add("lpushx", -3, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> push(c, a, true, true));
        t.add("rpushx", -3, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> push(c, a, false, true));
        t.add("lpop", -2, WRITE | FAST, 1, 1, 1, (c, a) -> pop(c, a, true));
        t.add("rpop", -2, WRITE | FAST, 1, 1, 1, (c, a) -> pop(c, a, false));
        t.add("llen", 2, READONLY | FAST, 1, 1, 1, this::llen);
        t.add("lrange", 4, READONLY, 1, 1, 1, this::lrange);
        t.add("lindex", 3, READONLY, 1, 1, 1, this::lindex);
        t.add("lset", 4, WRITE | DENYOOM, 1, 1, 1, this::lset);
        t.add("linsert", 5, WRITE | DENYOOM, 1, 1, 1, this::linsert);
        t.add("lrem", 4, WRITE, 1, 1, 1, this::lrem);
        t.add("ltrim", 4, WRITE, 1, 1, 1, this::ltrim);
        t.add("lpos", -3, READONLY, 1, 1, 1, this::lpos);
        t.add("lmove", 5, WRITE | DENYOOM, 1, 2, 1, this::lmove);
        t.add("rpoplpush", 3, WRITE | DENYOOM, 1, 2, 1, (c, a) -> move(c, a[1], a[2], false, true));
        t.add("lmpop", -4, WRITE, KeyFinder.numkeys(1), this::lmpop);
        t.add("blpop", -3, WRITE | NOSCRIPT | BLOCKING, 1, -2, 1, (c, a) -> bpop(c, a, true));
        t.add("brpop", -3, WRITE | NOSCRIPT | BLOCKING, 1, -2, 1, (c, a) -> bpop(c, a, false));
        t.add("blmove", 6, WRITE | DENYOOM | NOSCRIPT | BLOCKING, 1, 2, 1, this::blmove);
        t.add("brpoplpush", 4, WRITE | DENYOOM | NOSCRIPT | BLOCKING, 1, 2, 1,
                (c, a) -> bmove(c, a, false, true, a[3]));
        t.add("blmpop", -5, WRITE | BLOCKING, KeyFinder.numkeys(2), this::blmpop);
    }

    /** LEFT is the head, RIGHT the tail. */
    private static boolean parseWhere(byte[] arg) {
        if (Args.is(arg, "left")) return true;
        if (Args.is(arg, "right")) return false;
        throw RedisError.SYNTAX;
    }

    /** Removes the key when the pop emptied its list, else signals the change. */
    private static void popped(Database db, byte[] key, ListValue l) {
        if (l.length() == 0) db.delete(key); else db.modified(key);
    }

    /** Turns a Redis index (negative counts from the tail) into a position, or -1 when outside. */
    private static int position(ListValue l, long index) {
        int len = l.length();
        if (index < 0) index += len;
        return index < 0 || index >= len ? -1 : (int) index;
    }

    private void push(Client c, byte[][] a, boolean head, boolean onlyIfExists) {
        Database db = c.db;
        ListValue l = db.write(a[1], ListValue.class);
        if (l == null) {
            if (onlyIfExists) {
                c.reply().integer(0);
                return;
            }
            l = new ListValue(a.length - 2);
            pushAll(l, a, head);
            db.add(a[1], l);
        } else {
            pushAll(l, a, head);
            db.modified(a[1]);
        }
        c.reply().integer(l.length());
    }

    private static void pushAll(ListValue l, byte[][] a, boolean head) {
        for (int i = 2; i < a.length; i++) {
            if (head) l.addFirst(a[i]); else l.addLast(a[i]);
        }
    }

    private void pop(Client c, byte[][] a, boolean head) {
        if (a.length > 3) {
            throw new RedisError("ERR wrong number of arguments for '" + (head ? "lpop" : "rpop") + "' command");
        }
        boolean hasCount = a.length == 3;
        long count = hasCount ? Args.parsePositive(a[2]) : 1;
        Reply r = c.reply();
        ListValue l = c.db.write(a[1], ListValue.class);
        if (l == null) {
            if (hasCount) r.nullArray(); else r.nullBulk();
            return;
        }
        if (!hasCount) {
            r.bulk(head ? l.pollFirst() : l.pollLast());
        } else if (count == 0) {
            r.emptyArray();
            return;
        } else {
            replyPopped(r, l, head, count);
        }
        popped(c.db, a[1], l);
    }

    private static void replyPopped(Reply r, ListValue l, boolean head, long count) {
        int n = (int) Math.min(count, l.length());
        r.array(n);
        for (int i = 0; i < n; i++) r.bulk(head ? l.pollFirst() : l.pollLast());
    }

    private void llen(Client c, byte[][] a) {
        ListValue l = c.db.read(a[1], ListValue.class);
        c.reply().integer(l == null ? 0 : l.length());
    }

    private void lrange(Client c, byte[][] a) {
        long start = Args.parseLong(a[2]);
        long end = Args.parseLong(a[3]);
        Reply r = c.reply();
        ListValue l = c.db.read(a[1], ListValue.class);
        if (l == null) {
            r.emptyArray();
            return;
        }
        long len = l.length();
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        if (start > end || start >= len) {
            r.emptyArray();
            return;
        }
        if (end >= len) end = len - 1;
        int from = (int) start, to = (int) end;
        r.array(to - from + 1);
        for (int i = from; i <= to; i++) r.bulk(l.get(i));
    }

    private void lindex(Client c, byte[][] a) {
        ListValue l = c.db.read(a[1], ListValue.class);
        if (l == null) {
            c.reply().nullBulk();
            return;
        }
        int i = position(l, Args.parseLong(a[2]));
        c.reply().bulk(i < 0 ? null : l.get(i));
    }

    private void lset(Client c, byte[][] a) {
        ListValue l = c.db.write(a[1], ListValue.class);
        if (l == null) throw RedisError.NO_SUCH_KEY;
        int i = position(l, Args.parseLong(a[2]));
        if (i < 0) throw RedisError.OUT_OF_RANGE;
        l.set(i, a[3]);
        c.db.modified(a[1]);
        c.reply().ok();
    }

    private void linsert(Client c, byte[][] a) {
        boolean after;
        if (Args.is(a[2], "after")) after = true;
        else if (Args.is(a[2], "before")) after = false;
        else throw RedisError.SYNTAX;
        ListValue l = c.db.write(a[1], ListValue.class);
        if (l == null) {
            c.reply().integer(0);
            return;
        }
        int i = l.indexOf(a[3]);
        if (i < 0) {
            c.reply().integer(-1);
            return;
        }
        l.insert(after ? i + 1 : i, a[4]);
        c.db.modified(a[1]);
        c.reply().integer(l.length());
    }

    private void lrem(Client c, byte[][] a) {
        long count = Args.parseLong(a[2]);
        ListValue l = c.db.write(a[1], ListValue.class);
        if (l == null) {
            c.reply().integer(0);
            return;
        }
        int removed = l.removeMatches(a[3], count);
        if (removed > 0) popped(c.db, a[1], l);
        c.reply().integer(removed);
    }

    private void ltrim(Client c, byte[][] a) {
        long start = Args.parseLong(a[2]);
        long end = Args.parseLong(a[3]);
        ListValue l = c.db.write(a[1], ListValue.class);
        if (l == null) {
            c.reply().ok();
            return;
        }
        long len = l.length();
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        long fromHead, fromTail;
        if (start > end || start >= len) {
            fromHead = len;
            fromTail = 0;
        } else {
            if (end >= len) end = len - 1;
            fromHead = start;
            fromTail = len - end - 1;
        }
        l.trim((int) fromHead, (int) fromTail);
        popped(c.db, a[1], l);
        c.reply().ok();
    }

    private void lpos(Client c, byte[][] a) {
        long rank = 1, count = -1, maxlen = 0;
        for (int j = 3; j < a.length; j++) {
            boolean more = j + 1 < a.length;
            if (Args.is(a[j], "rank") && more) {
                rank = Args.parseLong(a[++j]);
                if (rank == 0) throw RANK_ZERO;
            } else if (Args.is(a[j], "count") && more) {
                count = Args.parseLong(a[++j], COUNT_NEGATIVE);
                if (count < 0) throw COUNT_NEGATIVE;
            } else if (Args.is(a[j], "maxlen") && more) {
                maxlen = Args.parseLong(a[++j], MAXLEN_NEGATIVE);
                if (maxlen < 0) throw MAXLEN_NEGATIVE;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        Reply r = c.reply();
        ListValue l = c.db.read(a[1], ListValue.class);
        if (l == null) {
            if (count != -1) r.emptyArray(); else r.nullBulk();
            return;
        }
        boolean fromTail = rank < 0;
        // Like Redis, the smallest long stays negative when negated: every match then qualifies.
        if (fromTail) rank = -rank;
        int len = l.length();
        long limit = maxlen == 0 ? len : Math.min(maxlen, len);
        byte[] ele = a[2];
        long matches = 0;
        if (count == -1) {
            for (int k = 0; k < limit; k++) {
                int i = fromTail ? len - 1 - k : k;
                if (Arrays.equals(l.get(i), ele) && ++matches >= rank) {
                    r.integer(i);
                    return;
                }
            }
            r.nullBulk();
            return;
        }
        int[] found = new int[8];
        int n = 0;
        for (int k = 0; k < limit; k++) {
            int i = fromTail ? len - 1 - k : k;
            if (Arrays.equals(l.get(i), ele) && ++matches >= rank) {
                if (n == found.length) found = Arrays.copyOf(found, n * 2);
                found[n++] = i;
                if (count != 0 && matches - rank + 1 >= count) break;
            }
        }
        r.array(n);
        for (int k = 0; k < n; k++) r.integer(found[k]);
    }

    private void lmove(Client c, byte[][] a) {
        boolean fromHead = parseWhere(a[3]);
        boolean toHead = parseWhere(a[4]);
        move(c, a[1], a[2], fromHead, toHead);
    }

    /** LMOVE: pops from the source, pushes to the destination (possibly the same list). */
    private void move(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
        Database db = c.db;
        ListValue from = db.write(src, ListValue.class);
        if (from == null) {
            c.reply().nullBulk();
            return;
        }
        moveFrom(c, from, src, dst, fromHead, toHead);
    }

    private static void moveFrom(Client c, ListValue from, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
        Database db = c.db;
        ListValue to = db.write(dst, ListValue.class);
        byte[] v = fromHead ? from.pollFirst() : from.pollLast();
        if (to == null) {
            to = new ListValue();
            if (toHead) to.addFirst(v); else to.addLast(v);
            db.add(dst, to);
        } else {
            if (toHead) to.addFirst(v); else to.addLast(v);
            db.modified(dst);
        }
        if (from != to) popped(db, src, from);
        c.reply().bulk(v);
    }

    /** The numkeys, LEFT|RIGHT and COUNT of LMPOP/BLMPOP; returns count, numkeys in out[0]. */
    private static long parseMpop(byte[][] a, int numkeysIdx, long[] out) {
        long numkeys = Args.parseLong(a[numkeysIdx], NUMKEYS);
        if (numkeys < 1) throw NUMKEYS;
        if (numkeys > a.length - numkeysIdx - 2) throw RedisError.SYNTAX;
        int whereIdx = numkeysIdx + (int) numkeys + 1;
        boolean head = parseWhere(a[whereIdx]);
        long count = -1;
        for (int j = whereIdx + 1; j < a.length; j++) {
            if (count == -1 && Args.is(a[j], "count") && j + 1 < a.length) {
                count = Args.parseLong(a[++j], COUNT_POSITIVE);
                if (count < 1) throw COUNT_POSITIVE;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        out[0] = numkeys;
        out[1] = head ? 1 : 0;
        return count == -1 ? 1 : count;
    }

    private void lmpop(Client c, byte[][] a) {
        long[] parsed = new long[2];
        long count = parseMpop(a, 1, parsed);
        if (!popFirstNonEmpty(c, a, 2, 2 + (int) parsed[0], parsed[1] == 1, count, false)) {
            c.reply().nullArray();
        }
    }

    /**
     * Pops from the first non-empty list among {@code a[from..to)} and replies [key, value] or,
     * with {@code count} &gt; 0 (the MPOP forms), [key, [values...]]. Returns false when all were
     * empty. A re-run blocked client skips keys of another type, as Redis 7.0 only wakes it for
     * lists.
     */
    private boolean popFirstNonEmpty(Client c, byte[][] a, int from, int to, boolean head, long count, boolean rerun) {
        Database db = c.db;
        for (int i = from; i < to; i++) {
            Object v = db.lookupWrite(a[i]);
            if (v == null) continue;
            if (!(v instanceof ListValue l)) {
                if (rerun) continue;
                throw RedisError.WRONGTYPE;
            }
            if (l.length() == 0) continue;
            Reply r = c.reply();
            r.array(2);
            r.bulk(a[i]);
            if (count > 0) replyPopped(r, l, head, count);
            else r.bulk(head ? l.pollFirst() : l.pollLast());
            popped(db, a[i], l);
            // Replicas replay the pop itself: a blocking form must never block there.
            if (count > 0) Dispatcher.propagateAs(c, head ? LPOP : RPOP, a[i], Args.longBytes(count));
            else Dispatcher.propagateAs(c, head ? LPOP : RPOP, a[i]);
            return true;
        }
        return false;
    }

    private static final byte[] LPOP = Args.bytes("LPOP");
    private static final byte[] RPOP = Args.bytes("RPOP");
    private static final byte[] LMOVE = Args.bytes("LMOVE");
    private static final byte[] LEFT = Args.bytes("LEFT");
    private static final byte[] RIGHT = Args.bytes("RIGHT");

    private boolean rerun(Client c) {
        return ctx.keyspace.blocking().isBlocked(c);
    }

    private void bpop(Client c, byte[][] a, boolean head) {
        long deadline = Args.blockingDeadline(a[a.length - 1], ctx.keyspace.now());
        if (popFirstNonEmpty(c, a, 1, a.length - 1, head, 0, rerun(c))) return;
        block(c, a, 1, a.length - 1, deadline, true);
    }

    private void blmpop(Client c, byte[][] a) {
        long deadline = Args.blockingDeadline(a[1], ctx.keyspace.now());
        long[] parsed = new long[2];
        long count = parseMpop(a, 2, parsed);
        int to = 3 + (int) parsed[0];
        if (popFirstNonEmpty(c, a, 3, to, parsed[1] == 1, count, rerun(c))) return;
        block(c, a, 3, to, deadline, true);
    }

    private void blmove(Client c, byte[][] a) {
        boolean fromHead = parseWhere(a[3]);
        boolean toHead = parseWhere(a[4]);
        bmove(c, a, fromHead, toHead, a[5]);
    }

    private void bmove(Client c, byte[][] a, boolean fromHead, boolean toHead, byte[] timeout) {
        long deadline = Args.blockingDeadline(timeout, ctx.keyspace.now());
        Object v = c.db.lookupWrite(a[1]);
        if (v != null && !(v instanceof ListValue)) {
            if (!rerun(c)) throw RedisError.WRONGTYPE;
            v = null;
        }
        if (v instanceof ListValue from && from.length() > 0) {
            moveFrom(c, from, a[1], a[2], fromHead, toHead);
            Dispatcher.propagateAs(c, LMOVE, a[1], a[2], fromHead ? LEFT : RIGHT, toHead ? LEFT : RIGHT);
            return;
        }
        block(c, a, 1, 2, deadline, false);
    }

    /**
     * Nothing to serve: inside EXEC the client gets its empty reply at once (a null bulk for the
     * move forms), else it waits. A timeout replies a null array for every list command, the
     * move forms included, as Redis 7.0 does.
     */
    private void block(Client c, byte[][] a, int from, int to, long deadline, boolean arrayReply) {
        if (c.inExec) {
            if (arrayReply) c.reply().nullArray(); else c.reply().nullBulk();
            return;
        }
        ctx.keyspace.blocking().block(c, c.db, a, from, to, deadline, Blocking.OnTimeout.NULL_ARRAY);
    }
}
