package io.redisha.node.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * A point-in-time view of every database for BGSAVE, AOF rewrite and full resync, without
 * fork: the entry arrays are copied (a few milliseconds per million keys) and containers are
 * copied on their first write while the snapshot is open, so another thread can read the view
 * while the owner keeps serving. Strings are never changed in place, so they are shared.
 */
public final class Snapshot {
    /** One database as it was: entries at indexes below {@code used} where {@code keys[i] != null}. */
    public record DbView(int id, byte[][] keys, Object[] values, long[] expires, int size) {

        public void forEach(Database.EntryConsumer consumer) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) consumer.accept(keys[i], values[i], expires[i]);
            }
        }
    }

    private final List<DbView> dbs;
    private final long createdAt;
    private final Keyspace keyspace;
    private boolean closed;

    Snapshot(Keyspace keyspace, List<DbView> dbs, long createdAt) {
        this.keyspace = keyspace;
        this.dbs = dbs;
        this.createdAt = createdAt;
    }

    /** The non-empty databases. */
    public List<DbView> dbs() {
        return dbs;
    }

    public long createdAt() {
        return createdAt;
    }

    public long keyCount() {
        long n = 0;
        for (DbView d : dbs) n += d.size();
        return n;
    }

    /** Ends copy-on-write; must be called on the owner thread once the reader is done. */
    public void close() {
        if (closed) return;
        closed = true;
        keyspace.snapshotClosed(this);
    }

    static Snapshot take(Keyspace ks, Database[] databases) {
        List<DbView> views = new ArrayList<>();
        for (Database db : databases) {
            if (db.size() == 0) continue;
            views.add(db.dict().view(db.id()));
        }
        return new Snapshot(ks, views, System.currentTimeMillis());
    }
}
