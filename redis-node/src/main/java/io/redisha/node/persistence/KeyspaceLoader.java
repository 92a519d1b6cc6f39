package io.redisha.node.persistence;

import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.persistence.rdb.RdbSink;
import java.nio.charset.StandardCharsets;

/**
 * Puts what an RDB stream holds into the keyspace: dump.rdb at start-up, an AOF preamble, a
 * full resync. A master drops keys that expired meanwhile; an AOF preamble and a replica keep
 * them (later commands may use them, or the master's DEL removes them).
 */
public class KeyspaceLoader implements RdbSink {
    private final Keyspace ks;
    private final String source;
    private final long dropExpiredBefore;
    private int db;
    private int streamDb;
    private long loaded;
    private long expired;

    /** {@code dropExpired}: skip keys whose time has passed, as a master loading its dump. */
    public KeyspaceLoader(Keyspace ks, String source, boolean dropExpired) {
        this.ks = ks;
        this.source = source;
        this.dropExpiredBefore = dropExpired ? System.currentTimeMillis() : Long.MIN_VALUE;
    }

    @Override
    public void aux(byte[] name, byte[] value) {
        if (new String(name, StandardCharsets.US_ASCII).equals("repl-stream-db")) {
            try {
                streamDb = Integer.parseInt(new String(value, StandardCharsets.US_ASCII));
            } catch (NumberFormatException ignored) {
                // keep db 0
            }
        }
    }

    @Override
    public void selectDb(int id) {
        if (id >= ks.databases()) {
            throw new IllegalStateException(source + " has a key in db " + id
                    + " but this node has only " + ks.databases() + " databases");
        }
        db = id;
    }

    @Override
    public void entry(byte[] key, Object value, long expireAtMs) {
        if (expireAtMs != 0 && expireAtMs <= dropExpiredBefore) {
            expired++;
            return;
        }
        Database d = ks.db(db);
        d.add(key, value);
        if (expireAtMs != 0) d.setExpire(key, expireAtMs);
        loaded++;
    }

    public long loaded() { return loaded; }
    public long expired() { return expired; }
    /** The db the replication stream continues in (repl-stream-db aux field). */
    public int streamDb() { return streamDb; }
}
