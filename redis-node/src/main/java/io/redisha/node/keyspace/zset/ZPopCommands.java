package io.redisha.node.keyspace.zset;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.Dispatcher;
import io.redisha.node.command.KeyFinder;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Blocking;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;

/** ZPOPMIN/ZPOPMAX, ZMPOP and their blocking forms. */
final class ZPopCommands {
    private static final RedisError NUMKEYS = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError COUNT = new RedisError("ERR count should be greater than 0");

    /** Reply shapes: ZPOPMIN without count, ZPOPMIN with count, BZPOPMIN, ZMPOP/BZMPOP. */
    private static final int SINGLE = 0, COUNTED = 1, WITH_KEY = 2, MPOP = 3;

    private final ServerContext ctx;

    ZPopCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    void register(CommandTable t) {
        t.add("zpopmin", -2, WRITE | FAST, 1, 1, 1, (c, a) -> zpop(c, a, false));
        t.add("zpopmax", -2, WRITE | FAST, 1, 1, 1, (c, a) -> zpop(c, a, true));
        t.add("bzpopmin", -3, WRITE | NOSCRIPT | FAST | BLOCKING, 1, -2, 1, (c, a) -> bzpop(c, a, false));
        t.add("bzpopmax", -3, WRITE | NOSCRIPT | FAST | BLOCKING, 1, -2, 1, (c, a) -> bzpop(c, a, true));
        t.add("zmpop", -4, WRITE, KeyFinder.numkeys(1), (c, a) -> mpop(c, a, 1, false));
        t.add("bzmpop", -5, WRITE | BLOCKING, KeyFinder.numkeys(2), (c, a) -> mpop(c, a, 2, true));
    }

    private static final byte[] ZPOPMIN = Args.bytes("ZPOPMIN");
    private static final byte[] ZPOPMAX = Args.bytes("ZPOPMAX");

    private void zpop(Client c, byte[][] a, boolean max) {
        if (a.length > 3) throw RedisError.SYNTAX;
        long count = a.length == 3 ? Args.parsePositive(a[2]) : 1;
        ZSet z = c.db.write(a[1], ZSet.class);
        if (z == null || count == 0) {
            c.reply().emptyArray();
            return;
        }
        pop(c, a[1], z, max, count, a.length == 3 ? COUNTED : SINGLE);
    }

    private void bzpop(Client c, byte[][] a, boolean max) {
        int timeoutIdx = a.length - 1;
        long deadline = Args.blockingDeadline(a[timeoutIdx], ctx.keyspace.now());
        int k = firstNonEmpty(c, a, 1, timeoutIdx);
        if (k >= 0) {
            pop(c, a[k], c.db.write(a[k], ZSet.class), max, 1, WITH_KEY);
            // Replicas replay a plain pop: the blocking form must never block there.
            Dispatcher.propagateAs(c, max ? ZPOPMAX : ZPOPMIN, a[k]);
            return;
        }
        block(c, a, 1, timeoutIdx, deadline);
    }

    private void mpop(Client c, byte[][] a, int numkeysIdx, boolean blocking) {
        long numkeys = Args.parseLong(a[numkeysIdx], NUMKEYS);
        if (numkeys < 1) throw NUMKEYS;
        long whereIdx = numkeysIdx + numkeys + 1;
        if (whereIdx >= a.length) throw RedisError.SYNTAX;
        boolean max;
        byte[] where = a[(int) whereIdx];
        if (Args.is(where, "min")) max = false;
        else if (Args.is(where, "max")) max = true;
        else throw RedisError.SYNTAX;
        long count = -1;
        for (int j = (int) whereIdx + 1; j < a.length; j++) {
            if (count == -1 && Args.is(a[j], "count") && j + 1 < a.length) {
                count = Args.parseLong(a[++j], COUNT);
                if (count < 1) throw COUNT;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (count == -1) count = 1;
        int from = numkeysIdx + 1, to = (int) whereIdx;
        long deadline = blocking ? Args.blockingDeadline(a[1], ctx.keyspace.now()) : 0;
        int k = firstNonEmpty(c, a, from, to);
        if (k >= 0) {
            pop(c, a[k], c.db.write(a[k], ZSet.class), max, count, MPOP);
            Dispatcher.propagateAs(c, max ? ZPOPMAX : ZPOPMIN, a[k], Args.longBytes(count));
            return;
        }
        if (!blocking) {
            c.reply().nullArray();
            return;
        }
        block(c, a, from, to, deadline);
    }

    /**
     * Index of the first key holding a sorted set, or -1. Another type is an error, except when
     * a blocked client's command is re-run: Redis serves blocked clients only from sorted sets.
     */
    private int firstNonEmpty(Client c, byte[][] a, int from, int to) {
        boolean rerun = ctx.keyspace.blocking().isBlocked(c);
        for (int i = from; i < to; i++) {
            Object v = c.db.lookupWrite(a[i]);
            if (v == null) continue;
            if (v instanceof ZSet) return i;
            if (!rerun) throw RedisError.WRONGTYPE;
        }
        return -1;
    }

    private void block(Client c, byte[][] a, int from, int to, long deadline) {
        if (c.inExec) {
            c.reply().nullArray();
            return;
        }
        ctx.keyspace.blocking().block(c, c.db, a, from, to, deadline, Blocking.OnTimeout.NULL_ARRAY);
    }

    /** Pops up to {@code count} members from one end and replies in the given shape. */
    private static void pop(Client c, byte[] key, ZSet z, boolean max, long count, int shape) {
        int len = z.length();
        int k = (int) Math.min(count, len);
        Reply r = c.reply();
        boolean nested = shape == MPOP || (shape == COUNTED && r.resp3());
        switch (shape) {
            case WITH_KEY -> {
                r.array(3);
                r.bulk(key);
            }
            case MPOP -> {
                r.array(2);
                r.bulk(key);
                r.array(k);
            }
            default -> r.array(nested ? k : k * 2);
        }
        ZSet.Cursor cur = z.cursor(max ? len - 1 : 0, max);
        for (int i = 0; i < k; i++, cur.next()) {
            if (nested) r.array(2);
            r.bulk(cur.member());
            r.dbl(cur.score());
        }
        if (max) z.removeRange(len - k, len - 1); else z.removeRange(0, k - 1);
        if (z.length() == 0) c.db.delete(key); else c.db.modified(key);
    }
}
