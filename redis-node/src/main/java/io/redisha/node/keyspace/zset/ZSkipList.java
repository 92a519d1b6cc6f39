package io.redisha.node.keyspace.zset;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A skiplist ordered by (score, member bytes unsigned) whose links carry spans, so the rank of
 * an element and the element at a rank are found in O(log n), like Redis's zskiplist.
 * Ranks here are 1-based (the header is rank 0).
 */
final class ZSkipList {
    static final int MAX_LEVEL = 32;

    static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] next;
        final int[] span;

        Node(int level, double score, byte[] member) {
            this.member = member;
            this.score = score;
            this.next = new Node[level];
            this.span = new int[level];
        }

        Node forward() { return next[0]; }
    }

    final Node header = new Node(MAX_LEVEL, 0, null);
    // Scratch paths reused by every insert/delete: the keyspace is touched by one thread only.
    private final Node[] update = new Node[MAX_LEVEL];
    private final int[] rankPath = new int[MAX_LEVEL];
    Node tail;
    int length;
    int level = 1;

    private static int randomLevel() {
        // Each level with probability 1/4, as Redis.
        int lvl = 1;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && (r.nextInt() & 3) == 0) lvl++;
        return lvl;
    }

    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) return -1;
        if (s1 > s2) return 1;
        return Arrays.compareUnsigned(m1, m2);
    }

    /** Inserts an element the caller knows is absent. */
    Node insert(double score, byte[] member) {
        Node[] update = this.update;
        int[] rank = rankPath;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.next[i] != null && compare(x.next[i].score, x.next[i].member, score, member) < 0) {
                rank[i] += x.span[i];
                x = x.next[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, member);
        for (int i = 0; i < lvl; i++) {
            x.next[i] = update[i].next[i];
            update[i].next[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) update[i].span[i]++;
        x.backward = update[0] == header ? null : update[0];
        if (x.next[0] != null) x.next[0].backward = x; else tail = x;
        length++;
        return x;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].next[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].next[i] = x.next[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.next[0] != null) x.next[0].backward = x.backward; else tail = x.backward;
        while (level > 1 && header.next[level - 1] == null) level--;
        length--;
    }

    private Node[] path(double score, byte[] member) {
        Node[] update = this.update;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && compare(x.next[i].score, x.next[i].member, score, member) < 0) x = x.next[i];
            update[i] = x;
        }
        return update;
    }

    /** Removes the element; returns whether it was there. */
    boolean delete(double score, byte[] member) {
        Node[] update = path(score, member);
        Node x = update[0].next[0];
        if (x != null && x.score == score && Arrays.equals(x.member, member)) {
            unlink(x, update);
            return true;
        }
        return false;
    }

    /** Changes the score of a node, moving it only when its position changes. */
    Node updateScore(Node node, double newScore) {
        Node prev = node.backward, nxt = node.next[0];
        if ((prev == null || compare(prev.score, prev.member, newScore, node.member) < 0)
                && (nxt == null || compare(nxt.score, nxt.member, newScore, node.member) > 0)) {
            node.score = newScore;
            return node;
        }
        Node[] update = path(node.score, node.member);
        unlink(node, update);
        return insert(newScore, node.member);
    }

    /** 1-based rank of an element known to be present, 0 if absent. */
    long rank(double score, byte[] member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && compare(x.next[i].score, x.next[i].member, score, member) <= 0) {
                rank += x.span[i];
                x = x.next[i];
            }
            if (x.member != null && Arrays.equals(x.member, member)) return rank;
        }
        return 0;
    }

    /** The node at a 1-based rank, or null. */
    Node byRank(long rank) {
        if (rank < 1 || rank > length) return null;
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.next[i];
            }
            if (traversed == rank) return x;
        }
        return null;
    }

    /** How many elements have a score below {@code s} (or equal to it too, with orEqual). */
    long countByScore(double s, boolean orEqual) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node n;
            while ((n = x.next[i]) != null && (n.score < s || (orEqual && n.score == s))) {
                rank += x.span[i];
                x = n;
            }
        }
        return rank;
    }

    /** How many elements have a member below {@code m} (or equal, with orEqual), assuming equal scores. */
    long countByLex(byte[] m, boolean orEqual) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node n;
            while ((n = x.next[i]) != null) {
                int c = Arrays.compareUnsigned(n.member, m);
                if (c < 0 || (orEqual && c == 0)) {
                    rank += x.span[i];
                    x = n;
                } else {
                    break;
                }
            }
        }
        return rank;
    }

    /** Removes ranks start..end (1-based, inclusive), calling back for each removed member. */
    void deleteRangeByRank(long start, long end, java.util.function.Consumer<byte[]> removed) {
        Node[] update = this.update;
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.next[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.next[0];
        while (x != null && traversed <= end) {
            Node nxt = x.next[0];
            unlink(x, update);
            removed.accept(x.member);
            traversed++;
            x = nxt;
        }
    }

    Node first() { return header.next[0]; }
}
