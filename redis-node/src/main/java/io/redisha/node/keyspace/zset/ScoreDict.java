package io.redisha.node.keyspace.zset;

import io.redisha.node.keyspace.Dict;
import java.util.Arrays;

/**
 * Member -> score for the big sorted set encoding. Scores sit in a side array at the dict's
 * stable entry indexes: no boxed Double per member, and reading a score costs one load.
 */
final class ScoreDict extends Dict {
    private double[] scores;

    ScoreDict(int expected) {
        super(expected);
        // A fresh dict has as many entry slots as buckets.
        scores = new double[bucketCount()];
    }

    /** Adds a member known to be absent; returns its entry index. */
    int add(byte[] member, double score) {
        int i = insert(member, null);
        scores[i] = score;
        return i;
    }

    double score(int i) {
        return scores[i];
    }

    void setScore(int i, double score) {
        scores[i] = score;
    }

    @Override
    protected void entriesGrown(int capacity) {
        scores = Arrays.copyOf(scores, capacity);
    }

    @Override
    protected void entriesCleared(int capacity) {
        scores = new double[capacity];
    }

    @Override
    public long overheadBytes() {
        return super.overheadBytes() + 16 + 8L * scores.length;
    }
}
