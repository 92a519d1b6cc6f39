package io.redisha.node.keyspace.zset;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;

/**
 * ZRANGE and its older forms (ZRANGEBYSCORE, ZREVRANGE...), ZRANGESTORE, the ZREMRANGEBY*
 * commands, ZCOUNT and ZLEXCOUNT. One parser serves them all, as in Redis, so each form
 * refuses the same option combinations with the same errors.
 */
final class ZRangeCommands {
    static final int AUTO = 0, RANK = 1, SCORE = 2, LEX = 3;
    private static final int FORWARD = 1, REVERSE = 2;

    void register(CommandTable t) {
        t.add("zrange", -4, READONLY, 1, 1, 1, (c, a) -> range(c, a, 1, false, AUTO, 0));
        t.add("zrangestore", -5, WRITE | DENYOOM, 1, 2, 1, (c, a) -> range(c, a, 2, true, AUTO, 0));
        t.add("zrangebyscore", -4, READONLY, 1, 1, 1, (c, a) -> range(c, a, 1, false, SCORE, FORWARD));
        t.add("zrevrangebyscore", -4, READONLY, 1, 1, 1, (c, a) -> range(c, a, 1, false, SCORE, REVERSE));
        t.add("zrangebylex", -4, READONLY, 1, 1, 1, (c, a) -> range(c, a, 1, false, LEX, FORWARD));
        t.add("zrevrangebylex", -4, READONLY, 1, 1, 1, (c, a) -> range(c, a, 1, false, LEX, REVERSE));
        t.add("zrevrange", -4, READONLY, 1, 1, 1, (c, a) -> range(c, a, 1, false, RANK, REVERSE));
        t.add("zremrangebyrank", 4, WRITE, 1, 1, 1, (c, a) -> removeRange(c, a, RANK));
        t.add("zremrangebyscore", 4, WRITE, 1, 1, 1, (c, a) -> removeRange(c, a, SCORE));
        t.add("zremrangebylex", 4, WRITE, 1, 1, 1, (c, a) -> removeRange(c, a, LEX));
        t.add("zcount", 4, READONLY | FAST, 1, 1, 1, (c, a) -> count(c, a, SCORE));
        t.add("zlexcount", 4, READONLY | FAST, 1, 1, 1, (c, a) -> count(c, a, LEX));
    }

