package io.redisha.node.keyspace.zset;

import io.redisha.node.keyspace.Dict;
import io.redisha.node.keyspace.Container;
import java.util.Arrays;

/**
 * A sorted set ordered by (score, member bytes unsigned). Small sets are two sorted parallel
 * arrays ("listpack"); past 128 members or a member over 64 bytes they become an order-statistic
 * B+tree plus a member-to-score dict. Redis uses a skiplist there, and OBJECT ENCODING keeps
 * its name "skiplist". Ranks are 0-based here.
 */
public final class ZSet extends Container {
    public static final int MAX_LISTPACK_ENTRIES = 128;
    public static final int MAX_LISTPACK_VALUE = 64;

    // listpack encoding
    private byte[][] members;
    private double[] scores;
    private int n;
    // "skiplist" encoding: the tree orders, the dict maps member -> score
    private ZTree tree;
    private ScoreDict dict;
    /** Dict entry of the member last looked up: ZADD reads the score, then updates it. */
    private int hint = -1;

    public ZSet() {
        members = new byte[4][];
        scores = new double[4];
    }

    /** A new set sized for {@code sizeHint} members, whose longest member has {@code maxLen} bytes. */
    public static ZSet create(long sizeHint, long maxLen) {
        ZSet z = new ZSet();
        if (sizeHint > MAX_LISTPACK_ENTRIES || maxLen > MAX_LISTPACK_VALUE) z.toSkiplist();
        else if (sizeHint > 4) {
            z.members = new byte[(int) sizeHint][];
            z.scores = new double[(int) sizeHint];
        }
        return z;
    }

    public boolean isListpack() { return tree == null; }

    @Override public String typeName() { return "zset"; }
    @Override public String encoding() { return tree == null ? "listpack" : "skiplist"; }
    @Override public long size() { return tree == null ? n : tree.length; }
    public int length() { return tree == null ? n : tree.length; }

    @Override
    public long memoryUsage() {
        long bytes = objectBytes(28);
        if (tree == null) {
            // At most 128 members: walking them is cheap.
            bytes += 16 + 4L * members.length + 16 + 8L * scores.length;
            for (int i = 0; i < n; i++) bytes += Dict.arrayBytes(members[i].length);
            return bytes;
        }
        // The dict's payload counts the members once: the tree shares the same arrays.
        return bytes + tree.bytes() + dict.overheadBytes() + dict.payloadBytes();
    }

    @Override
    public ZSet copy() {
        ZSet z = new ZSet();
        if (tree == null) {
            z.members = Arrays.copyOf(members, Math.max(4, n));
            z.scores = Arrays.copyOf(scores, Math.max(4, n));
            z.n = n;
        } else {
            z.tree = new ZTree();
            z.dict = new ScoreDict(tree.length);
            for (ZTree.Leaf f = tree.head; f != null; f = f.next) {
                for (int i = 0; i < f.n; i++) z.insertTree(f.members[i], f.scores[i]);
            }
        }
        return z;
    }

    /** Converts to the skiplist encoding (done automatically when thresholds are crossed). */
    public void toSkiplist() {
        if (tree != null) return;
        tree = new ZTree();
        dict = new ScoreDict(n);
        for (int i = 0; i < n; i++) insertTree(members[i], scores[i]);
        members = null;
        scores = null;
        n = 0;
    }

    /** Converts back to listpack when small enough (used for freshly built store results). */
    public void toListpackIfFits() {
        if (tree == null || tree.length > MAX_LISTPACK_ENTRIES) return;
        int len = tree.length;
        byte[][] m = new byte[Math.max(4, len)][];
        double[] s = new double[Math.max(4, len)];
        int i = 0;
        for (ZTree.Leaf f = tree.head; f != null; f = f.next) {
            for (int j = 0; j < f.n; j++, i++) {
                if (f.members[j].length > MAX_LISTPACK_VALUE) return;
                m[i] = f.members[j];
                s[i] = f.scores[j];
            }
        }
        members = m;
        scores = s;
        n = len;
        tree = null;
        dict = null;
        hint = -1;
    }

    private void insertTree(byte[] member, double score) {
        tree.insert(score, member);
        dict.add(member, score);
    }

    /** The dict entry of a member, trying the last looked-up entry before hashing. */
    private int entry(byte[] member) {
        int i = hint;
        if (i < 0 || i >= dict.capacityUsed() || !Arrays.equals(dict.keyAt(i), member)) i = dict.find(member);
        hint = i;
        return i;
    }

    private double scoreAt(int i) {
        return dict.score(i);
    }

    private int lpIndex(byte[] member) {
        for (int i = 0; i < n; i++) {
            if (Arrays.equals(members[i], member)) return i;
        }
        return -1;
    }

    /** Position where (score, member) goes in the listpack arrays. */
    private int lpInsertPos(double score, byte[] member) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ZTree.compare(scores[mid], members[mid], score, member) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** The member's score, or NaN when absent (scores are never NaN). */
    public double score(byte[] member) {
        if (tree == null) {
            int i = lpIndex(member);
            return i < 0 ? Double.NaN : scores[i];
        }
        int i = entry(member);
        return i < 0 ? Double.NaN : scoreAt(i);
    }

    public boolean contains(byte[] member) {
        return tree == null ? lpIndex(member) >= 0 : dict.containsKey(member);
    }

