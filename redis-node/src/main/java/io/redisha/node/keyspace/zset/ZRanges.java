package io.redisha.node.keyspace.zset;

import io.redisha.node.command.RedisError;
import io.redisha.node.server.Doubles;

/**
 * Score and lex intervals as the range commands take them ("(1", "-inf", "[a", "-", "+"), each
 * turned into a half-open rank interval [start, end) of a set, so every range command works by rank.
 */
final class ZRanges {
    static final RedisError NOT_FLOAT = new RedisError("ERR min or max is not a float");
    static final RedisError NOT_LEX = new RedisError("ERR min or max not valid string range item");

    private ZRanges() {}

    /** One end of a score interval. */
    record ScoreBound(double value, boolean exclusive) {}

    /** One end of a lex interval: kind -1 is "-", +1 is "+", 0 a member. */
    record LexBound(byte[] value, int kind, boolean exclusive) {}

    static ScoreBound score(byte[] b) {
        boolean ex = b.length > 0 && b[0] == '(';
        int off = ex ? 1 : 0;
        // strtod skips leading white space (only leading: trailing text is an error)
        int start = off;
        while (start < b.length && (b[start] == ' ' || (b[start] >= '\t' && b[start] <= '\r'))) start++;
        if (start == b.length && start > off) throw NOT_FLOAT;
        off = start;
        double d;
        if (b.length == off) {
            d = 0; // strtod of an empty string reads 0 and stops at the end, which Redis accepts
        } else {
            byte[] t = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, b.length);
            d = Doubles.parse(t);
            if (Double.isNaN(d)) throw NOT_FLOAT;
        }
        return new ScoreBound(d, ex);
    }

    static LexBound lex(byte[] b) {
        if (b.length == 0) throw NOT_LEX;
        switch (b[0]) {
            case '+':
                if (b.length != 1) throw NOT_LEX;
                return new LexBound(null, 1, false);
            case '-':
                if (b.length != 1) throw NOT_LEX;
                return new LexBound(null, -1, false);
            case '(':
                return new LexBound(java.util.Arrays.copyOfRange(b, 1, b.length), 0, true);
            case '[':
                return new LexBound(java.util.Arrays.copyOfRange(b, 1, b.length), 0, false);
            default:
                throw NOT_LEX;
        }
    }

    /** First rank inside the interval starting at {@code min}. */
    static long start(ZSet z, ScoreBound min) {
        return z.countByScore(min.value(), min.exclusive());
    }

    /** One past the last rank inside the interval ending at {@code max}. */
    static long end(ZSet z, ScoreBound max) {
        return z.countByScore(max.value(), !max.exclusive());
    }

    static long start(ZSet z, LexBound min) {
        if (min.kind() != 0) return min.kind() < 0 ? 0 : z.length();
        return z.countByLex(min.value(), min.exclusive());
    }

    static long end(ZSet z, LexBound max) {
        if (max.kind() != 0) return max.kind() < 0 ? 0 : z.length();
        return z.countByLex(max.value(), !max.exclusive());
    }
}
