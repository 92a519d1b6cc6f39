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
    private int streamDb = -1;
    private String replId;
    private long replOffset = -1;
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
        String n = new String(name, StandardCharsets.US_ASCII);
        String v = new String(value, StandardCharsets.US_ASCII);
        try {
            switch (n) {
                case "repl-stream-db" -> streamDb = Integer.parseInt(v);
                case "repl-id" -> replId = v.length() == 40 ? v : null;
                case "repl-offset" -> replOffset = Long.parseLong(v);
                default -> { }
            }
        } catch (NumberFormatException ignored) {
            // A field that does not parse is as good as absent.
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
    /** The db the replication stream continues in (repl-stream-db aux field), -1 when absent. */
    public int streamDb() { return streamDb; }

    /**
     * The replication history the file was saved at (repl-stream-db, repl-id, repl-offset), or
     * null when the file has none, as Redis judges it: a stream db of -1 means no valid info.
     */
    public ReplicationInfo replicationInfo() {
        if (streamDb < 0 || replId == null || replOffset < 0) return null;
        return new ReplicationInfo(streamDb, replId, replOffset);
    }
}
