package io.redisha.node.keyspace.zset;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An order-statistic B+tree ordered by (score, member bytes unsigned). Leaves keep scores and
 * members in parallel arrays and are linked both ways; inner nodes keep, per child, its element
 * count and its largest key, so ranks, the element at a rank and counts by score or member are
 * found in O(log n) by adding up the counts left of the descent path. A skiplist step costs a
 * cache miss per node; here a binary search runs over contiguous doubles and touches members
 * only on equal scores. Ranks are 0-based.
 */
final class ZTree {
    static final int LEAF_CAP = 64;
    static final int INNER_CAP = 64;
    /** Below these a node borrows from or merges with a sibling, so deletions keep the tree dense. */
    static final int LEAF_MIN = LEAF_CAP / 4;
    static final int INNER_MIN = INNER_CAP / 4;
    private static final int MAX_HEIGHT = 32;

    /** Heap bytes of a leaf: the object (5 fields) plus its double[] and byte[][] at full capacity. */
    static final long LEAF_BYTES = 32 + (16 + 8L * LEAF_CAP) + (16 + 4L * LEAF_CAP);
    /** An inner node: the object plus children, counts, max scores and max members arrays. */
    static final long INNER_BYTES = 32 + (16 + 4L * INNER_CAP) + (16 + 4L * INNER_CAP)
            + (16 + 8L * INNER_CAP) + (16 + 4L * INNER_CAP);
    /** The tree object and its scratch path arrays. */
    private static final long TREE_BYTES = 56 + 2 * (16 + 4L * MAX_HEIGHT);

    /** What merging and evening out two siblings needs of either kind of node. */
    abstract static class Node {
        int n;

        /** Copies {@code k} entries from {@code from} to {@code to}'s {@code at} (may be this node). */
        abstract void copyTo(int from, Node to, int at, int k);

        /** Drops the references of entries [from, to) so they can be collected. */
        abstract void clear(int from, int to);

        abstract int capacity();

        abstract long heapBytes();
    }

    static final class Leaf extends Node {
        final double[] scores = new double[LEAF_CAP];
        final byte[][] members = new byte[LEAF_CAP][];
        Leaf prev, next;

        @Override void copyTo(int from, Node to, int at, int k) {
            Leaf t = (Leaf) to;
            System.arraycopy(scores, from, t.scores, at, k);
            System.arraycopy(members, from, t.members, at, k);
        }

        @Override void clear(int from, int to) { Arrays.fill(members, from, to, null); }
        @Override int capacity() { return LEAF_CAP; }
        @Override long heapBytes() { return LEAF_BYTES; }
    }

    static final class Inner extends Node {
        final Object[] kids = new Object[INNER_CAP];
        final int[] counts = new int[INNER_CAP];
        final double[] maxScores = new double[INNER_CAP];
        final byte[][] maxMembers = new byte[INNER_CAP][];

        @Override void copyTo(int from, Node to, int at, int k) {
            Inner t = (Inner) to;
            System.arraycopy(kids, from, t.kids, at, k);
            System.arraycopy(counts, from, t.counts, at, k);
            System.arraycopy(maxScores, from, t.maxScores, at, k);
            System.arraycopy(maxMembers, from, t.maxMembers, at, k);
        }

        @Override void clear(int from, int to) {
            Arrays.fill(kids, from, to, null);
            Arrays.fill(maxMembers, from, to, null);
        }

        @Override int capacity() { return INNER_CAP; }
        @Override long heapBytes() { return INNER_BYTES; }
    }

    private Object root = new Leaf();
    /** Inner levels above the leaves (0 while the root is a leaf). */
    private int height;
    Leaf head, tail;
    int length;
    private long bytes = TREE_BYTES + LEAF_BYTES;
    // Descent path reused by every operation: the keyspace is touched by one thread only.
    private final Inner[] path = new Inner[MAX_HEIGHT];
    private final int[] pathIdx = new int[MAX_HEIGHT];
    /** Index inside the leaf returned by the last {@link #seek}. */
    int seekIdx;

