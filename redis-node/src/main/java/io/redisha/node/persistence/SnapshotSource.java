package io.redisha.node.persistence;

import io.redisha.node.keyspace.Snapshot;
import io.redisha.node.persistence.rdb.RdbSource;
import io.redisha.node.server.ServerContext;
import java.util.concurrent.locks.LockSupport;

/**
 * An RDB source over a point-in-time snapshot, readable from another thread. With Redis's
 * {@code rdb-key-save-delay} (microseconds per key, a testing knob) it slows down on purpose,
 * so that tests can act while a save is running.
 */
public final class SnapshotSource implements RdbSource {
    private final Snapshot snapshot;
    private final int databases;
    private final long keyDelayNanos;

    public SnapshotSource(Snapshot snapshot, ServerContext ctx) {
        this.snapshot = snapshot;
        this.databases = ctx.keyspace.databases();
        this.keyDelayNanos = Math.max(0, ctx.config.getLong("rdb-key-save-delay")) * 1000;
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
        if (v == null) return;
        if (keyDelayNanos == 0) {
            v.forEach(visitor::entry);
            return;
        }
        v.forEach((key, value, expireAt) -> {
            LockSupport.parkNanos(keyDelayNanos);
            visitor.entry(key, value, expireAt);
        });
    }
}
