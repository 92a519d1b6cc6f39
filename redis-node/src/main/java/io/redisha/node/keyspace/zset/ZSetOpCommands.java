package io.redisha.node.keyspace.zset;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.node.command.Args;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.KeyFinder;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.Dict;
import io.redisha.node.keyspace.set.SetValue;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import java.util.Arrays;

/** ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD. */
final class ZSetOpCommands {
    private static final int UNION = 0, INTER = 1, DIFF = 2;
    private static final int SUM = 0, MIN = 1, MAX = 2;
    private static final RedisError WEIGHT = new RedisError("ERR weight value is not a float");
    private static final RedisError LIMIT = new RedisError("ERR LIMIT can't be negative");

    void register(CommandTable t) {
        t.add("zunion", -3, READONLY, KeyFinder.numkeys(1), (c, a) -> op(c, a, "zunion", 1, false, UNION, false));
        t.add("zinter", -3, READONLY, KeyFinder.numkeys(1), (c, a) -> op(c, a, "zinter", 1, false, INTER, false));
        t.add("zdiff", -3, READONLY, KeyFinder.numkeys(1), (c, a) -> op(c, a, "zdiff", 1, false, DIFF, false));
        t.add("zunionstore", -4, WRITE | DENYOOM, KeyFinder.numkeys(2, 1),
                (c, a) -> op(c, a, "zunionstore", 2, true, UNION, false));
        t.add("zinterstore", -4, WRITE | DENYOOM, KeyFinder.numkeys(2, 1),
                (c, a) -> op(c, a, "zinterstore", 2, true, INTER, false));
        t.add("zdiffstore", -4, WRITE | DENYOOM, KeyFinder.numkeys(2, 1),
                (c, a) -> op(c, a, "zdiffstore", 2, true, DIFF, false));
        t.add("zintercard", -3, READONLY, KeyFinder.numkeys(1), (c, a) -> op(c, a, "zintercard", 1, false, INTER, true));
    }

