package io.redisha.node.keyspace.zset;

import io.redisha.node.keyspace.Dict;
import io.redisha.node.keyspace.Container;
import java.util.Arrays;

/**
 * A sorted set ordered by (score, member bytes unsigned). Small sets are two sorted parallel
 * arrays ("listpack"); past 128 members or a member over 64 bytes they become a skiplist with
 * spans plus a member-to-node dict ("skiplist"), as Redis does. Ranks are 0-based here.
 */
public final class ZSet extends Container {
    public static final int MAX_LISTPACK_ENTRIES = 128;
    public static final int MAX_LISTPACK_VALUE = 64;

    // listpack encoding
    private byte[][] members;
    private double[] scores;
    private int n;
    // skiplist encoding
    private ZSkipList zsl;
    private Dict dict;

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

    public boolean isListpack() { return zsl == null; }

    @Override public String typeName() { return "zset"; }
    @Override public String encoding() { return zsl == null ? "listpack" : "skiplist"; }
    @Override public long size() { return zsl == null ? n : zsl.length; }
    public int length() { return zsl == null ? n : zsl.length; }

    @Override
    public long memoryUsage() {
        long bytes = objectBytes(24);
        if (zsl == null) {
            // At most 128 members: walking them is cheap.
            bytes += 16 + 4L * members.length + 16 + 8L * scores.length;
            for (int i = 0; i < n; i++) bytes += Dict.arrayBytes(members[i].length);
            return bytes;
        }
        // A node: object (40), its next[] and span[] arrays for 1.33 levels on average (24 + 24).
        return bytes + 88L * zsl.length + dict.overheadBytes() + dict.payloadBytes();
    }

    @Override
    public ZSet copy() {
        ZSet z = new ZSet();
        if (zsl == null) {
            z.members = Arrays.copyOf(members, Math.max(4, n));
            z.scores = Arrays.copyOf(scores, Math.max(4, n));
            z.n = n;
        } else {
            z.toSkiplist();
            for (ZSkipList.Node x = zsl.first(); x != null; x = x.next[0]) z.insertSkiplist(x.member, x.score);
        }
        return z;
    }

    /** Converts to the skiplist encoding (done automatically when thresholds are crossed). */
    public void toSkiplist() {
        if (zsl != null) return;
        zsl = new ZSkipList();
        dict = new Dict(n);
        for (int i = 0; i < n; i++) insertSkiplist(members[i], scores[i]);
        members = null;
        scores = null;
        n = 0;
    }

    /** Converts back to listpack when small enough (used for freshly built store results). */
    public void toListpackIfFits() {
        if (zsl == null || zsl.length > MAX_LISTPACK_ENTRIES) return;
        int len = zsl.length;
        byte[][] m = new byte[Math.max(4, len)][];
        double[] s = new double[Math.max(4, len)];
        int i = 0;
        for (ZSkipList.Node x = zsl.first(); x != null; x = x.next[0], i++) {
            if (x.member.length > MAX_LISTPACK_VALUE) return;
            m[i] = x.member;
            s[i] = x.score;
        }
        members = m;
        scores = s;
        n = len;
        zsl = null;
        dict = null;
    }

    private void insertSkiplist(byte[] member, double score) {
        ZSkipList.Node node = zsl.insert(score, member);
        dict.insert(member, node);
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
            if (ZSkipList.compare(scores[mid], members[mid], score, member) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** The member's score, or NaN when absent (scores are never NaN). */
    public double score(byte[] member) {
        if (zsl == null) {
            int i = lpIndex(member);
            return i < 0 ? Double.NaN : scores[i];
        }
        Object node = dict.get(member);
        return node == null ? Double.NaN : ((ZSkipList.Node) node).score;
    }

    public boolean contains(byte[] member) {
        return zsl == null ? lpIndex(member) >= 0 : dict.containsKey(member);
    }

    /** Adds a member the caller knows is absent, converting the encoding when needed. */
    public void insert(byte[] member, double score) {
        if (zsl == null && (n >= MAX_LISTPACK_ENTRIES || member.length > MAX_LISTPACK_VALUE)) toSkiplist();
        if (zsl != null) {
            insertSkiplist(member, score);
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
        if (zsl != null) {
            ZSkipList.Node node = (ZSkipList.Node) dict.get(member);
            ZSkipList.Node moved = zsl.updateScore(node, newScore);
            if (moved != node) dict.put(member, moved);
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
        if (zsl == null) {
            int i = lpIndex(member);
            if (i < 0) return false;
            removeAt(i);
            return true;
        }
        Object node = dict.get(member);
        if (node == null) return false;
        zsl.delete(((ZSkipList.Node) node).score, member);
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
        if (zsl == null) return lpIndex(member);
        Object node = dict.get(member);
        if (node == null) return -1;
        return zsl.rank(((ZSkipList.Node) node).score, member) - 1;
    }

    /** How many members score below {@code s}, or at most {@code s} with orEqual. */
    public long countByScore(double s, boolean orEqual) {
        if (zsl != null) return zsl.countByScore(s, orEqual);
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scores[mid] < s || (orEqual && scores[mid] == s)) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** How many members sort below {@code m} (or equal too with orEqual), comparing members only. */
    public long countByLex(byte[] m, boolean orEqual) {
        if (zsl != null) return zsl.countByLex(m, orEqual);
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
        if (zsl == null) {
            int s = (int) start, e = (int) end + 1;
            System.arraycopy(members, e, members, s, n - e);
            System.arraycopy(scores, e, scores, s, n - e);
            int newN = n - (e - s);
            Arrays.fill(members, newN, n, null);
            n = newN;
            return;
        }
        Dict d = dict;
        zsl.deleteRangeByRank(start + 1, end + 1, d::remove);
    }

    /** A cursor on the member at {@code rank} (0-based), moving toward higher or lower ranks. */
    public Cursor cursor(long rank, boolean reverse) {
        Cursor c = new Cursor(this, reverse);
        if (zsl == null) c.idx = (int) rank;
        else c.node = zsl.byRank(rank + 1);
        return c;
    }

    /** Walks members in rank order without allocating per element. */
    public static final class Cursor {
        private final ZSet z;
        private final boolean reverse;
        int idx;
        ZSkipList.Node node;

        Cursor(ZSet z, boolean reverse) {
            this.z = z;
            this.reverse = reverse;
        }

        public byte[] member() { return node != null ? node.member : z.members[idx]; }
        public double score() { return node != null ? node.score : z.scores[idx]; }

        public void next() {
            if (node != null) node = reverse ? node.backward : node.next[0];
            else idx += reverse ? -1 : 1;
        }
    }

    /** Visits every member in ascending order (for snapshots and persistence). */
    public void forEach(ScanVisitor visitor) {
        if (zsl == null) {
            for (int i = 0; i < n; i++) visitor.visit(members[i], scores[i]);
            return;
        }
        for (ZSkipList.Node x = zsl.first(); x != null; x = x.next[0]) visitor.visit(x.member, x.score);
    }

    /** Visits the members of one SCAN step of the skiplist's dict (listpack sets are scanned whole). */
    public long scanStep(long cursor, ScanVisitor visitor) {
        if (zsl == null) {
            for (int i = 0; i < n; i++) visitor.visit(members[i], scores[i]);
            return 0;
        }
        Dict d = dict;
        return d.scan(cursor, i -> {
            ZSkipList.Node node = (ZSkipList.Node) d.valueAt(i);
            visitor.visit(node.member, node.score);
        });
    }

    @FunctionalInterface
    public interface ScanVisitor {
        void visit(byte[] member, double score);
    }
}