    /** Adds a member the caller knows is absent, converting the encoding when needed. */
    public void insert(byte[] member, double score) {
        if (tree == null && (n >= MAX_LISTPACK_ENTRIES || member.length > MAX_LISTPACK_VALUE)) toSkiplist();
        if (tree != null) {
            insertTree(member, score);
            return;
        }
        if (score == 0) score = 0.0; // the listpack keeps scores as text and reads "-0" back as 0
        int pos = lpInsertPos(score, member);
        if (n == members.length) {
            int cap = Math.min(MAX_LISTPACK_ENTRIES, n * 2);
            members = Arrays.copyOf(members, cap);
            scores = Arrays.copyOf(scores, cap);
        }
        System.arraycopy(members, pos, members, pos + 1, n - pos);
        System.arraycopy(scores, pos, scores, pos + 1, n - pos);
        members[pos] = member;
        scores[pos] = score;
        n++;
    }

    /** Changes the score of a present member. */
    public void update(byte[] member, double newScore) {
        if (tree != null) {
            int i = entry(member);
            // the dict's key, not the caller's copy: the tree and the dict share one array
            tree.update(scoreAt(i), dict.keyAt(i), newScore);
            dict.setScore(i, newScore);
            return;
        }
        int i = lpIndex(member);
        byte[] m = members[i];
        removeAt(i);
        insert(m, newScore);
    }

    /** Adds or updates (for loaders and the store commands). */
    public void put(byte[] member, double score) {
        double old = score(member);
        if (Double.isNaN(old)) insert(member, score);
        else if (old != score) update(member, score);
    }

    public boolean remove(byte[] member) {
        if (tree == null) {
            int i = lpIndex(member);
            if (i < 0) return false;
            removeAt(i);
            return true;
        }
        int i = entry(member);
        if (i < 0) return false;
        tree.delete(scoreAt(i), member);
        dict.remove(member);
        return true;
    }

    private void removeAt(int i) {
        System.arraycopy(members, i + 1, members, i, n - i - 1);
        System.arraycopy(scores, i + 1, scores, i, n - i - 1);
        members[--n] = null;
    }

    /** 0-based rank in ascending order, or -1 when absent. */
    public long rank(byte[] member) {
        if (tree == null) return lpIndex(member);
        int i = entry(member);
        return i < 0 ? -1 : tree.rank(scoreAt(i), member);
    }

    /** How many members score below {@code s}, or at most {@code s} with orEqual. */
    public long countByScore(double s, boolean orEqual) {
        if (tree != null) return tree.countByScore(s, orEqual);
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scores[mid] < s || (orEqual && scores[mid] == s)) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** How many members sort below {@code m} (or equal too with orEqual), comparing members only. */
    public long countByLex(byte[] m, boolean orEqual) {
        if (tree != null) return tree.countByLex(m, orEqual);
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(members[mid], m);
            if (c < 0 || (orEqual && c == 0)) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Removes ranks start..end (0-based, inclusive, already clamped). */
    public void removeRange(long start, long end) {
        if (start > end) return;
        if (tree == null) {
            int s = (int) start, e = (int) end + 1;
            System.arraycopy(members, e, members, s, n - e);
            System.arraycopy(scores, e, scores, s, n - e);
            int newN = n - (e - s);
            Arrays.fill(members, newN, n, null);
            n = newN;
            return;
        }
        Dict d = dict;
        tree.deleteRangeByRank(start, end, d::remove);
    }

    /** A cursor on the member at {@code rank} (0-based), moving toward higher or lower ranks. */
    public Cursor cursor(long rank, boolean reverse) {
        Cursor c = new Cursor(this, reverse);
        if (tree == null) {
            c.idx = (int) rank;
        } else if (rank >= 0 && rank < tree.length) {
            c.leaf = tree.seek(rank);
            c.idx = tree.seekIdx;
        }
        return c;
    }

    /** Walks members in rank order without allocating per element. */
    public static final class Cursor {
        private final ZSet z;
        private final boolean reverse;
        // listpack: index into the set's arrays; tree: index into leaf
        int idx;
        ZTree.Leaf leaf;

        Cursor(ZSet z, boolean reverse) {
            this.z = z;
            this.reverse = reverse;
        }

        public byte[] member() { return leaf != null ? leaf.members[idx] : z.members[idx]; }
        public double score() { return leaf != null ? leaf.scores[idx] : z.scores[idx]; }

        public void next() {
            if (leaf == null) {
                idx += reverse ? -1 : 1;
            } else if (reverse) {
                if (--idx < 0) {
                    leaf = leaf.prev;
                    if (leaf != null) idx = leaf.n - 1;
                }
            } else if (++idx == leaf.n) {
                leaf = leaf.next;
                idx = 0;
            }
        }
    }

    /** Visits every member in ascending order (for snapshots and persistence). */
    public void forEach(ScanVisitor visitor) {
        if (tree == null) {
            for (int i = 0; i < n; i++) visitor.visit(members[i], scores[i]);
            return;
        }
        for (ZTree.Leaf f = tree.head; f != null; f = f.next) {
            for (int i = 0; i < f.n; i++) visitor.visit(f.members[i], f.scores[i]);
        }
    }

    /** Visits the members of one SCAN step of the dict (listpack sets are scanned whole). */
    public long scanStep(long cursor, ScanVisitor visitor) {
        if (tree == null) {
            for (int i = 0; i < n; i++) visitor.visit(members[i], scores[i]);
            return 0;
        }
        ScoreDict d = dict;
        return d.scan(cursor, i -> visitor.visit(d.keyAt(i), d.score(i)));
    }

    @FunctionalInterface
    public interface ScanVisitor {
        void visit(byte[] member, double score);
    }
}
