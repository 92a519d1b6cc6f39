package io.redisha.node.keyspace.zset;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.common.util.Glob;
import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.hash.ScanParams;
import io.redisha.node.server.Client;
import io.redisha.node.server.Doubles;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sorted set commands. Member-level commands live here; ranges, pops and set operations
 * in their own classes registered from {@link #register}.
 */
public final class ZSetCommands {
    private static final int NX = 1, XX = 2, GT = 4, LT = 8, CH = 16, INCR = 32;
    private static final RedisError NAN_SCORE = new RedisError("ERR resulting score is not a number (NaN)");

    private final ServerContext ctx;

    public ZSetCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable t) {
        t.group("sorted_set");
        t.add("zadd", -4, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> zadd(c, a, 0));
        t.add("zincrby", 4, WRITE | DENYOOM | FAST, 1, 1, 1, (c, a) -> zadd(c, a, INCR));
        t.add("zrem", -3, WRITE | FAST, 1, 1, 1, this::zrem);
        t.add("zscore", 3, READONLY | FAST, 1, 1, 1, this::zscore);
        t.add("zmscore", -3, READONLY | FAST, 1, 1, 1, this::zmscore);
        t.add("zcard", 2, READONLY | FAST, 1, 1, 1, this::zcard);
        t.add("zrank", 3, READONLY | FAST, 1, 1, 1, (c, a) -> zrank(c, a, false));
        t.add("zrevrank", 3, READONLY | FAST, 1, 1, 1, (c, a) -> zrank(c, a, true));
        t.add("zrandmember", -2, READONLY | RANDOM, 1, 1, 1, this::zrandmember);
        t.add("zscan", -3, READONLY | RANDOM, 1, 1, 1, this::zscan);
        new ZRangeCommands().register(t);
        new ZPopCommands(ctx).register(t);
        new ZSetOpCommands().register(t);
    }

    /** ZADD, and ZINCRBY as ZADD's INCR form (flags preset), exactly as Redis shares them. */
    private void zadd(Client c, byte[][] a, int flags) {
        int scoreIdx = 2;
        while (scoreIdx < a.length) {
            byte[] opt = a[scoreIdx];
            if (Args.is(opt, "nx")) flags |= NX;
            else if (Args.is(opt, "xx")) flags |= XX;
            else if (Args.is(opt, "ch")) flags |= CH;
            else if (Args.is(opt, "incr")) flags |= INCR;
            else if (Args.is(opt, "gt")) flags |= GT;
            else if (Args.is(opt, "lt")) flags |= LT;
            else break;
            scoreIdx++;
        }
        boolean incr = (flags & INCR) != 0;
        int elements = a.length - scoreIdx;
        if (elements % 2 != 0 || elements == 0) throw RedisError.SYNTAX;
        elements /= 2;
        if ((flags & NX) != 0 && (flags & XX) != 0) {
            throw new RedisError("ERR XX and NX options at the same time are not compatible");
        }
        if (((flags & GT) != 0 && (flags & NX) != 0) || ((flags & LT) != 0 && (flags & NX) != 0)
                || ((flags & GT) != 0 && (flags & LT) != 0)) {
            throw new RedisError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) throw new RedisError("ERR INCR option supports a single increment-element pair");
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) scores[j] = Args.parseDouble(a[scoreIdx + j * 2]);

        byte[] key = a[1];
        ZSet z = c.db.write(key, ZSet.class);
        int added = 0, updated = 0, processed = 0;
        double score = 0;
        if (z == null && (flags & XX) != 0) {
            replyAdd(c, flags, added, updated, processed, score);
            return;
        }
        boolean created = false;
        if (z == null) {
            z = ZSet.create(elements, a[scoreIdx + 1].length);
            created = true;
        }
        try {
            for (int j = 0; j < elements; j++) {
                byte[] member = a[scoreIdx + 1 + j * 2];
                score = scores[j];
                double cur = z.score(member);
                if (!Double.isNaN(cur)) {
                    if ((flags & NX) != 0) continue;
                    if (incr) {
                        score += cur;
                        if (Double.isNaN(score)) throw NAN_SCORE;
                    }
                    if (((flags & LT) != 0 && score >= cur) || ((flags & GT) != 0 && score <= cur)) continue;
                    processed++;
                    if (score != cur) {
                        z.update(member, score);
                        updated++;
                    }
                } else if ((flags & XX) == 0) {
                    z.insert(member, score);
                    added++;
                    processed++;
                }
            }
        } finally {
            if (created) {
                if (z.length() > 0) c.db.add(key, z);
            } else if (added + updated > 0) {
                c.db.modified(key);
            }
        }
        replyAdd(c, flags, added, updated, processed, score);
    }

    private static void replyAdd(Client c, int flags, int added, int updated, int processed, double score) {
        if ((flags & INCR) != 0) {
            if (processed > 0) c.reply().dbl(score); else c.reply().nullBulk();
        } else {
            c.reply().integer((flags & CH) != 0 ? added + updated : added);
        }
    }

    private void zrem(Client c, byte[][] a) {
        ZSet z = c.db.write(a[1], ZSet.class);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < a.length; i++) {
            if (z.remove(a[i])) {
                deleted++;
                if (z.length() == 0) break;
            }
        }
        if (deleted > 0) {
            if (z.length() == 0) c.db.delete(a[1]); else c.db.modified(a[1]);
        }
        c.reply().integer(deleted);
    }

    private void zscore(Client c, byte[][] a) {
        ZSet z = c.db.read(a[1], ZSet.class);
        double s = z == null ? Double.NaN : z.score(a[2]);
        if (Double.isNaN(s)) c.reply().nullBulk(); else c.reply().dbl(s);
    }

    private void zmscore(Client c, byte[][] a) {
        ZSet z = c.db.read(a[1], ZSet.class);
        Reply r = c.reply();
        r.array(a.length - 2);
        for (int i = 2; i < a.length; i++) {
            double s = z == null ? Double.NaN : z.score(a[i]);
            if (Double.isNaN(s)) r.nullBulk(); else r.dbl(s);
        }
    }

    private void zcard(Client c, byte[][] a) {
        ZSet z = c.db.read(a[1], ZSet.class);
        c.reply().integer(z == null ? 0 : z.length());
    }

    private void zrank(Client c, byte[][] a, boolean rev) {
        ZSet z = c.db.read(a[1], ZSet.class);
        long rank = z == null ? -1 : z.rank(a[2]);
        if (rank < 0) c.reply().nullBulk();
        else c.reply().integer(rev ? z.length() - 1 - rank : rank);
    }

    private void zrandmember(Client c, byte[][] a) {
        Reply r = c.reply();
        if (a.length >= 3) {
            long l = Args.parseLong(a[2]);
            if (l == Long.MIN_VALUE) {
                throw new RedisError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            }
            boolean withScores = false;
            if (a.length > 4 || (a.length == 4 && !Args.is(a[3], "withscores"))) {
                throw RedisError.SYNTAX;
            } else if (a.length == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) throw new RedisError("ERR value is out of range");
            }
            randWithCount(c, a[1], l, withScores);
            return;
        }
        ZSet z = c.db.read(a[1], ZSet.class);
        if (z == null) {
            r.nullBulk();
            return;
        }
        int rank = ThreadLocalRandom.current().nextInt(z.length());
        r.bulk(z.cursor(rank, false).member());
    }

    private void randWithCount(Client c, byte[] key, long l, boolean withScores) {
        Reply r = c.reply();
        ZSet z = c.db.read(key, ZSet.class);
        if (z == null || l == 0) {
            r.emptyArray();
            return;
        }
        int size = z.length();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean pairs = withScores && r.resp3();
        if (l < 0) {
            // Repetitions allowed: count independent picks.
            long count = -l;
            r.array((int) (withScores && !pairs ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                ZSet.Cursor cur = z.cursor(rnd.nextInt(size), false);
                writeMember(r, cur, withScores, pairs);
            }
            return;
        }
        if (l >= size) {
            // Redis answers the whole set from the highest rank down.
            ZRangeCommands.emit(r, z, size - 1, size, true, withScores);
            return;
        }
        int count = (int) l;
        r.array(withScores && !pairs ? count * 2 : count);
        if (count * 3L > size) {
            // Many of the members: a partial shuffle of all ranks.
            int[] ranks = new int[size];
            for (int i = 0; i < size; i++) ranks[i] = i;
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(size - i);
                int t = ranks[i];
                ranks[i] = ranks[j];
                ranks[j] = t;
                writeMember(r, z.cursor(ranks[i], false), withScores, pairs);
            }
        } else {
            Set<Integer> seen = new HashSet<>();
            while (seen.size() < count) {
                int rank = rnd.nextInt(size);
                if (seen.add(rank)) writeMember(r, z.cursor(rank, false), withScores, pairs);
            }
        }
    }

    private static void writeMember(Reply r, ZSet.Cursor cur, boolean withScores, boolean pairs) {
        if (pairs) r.array(2);
        r.bulk(cur.member());
        if (withScores) r.dbl(cur.score());
    }

    private void zscan(Client c, byte[][] a) {
        long cursor = ScanParams.parseCursor(a[2]);
        ZSet z = c.db.read(a[1], ZSet.class);
        Reply r = c.reply();
        if (z == null) {
            r.array(2);
            r.bulk(ZERO);
            r.emptyArray();
            return;
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < a.length; i += 2) {
            boolean hasValue = i + 1 < a.length;
            if (Args.is(a[i], "count") && hasValue) {
                count = Args.parseLong(a[i + 1]);
                if (count < 1) throw RedisError.SYNTAX;
            } else if (Args.is(a[i], "match") && hasValue) {
                pattern = a[i + 1];
                if (pattern.length == 1 && pattern[0] == '*') pattern = null;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        List<byte[]> members = new ArrayList<>();
        List<byte[]> scores = new ArrayList<>();
        byte[] pat = pattern;
        boolean listpack = z.isListpack();
        ZSet.ScanVisitor collect = (m, s) -> {
            if (pat == null || Glob.matches(pat, m, false)) {
                members.add(m);
                scores.add(scanScore(s, listpack));
            }
        };
        long maxIterations = count * 10;
        do {
            cursor = z.scanStep(cursor, collect);
        } while (cursor != 0 && --maxIterations > 0 && members.size() < count);
        r.array(2);
        r.bulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII));
        r.array(members.size() * 2);
        for (int i = 0; i < members.size(); i++) {
            r.bulk(members.get(i));
            r.bulk(scores.get(i));
        }
    }

    /**
     * ZSCAN shows the score as stored: a listpack keeps integral scores (within +-2^62) as
     * integers, everything else is printed "%.17g".
     */
    private static byte[] scanScore(double s, boolean listpack) {
        if (listpack && s >= -(Long.MAX_VALUE / 2) && s <= Long.MAX_VALUE / 2 && (double) (long) s == s) {
            return Args.longBytes((long) s);
        }
        return Doubles.g17(s).getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] ZERO = {'0'};
}
