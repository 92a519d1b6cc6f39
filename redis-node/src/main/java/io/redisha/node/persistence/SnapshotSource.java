package io.redisha.node.persistence;

import io.redisha.node.keyspace.Snapshot;
import io.redisha.node.persistence.rdb.RdbSource;

/** An RDB source over a point-in-time snapshot, readable from another thread. */
public final class SnapshotSource implements RdbSource {
    private final Snapshot snapshot;
    private final int databases;

    public SnapshotSource(Snapshot snapshot, int databases) {
        this.snapshot = snapshot;
        this.databases = databases;
    }

    private Snapshot.DbView view(int db) {
        for (Snapshot.DbView v : snapshot.dbs()) {
            if (v.id() == db) return v;
        }
        return null;
    }

    @Override
    public int databases() {
        return databases;
    }

    @Override
    public long keys(int db) {
        Snapshot.DbView v = view(db);
        return v == null ? 0 : v.size();
    }

    @Override
    public long expires(int db) {
        Snapshot.DbView v = view(db);
        if (v == null) return 0;
        long n = 0;
        for (long e : v.expires()) if (e != 0) n++;
        return n;
    }

    @Override
    public void forEach(int db, EntryVisitor visitor) {
        Snapshot.DbView v = view(db);
        if (v != null) v.forEach(visitor::entry);
    }
}