    ZTree() {
        head = tail = (Leaf) root;
    }

    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) return -1;
        if (s1 > s2) return 1;
        return Arrays.compareUnsigned(m1, m2);
    }

    /** Heap bytes of the nodes (fixed capacity each), not of the members they point to. */
    long bytes() {
        return bytes;
    }

    /** The child of {@code x} whose subtree holds (score, member): the first whose max is not below it. */
    private static int childFor(Inner x, double score, byte[] member) {
        double[] ms = x.maxScores;
        int lo = 0, hi = x.n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double s = ms[mid];
            if (s < score || (s == score && Arrays.compareUnsigned(x.maxMembers[mid], member) < 0)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Index of the first element of {@code f} not below (score, member). */
    private static int leafPos(Leaf f, double score, byte[] member) {
        double[] sc = f.scores;
        int lo = 0, hi = f.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double s = sc[mid];
            if (s < score || (s == score && Arrays.compareUnsigned(f.members[mid], member) < 0)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static boolean isAt(Leaf f, int pos, double score, byte[] member) {
        return pos < f.n && f.scores[pos] == score && Arrays.equals(f.members[pos], member);
    }

    /** Walks down to the leaf where (score, member) is or would go, filling the path. */
    private Leaf descend(double score, byte[] member) {
        Object x = root;
        for (int d = 0; d < height; d++) {
            Inner in = (Inner) x;
            int i = childFor(in, score, member);
            path[d] = in;
            pathIdx[d] = i;
            x = in.kids[i];
        }
        return (Leaf) x;
    }

    /** The leaf holding 0-based {@code rank} (its index in {@link #seekIdx}), filling the path. */
    Leaf seek(long rank) {
        Object x = root;
        for (int d = 0; d < height; d++) {
            Inner in = (Inner) x;
            int[] c = in.counts;
            int i = 0, last = in.n - 1;
            while (i < last && rank >= c[i]) rank -= c[i++];
            path[d] = in;
            pathIdx[d] = i;
            x = in.kids[i];
        }
        seekIdx = (int) rank;
        return (Leaf) x;
    }

    /** Inserts an element the caller knows is absent. */
    void insert(double score, byte[] member) {
        Object x = root;
        for (int d = 0; d < height; d++) {
            Inner in = (Inner) x;
            int i = childFor(in, score, member);
            in.counts[i]++;
            if (i == in.n - 1) {
                double s = in.maxScores[i];
                if (s < score || (s == score && Arrays.compareUnsigned(in.maxMembers[i], member) < 0)) {
                    in.maxScores[i] = score;
                    in.maxMembers[i] = member;
                }
            }
            path[d] = in;
            pathIdx[d] = i;
            x = in.kids[i];
        }
        Leaf f = (Leaf) x;
        int pos = leafPos(f, score, member);
        length++;
        if (f.n < LEAF_CAP) insertAt(f, pos, score, member);
        else splitLeaf(f, pos, score, member);
    }

    private static void insertAt(Leaf f, int pos, double score, byte[] member) {
        int move = f.n - pos;
        if (move > 0) f.copyTo(pos, f, pos + 1, move);
        f.scores[pos] = score;
        f.members[pos] = member;
        f.n++;
    }

    private static void removeAt(Leaf f, int pos, int k) {
        int move = f.n - pos - k;
        if (move > 0) f.copyTo(pos + k, f, pos, move);
        f.clear(f.n - k, f.n);
        f.n -= k;
    }

    private Leaf newLeaf() {
        bytes += LEAF_BYTES;
        return new Leaf();
    }

    private Inner newInner() {
        bytes += INNER_BYTES;
        return new Inner();
    }

    private void splitLeaf(Leaf f, int pos, double score, byte[] member) {
        Leaf r = newLeaf();
        // Ascending appends (and descending ones, as an RDB from Redis loads) leave full leaves behind.
        int keep;
        if (pos == LEAF_CAP && f.next == null) keep = LEAF_CAP;
        else if (pos == 0 && f.prev == null) keep = 0;
        else keep = LEAF_CAP / 2;
        int moved = LEAF_CAP - keep;
        f.copyTo(keep, r, 0, moved);
        f.clear(keep, LEAF_CAP);
        f.n = keep;
        r.n = moved;
        r.prev = f;
        r.next = f.next;
        if (f.next != null) f.next.prev = r; else tail = r;
        f.next = r;
        if (pos <= keep && keep < LEAF_CAP) insertAt(f, pos, score, member);
        else insertAt(r, pos - keep, score, member);
        addSibling(height - 1, f, r);
    }

    /**
     * After {@code left} (child {@code pathIdx[d]} of {@code path[d]}) split, records its new count
     * and max and adds {@code right} just after it, splitting upward as needed.
     */
    private void addSibling(int d, Object left, Object right) {
        if (d < 0) {
            Inner nr = newInner();
            nr.kids[0] = left;
            nr.kids[1] = right;
            nr.n = 2;
            setEntry(nr, 0, left);
            setEntry(nr, 1, right);
            root = nr;
            height++;
            return;
        }
        Inner p = path[d];
        int i = pathIdx[d];
        setEntry(p, i, left);
        if (p.n < INNER_CAP) {
            insertEntry(p, i + 1, right);
            return;
        }
        Inner q = newInner();
        int keep = INNER_CAP / 2, moved = INNER_CAP - keep;
        p.copyTo(keep, q, 0, moved);
        p.clear(keep, INNER_CAP);
        p.n = keep;
        q.n = moved;
        if (i + 1 <= keep) insertEntry(p, i + 1, right);
        else insertEntry(q, i + 1 - keep, right);
        addSibling(d - 1, p, q);
    }

    private static int total(Inner x) {
        int sum = 0;
        int[] c = x.counts;
        for (int i = 0; i < x.n; i++) sum += c[i];
        return sum;
    }

    /** Sets the count and max of child {@code i} of {@code p} from the (non-empty) child itself. */
    private static void setEntry(Inner p, int i, Object kid) {
        if (kid instanceof Leaf f) {
            p.counts[i] = f.n;
            p.maxScores[i] = f.scores[f.n - 1];
            p.maxMembers[i] = f.members[f.n - 1];
        } else {
            Inner c = (Inner) kid;
            p.counts[i] = total(c);
            p.maxScores[i] = c.maxScores[c.n - 1];
            p.maxMembers[i] = c.maxMembers[c.n - 1];
        }
    }

    private static void insertEntry(Inner p, int i, Object kid) {
        int move = p.n - i;
        if (move > 0) p.copyTo(i, p, i + 1, move);
        p.kids[i] = kid;
        p.n++;
        setEntry(p, i, kid);
    }

    private static void removeEntry(Inner p, int i) {
        int move = p.n - i - 1;
        if (move > 0) p.copyTo(i + 1, p, i, move);
        p.n--;
        p.clear(p.n, p.n + 1);
    }

    /** Removes the element; returns whether it was there. */
    boolean delete(double score, byte[] member) {
        Leaf f = descend(score, member);
        int pos = leafPos(f, score, member);
        if (!isAt(f, pos, score, member)) return false;
        removeFound(f, pos, 1);
        return true;
    }

    /** Removes {@code k} elements from {@code pos} of a leaf reached by the current path. */
    private void removeFound(Leaf f, int pos, int k) {
        removeAt(f, pos, k);
        length -= k;
        for (int d = 0; d < height; d++) path[d].counts[pathIdx[d]] -= k;
        if (height == 0) return;
        if (pos == f.n && f.n > 0) propagateMax(height - 1, f.scores[f.n - 1], f.members[f.n - 1]);
        if (f.n < LEAF_MIN) rebalance(height - 1);
    }

    /** Child {@code pathIdx[d]} of {@code path[d]} has a new max: record it, and upward while it is a last child. */
    private void propagateMax(int d, double s, byte[] m) {
        for (; d >= 0; d--) {
            Inner p = path[d];
            int i = pathIdx[d];
            p.maxScores[i] = s;
            p.maxMembers[i] = m;
            if (i != p.n - 1) return;
        }
    }

    /** Child {@code pathIdx[d]} of {@code path[d]} is under its minimum: merge with or borrow from a sibling. */
    private void rebalance(int d) {
        Inner p = path[d];
        if (p.n < 2) return;
        int li = pathIdx[d] > 0 ? pathIdx[d] - 1 : 0;
        boolean lastTouched = li + 1 == p.n - 1;
        fixSiblings(p, li, (Node) p.kids[li], (Node) p.kids[li + 1]);
        if (d == 0) {
            if (p.n == 1) {
                root = p.kids[0];
                height--;
                bytes -= INNER_BYTES;
            }
            return;
        }
        // An emptied last leaf merged away lowers this node's max.
        if (lastTouched) propagateMax(d - 1, p.maxScores[p.n - 1], p.maxMembers[p.n - 1]);
        if (p.n < INNER_MIN) rebalance(d - 1);
    }

    /** Merges children li and li + 1 of {@code p} when they fit in one, else evens out their entries. */
    private void fixSiblings(Inner p, int li, Node a, Node b) {
        if (a.n + b.n <= a.capacity()) {
            b.copyTo(0, a, a.n, b.n);
            a.n += b.n;
            if (a instanceof Leaf la) {
                Leaf lb = (Leaf) b;
                la.next = lb.next;
                if (lb.next != null) lb.next.prev = la; else tail = la;
            }
            bytes -= b.heapBytes();
            removeEntry(p, li + 1);
            setEntry(p, li, a);
            return;
        }
        int wantA = (a.n + b.n) / 2;
        if (a.n < wantA) {
            int k = wantA - a.n;
            b.copyTo(0, a, a.n, k);
            a.n = wantA;
            b.copyTo(k, b, 0, b.n - k);
            b.clear(b.n - k, b.n);
            b.n -= k;
        } else {
            int k = a.n - wantA;
            b.copyTo(0, b, k, b.n);
            a.copyTo(wantA, b, 0, k);
            b.n += k;
            a.clear(wantA, a.n);
            a.n = wantA;
        }
        setEntry(p, li, a);
        setEntry(p, li + 1, b);
    }

    /** Changes the score of a present element, in place when it stays in its leaf. */
    void update(double oldScore, byte[] member, double newScore) {
        Leaf f = descend(oldScore, member);
        int pos = leafPos(f, oldScore, member);
        byte[] m = f.members[pos];
        int n = f.n;
        // The other elements of the leaf bound where the new key may go without touching a neighbour.
        int lo = pos == 0 ? 1 : 0, hi = pos == n - 1 ? n - 2 : n - 1;
        boolean fits = n > 1
                ? (f.prev == null || compare(f.scores[lo], f.members[lo], newScore, m) < 0)
                        && (f.next == null || compare(newScore, m, f.scores[hi], f.members[hi]) < 0)
                : f.prev == null && f.next == null;
        if (!fits) {
            removeFound(f, pos, 1);
            insert(newScore, m);
            return;
        }
        removeAt(f, pos, 1);
        int np = leafPos(f, newScore, m);
        insertAt(f, np, newScore, m);
        if (height > 0 && (pos == n - 1 || np == n - 1)) propagateMax(height - 1, f.scores[n - 1], f.members[n - 1]);
    }

    /** 0-based rank of (score, member), or -1 when absent. */
    long rank(double score, byte[] member) {
        long r = 0;
        Object x = root;
        for (int d = 0; d < height; d++) {
            Inner in = (Inner) x;
            int i = childFor(in, score, member);
            int[] c = in.counts;
            for (int j = 0; j < i; j++) r += c[j];
            x = in.kids[i];
        }
        Leaf f = (Leaf) x;
        int pos = leafPos(f, score, member);
        return isAt(f, pos, score, member) ? r + pos : -1;
    }

    /** How many elements have a score below {@code s} (or equal to it too, with orEqual). */
    long countByScore(double s, boolean orEqual) {
        long r = 0;
        Object x = root;
        for (int d = 0; d < height; d++) {
            Inner in = (Inner) x;
            double[] ms = in.maxScores;
            int lo = 0, hi = in.n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ms[mid] < s || (orEqual && ms[mid] == s)) lo = mid + 1; else hi = mid;
            }
            int[] c = in.counts;
            for (int j = 0; j < lo; j++) r += c[j];
            x = in.kids[lo];
        }
        Leaf f = (Leaf) x;
        double[] sc = f.scores;
        int lo = 0, hi = f.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sc[mid] < s || (orEqual && sc[mid] == s)) lo = mid + 1; else hi = mid;
        }
        return r + lo;
    }

    /** How many elements have a member below {@code m} (or equal, with orEqual), assuming equal scores. */
    long countByLex(byte[] m, boolean orEqual) {
        long r = 0;
        Object x = root;
        for (int d = 0; d < height; d++) {
            Inner in = (Inner) x;
            byte[][] mm = in.maxMembers;
            int lo = 0, hi = in.n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int c = Arrays.compareUnsigned(mm[mid], m);
                if (c < 0 || (orEqual && c == 0)) lo = mid + 1; else hi = mid;
            }
            int[] c = in.counts;
            for (int j = 0; j < lo; j++) r += c[j];
            x = in.kids[lo];
        }
        Leaf f = (Leaf) x;
        int lo = 0, hi = f.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(f.members[mid], m);
            if (c < 0 || (orEqual && c == 0)) lo = mid + 1; else hi = mid;
        }
        return r + lo;
    }

    /** Removes ranks start..end (0-based, inclusive, within bounds), calling back for each removed member. */
    void deleteRangeByRank(long start, long end, Consumer<byte[]> removed) {
        long remaining = end - start + 1;
        while (remaining > 0) {
            Leaf f = seek(start);
            int pos = seekIdx;
            int k = (int) Math.min(f.n - pos, remaining);
            for (int j = pos; j < pos + k; j++) removed.accept(f.members[j]);
            removeFound(f, pos, k);
            remaining -= k;
        }
    }

    /**
     * Checks the structure (for tests): counts and max keys match the children, keys strictly
     * ascend, all leaves sit at one depth and are linked in order, nodes are filled (only the
     * first and last leaf may run low, after ascending or descending appends), bytes add up.
     */
    void check() {
        long[] nodes = new long[2];
        Leaf[] prevLeaf = new Leaf[1];
        int total = checkNode(root, 0, nodes, prevLeaf);
        if (total != length) throw new AssertionError("length " + length + " but " + total + " elements");
        if (prevLeaf[0] != tail) throw new AssertionError("tail is not the last leaf");
        if (tail.next != null) throw new AssertionError("tail has a next");
        if (height > 0 && ((Inner) root).n < 2) throw new AssertionError("root with one child");
        long expect = TREE_BYTES + nodes[0] * LEAF_BYTES + nodes[1] * INNER_BYTES;
        if (bytes != expect) throw new AssertionError("bytes " + bytes + " expected " + expect);
    }

    private int checkNode(Object x, int depth, long[] nodes, Leaf[] prevLeaf) {
        if (x instanceof Leaf f) {
            if (depth != height) throw new AssertionError("leaf at depth " + depth + " of " + height);
            nodes[0]++;
            Leaf before = prevLeaf[0];
            if (f.prev != before) throw new AssertionError("broken prev link");
            if (before == null ? head != f : before.next != f) throw new AssertionError("broken next link");
            if (before != null && before.n > 0 && f.n > 0
                    && compare(before.scores[before.n - 1], before.members[before.n - 1], f.scores[0], f.members[0]) >= 0) {
                throw new AssertionError("leaves out of order");
            }
            for (int i = 1; i < f.n; i++) {
                if (compare(f.scores[i - 1], f.members[i - 1], f.scores[i], f.members[i]) >= 0) {
                    throw new AssertionError("leaf out of order at " + i);
                }
            }
            for (int i = f.n; i < LEAF_CAP; i++) if (f.members[i] != null) throw new AssertionError("stale member");
            if (height > 0) {
                if (f.n == 0) throw new AssertionError("empty leaf");
                if (f.n < LEAF_MIN && f != head && f != tail) throw new AssertionError("underfull leaf " + f.n);
            }
            prevLeaf[0] = f;
            return f.n;
        }
        Inner in = (Inner) x;
        nodes[1]++;
        if (depth > 0 && in.n < INNER_MIN) throw new AssertionError("underfull inner node " + in.n);
        int sum = 0;
        for (int i = 0; i < in.n; i++) {
            Object kid = in.kids[i];
            int c = checkNode(kid, depth + 1, nodes, prevLeaf);
            if (c != in.counts[i]) throw new AssertionError("count " + in.counts[i] + " but " + c);
            double ms;
            byte[] mm;
            if (kid instanceof Leaf f) {
                ms = f.scores[f.n - 1];
                mm = f.members[f.n - 1];
            } else {
                Inner k = (Inner) kid;
                ms = k.maxScores[k.n - 1];
                mm = k.maxMembers[k.n - 1];
            }
            if (Double.doubleToRawLongBits(ms) != Double.doubleToRawLongBits(in.maxScores[i]) || mm != in.maxMembers[i]) {
                throw new AssertionError("stale max key at " + i);
            }
            sum += c;
        }
        for (int i = in.n; i < INNER_CAP; i++) {
            if (in.kids[i] != null || in.maxMembers[i] != null) throw new AssertionError("stale child");
        }
        return sum;
    }
}