    /**
     * The whole ZRANGE family. {@code src} is the index of the source key; min and max follow it,
     * then the options. {@code type}/{@code dir} are preset by the older forms.
     */
    private void range(Client c, byte[][] a, int src, boolean store, int type, int dir) {
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = src + 3; j < a.length; j++) {
            int left = a.length - j - 1;
            byte[] opt = a[j];
            if (!store && Args.is(opt, "withscores")) {
                withScores = true;
            } else if (Args.is(opt, "limit") && left >= 2) {
                offset = Args.parseLong(a[j + 1]);
                limit = Args.parseLong(a[j + 2]);
                j += 2;
            } else if (dir == 0 && Args.is(opt, "rev")) {
                dir = REVERSE;
            } else if (type == AUTO && Args.is(opt, "bylex")) {
                type = LEX;
            } else if (type == AUTO && Args.is(opt, "byscore")) {
                type = SCORE;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (dir == 0) dir = FORWARD;
        if (type == AUTO) type = RANK;
        // Redis tests the limit against its "no limit" default, so LIMIT x -1 passes with ranks.
        if (limit != -1 && type == RANK) {
            throw new RedisError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == LEX) {
            throw new RedisError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        boolean rev = dir == REVERSE;
        byte[] minArg = a[src + 1], maxArg = a[src + 2];
        if (rev && type != RANK) {
            byte[] t = minArg;
            minArg = maxArg;
            maxArg = t;
        }
        long rankStart = 0, rankEnd = 0;
        ZRanges.ScoreBound smin = null, smax = null;
        ZRanges.LexBound lmin = null, lmax = null;
        if (type == RANK) {
            rankStart = Args.parseLong(minArg);
            rankEnd = Args.parseLong(maxArg);
        } else if (type == SCORE) {
            smin = ZRanges.score(minArg);
            smax = ZRanges.score(maxArg);
        } else {
            lmin = ZRanges.lex(minArg);
            lmax = ZRanges.lex(maxArg);
        }
        ZSet z = c.db.read(a[src], ZSet.class);
        if (z == null) {
            if (store) finishStore(c, a[1], null);
            else c.reply().emptyArray();
            return;
        }
        long len = z.length();
        long first, count;
        if (type == RANK) {
            long s = rankStart, e = rankEnd;
            if (s < 0) s += len;
            if (e < 0) e += len;
            if (s < 0) s = 0;
            if (s > e || s >= len) {
                count = 0;
                first = 0;
            } else {
                if (e >= len) e = len - 1;
                count = e - s + 1;
                first = rev ? len - 1 - s : s;
            }
        } else {
            long from = type == SCORE ? ZRanges.start(z, smin) : ZRanges.start(z, lmin);
            long to = type == SCORE ? ZRanges.end(z, smax) : ZRanges.end(z, lmax);
            long inRange = Math.max(0, to - from);
            if (offset < 0 || offset >= inRange) {
                count = 0;
                first = 0;
            } else {
                count = inRange - offset;
                if (limit >= 0 && limit < count) count = limit;
                first = rev ? to - 1 - offset : from + offset;
            }
        }
        if (store) {
            ZSet out = null;
            if (count > 0) {
                out = ZSet.create(count, 0);
                ZSet.Cursor cur = z.cursor(first, rev);
                for (long i = 0; i < count; i++, cur.next()) out.insert(cur.member(), cur.score());
            }
            finishStore(c, a[1], out);
            return;
        }
        emit(c.reply(), z, first, count, rev, withScores);
    }

    /** Writes {@code count} members from rank {@code first}, with scores as Redis 7 shapes them. */
    static void emit(Reply r, ZSet z, long first, long count, boolean rev, boolean withScores) {
        if (count == 0) {
            r.emptyArray();
            return;
        }
        boolean pairs = withScores && r.resp3();
        r.array((int) (withScores && !pairs ? count * 2 : count));
        ZSet.Cursor cur = z.cursor(first, rev);
        for (long i = 0; i < count; i++, cur.next()) {
            if (pairs) r.array(2);
            r.bulk(cur.member());
            if (withScores) r.dbl(cur.score());
        }
    }

    /** Stores a result set (or deletes the destination when there is none) and replies its size. */
    static void finishStore(Client c, byte[] dst, ZSet out) {
        if (out == null || out.length() == 0) {
            c.db.delete(dst);
            c.reply().integer(0);
            return;
        }
        c.db.set(dst, out);
        c.reply().integer(out.length());
    }

    private void removeRange(Client c, byte[][] a, int type) {
        long rs = 0, re = 0;
        ZRanges.ScoreBound smin = null, smax = null;
        ZRanges.LexBound lmin = null, lmax = null;
        if (type == RANK) {
            rs = Args.parseLong(a[2]);
            re = Args.parseLong(a[3]);
        } else if (type == SCORE) {
            smin = ZRanges.score(a[2]);
            smax = ZRanges.score(a[3]);
        } else {
            lmin = ZRanges.lex(a[2]);
            lmax = ZRanges.lex(a[3]);
        }
        ZSet z = c.db.write(a[1], ZSet.class);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        long len = z.length();
        long from, toIncl;
        if (type == RANK) {
            if (rs < 0) rs += len;
            if (re < 0) re += len;
            if (rs < 0) rs = 0;
            if (rs > re || rs >= len) {
                c.reply().integer(0);
                return;
            }
            if (re >= len) re = len - 1;
            from = rs;
            toIncl = re;
        } else {
            from = type == SCORE ? ZRanges.start(z, smin) : ZRanges.start(z, lmin);
            toIncl = (type == SCORE ? ZRanges.end(z, smax) : ZRanges.end(z, lmax)) - 1;
        }
        long removed = Math.max(0, toIncl - from + 1);
        if (removed > 0) {
            z.removeRange(from, toIncl);
            if (z.length() == 0) c.db.delete(a[1]); else c.db.modified(a[1]);
        }
        c.reply().integer(removed);
    }

    private void count(Client c, byte[][] a, int type) {
        // Bounds are checked before the key, as Redis does: a bad range errs even on a missing key.
        ZRanges.ScoreBound smin = null, smax = null;
        ZRanges.LexBound lmin = null, lmax = null;
        if (type == SCORE) {
            smin = ZRanges.score(a[2]);
            smax = ZRanges.score(a[3]);
        } else {
            lmin = ZRanges.lex(a[2]);
            lmax = ZRanges.lex(a[3]);
        }
        ZSet z = c.db.read(a[1], ZSet.class);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        long from = type == SCORE ? ZRanges.start(z, smin) : ZRanges.start(z, lmin);
        long to = type == SCORE ? ZRanges.end(z, smax) : ZRanges.end(z, lmax);
        c.reply().integer(Math.max(0, to - from));
    }
}