    private void op(Client c, byte[][] a, String name, int numkeysIdx, boolean store, int op, boolean cardOnly) {
        long setnum = Args.parseLong(a[numkeysIdx]);
        if (setnum < 1) throw new RedisError("ERR at least 1 input key is needed for '" + name + "' command");
        if (setnum > a.length - (numkeysIdx + 1)) throw RedisError.SYNTAX;
        int n = (int) setnum;
        ZSet[] src = new ZSet[n];
        for (int i = 0; i < n; i++) {
            byte[] key = a[numkeysIdx + 1 + i];
            Object v = store ? c.db.lookupWrite(key) : c.db.lookupRead(key);
            if (v == null) continue;
            if (v instanceof ZSet z) src[i] = z;
            else if (v instanceof SetValue set) src[i] = fromSet(set);
            else throw RedisError.WRONGTYPE;
        }
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0);
        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        int j = numkeysIdx + 1 + n;
        while (j < a.length) {
            int remaining = a.length - j;
            byte[] opt = a[j];
            if (op != DIFF && !cardOnly && remaining >= n + 1 && Args.is(opt, "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) weights[i] = Args.parseDouble(a[j], WEIGHT);
            } else if (op != DIFF && !cardOnly && remaining >= 2 && Args.is(opt, "aggregate")) {
                byte[] ag = a[j + 1];
                if (Args.is(ag, "sum")) aggregate = SUM;
                else if (Args.is(ag, "min")) aggregate = MIN;
                else if (Args.is(ag, "max")) aggregate = MAX;
                else throw RedisError.SYNTAX;
                j += 2;
            } else if (!store && !cardOnly && Args.is(opt, "withscores")) {
                withScores = true;
                j++;
            } else if (cardOnly && remaining >= 2 && Args.is(opt, "limit")) {
                limit = Args.parseLong(a[j + 1], LIMIT);
                if (limit < 0) throw LIMIT;
                j += 2;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (cardOnly) {
            c.reply().integer(interCard(src, limit));
            return;
        }
        ZSet out = switch (op) {
            case UNION -> union(src, weights, aggregate);
            case INTER -> inter(src, weights, aggregate);
            default -> diff(src);
        };
        if (store) {
            if (out != null) out.toListpackIfFits();
            ZRangeCommands.finishStore(c, a[1], out);
            return;
        }
        Reply r = c.reply();
        if (out == null) r.emptyArray();
        else ZRangeCommands.emit(r, out, 0, out.length(), false, withScores);
    }

    /** Plain sets take part in Z*STORE/ZUNION... with every member at score 1, as in Redis. */
    private static ZSet fromSet(SetValue set) {
        ZSet z = ZSet.create(set.size(), 0);
        set.forEach(m -> z.insert(m, 1.0));
        return z;
    }

    /** Source indexes from the smallest set to the largest, as Redis orders its inputs. */
    private static Integer[] bySize(ZSet[] src) {
        Integer[] order = new Integer[src.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Long.compare(size(src[x]), size(src[y])));
        return order;
    }

    private static long size(ZSet z) {
        return z == null ? 0 : z.length();
    }

    private static double aggregate(double target, double val, int how) {
        switch (how) {
            case SUM: {
                double s = target + val;
                return Double.isNaN(s) ? 0.0 : s; // inf + -inf is taken as 0, as Redis does
            }
            case MIN:
                return val < target ? val : target;
            default:
                return val > target ? val : target;
        }
    }

    private static ZSet union(ZSet[] src, double[] weights, int how) {
        Dict acc = new Dict();
        double[] scores = new double[16];
        int maxLen = 0;
        for (int idx : bySize(src)) {
            ZSet z = src[idx];
            if (z == null) continue;
            int len = z.length();
            ZSet.Cursor cur = z.cursor(0, false);
            for (int i = 0; i < len; i++, cur.next()) {
                double score = weights[idx] * cur.score();
                if (Double.isNaN(score)) score = 0;
                byte[] m = cur.member();
                int e = acc.find(m);
                if (e < 0) {
                    e = acc.insert(m, null);
                    if (e >= scores.length) scores = Arrays.copyOf(scores, Math.max(e + 1, scores.length * 2));
                    scores[e] = score;
                    if (m.length > maxLen) maxLen = m.length;
                } else {
                    scores[e] = aggregate(scores[e], score, how);
                }
            }
        }
        if (acc.size() == 0) return null;
        ZSet out = ZSet.create(acc.size(), maxLen);
        int used = acc.capacityUsed();
        for (int e = 0; e < used; e++) {
            if (acc.isLive(e)) out.insert(acc.keyAt(e), scores[e]);
        }
        return out;
    }

    private static ZSet inter(ZSet[] src, double[] weights, int how) {
        Integer[] order = bySize(src);
        ZSet first = src[order[0]];
        if (first == null) return null;
        ZSet out = null;
        int len = first.length();
        ZSet.Cursor cur = first.cursor(0, false);
        for (int i = 0; i < len; i++, cur.next()) {
            byte[] m = cur.member();
            double score = weights[order[0]] * cur.score();
            if (Double.isNaN(score)) score = 0;
            boolean all = true;
            for (int k = 1; k < order.length; k++) {
                double s = src[order[k]].score(m);
                if (Double.isNaN(s)) {
                    all = false;
                    break;
                }
                score = aggregate(score, s * weights[order[k]], how);
            }
            if (all) {
                if (out == null) out = ZSet.create(len, 0);
                out.insert(m, score);
            }
        }
        return out;
    }

    private static long interCard(ZSet[] src, long limit) {
        Integer[] order = bySize(src);
        ZSet first = src[order[0]];
        if (first == null) return 0;
        long count = 0;
        int len = first.length();
        ZSet.Cursor cur = first.cursor(0, false);
        for (int i = 0; i < len; i++, cur.next()) {
            byte[] m = cur.member();
            boolean all = true;
            for (int k = 1; k < order.length && all; k++) all = src[order[k]].contains(m);
            if (all && ++count == limit) break;
        }
        return count;
    }

    private static ZSet diff(ZSet[] src) {
        ZSet first = src[0];
        if (first == null) return null;
        ZSet out = null;
        int len = first.length();
        ZSet.Cursor cur = first.cursor(0, false);
        for (int i = 0; i < len; i++, cur.next()) {
            byte[] m = cur.member();
            boolean keep = true;
            for (int k = 1; k < src.length && keep; k++) keep = src[k] == null || !src[k].contains(m);
            if (keep) {
                if (out == null) out = ZSet.create(len, 0);
                out.insert(m, cur.score());
            }
        }
        return out;
    }
}
