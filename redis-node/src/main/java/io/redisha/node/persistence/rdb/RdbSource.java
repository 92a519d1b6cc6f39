package io.redisha.node.persistence.rdb;

import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Keyspace;

/** The data {@link RdbWriter} saves: numbered databases of keys with values and expiry times. */
public interface RdbSource {
    int databases();

    /** Number of keys in a database; databases with none are not written. */
    long keys(int db);

    /** Number of keys with a TTL (a size hint in the file). */
    long expires(int db);

    /** Visits every key of a database. Values: {@code byte[]} or the keyspace's value classes. */
    void forEach(int db, EntryVisitor visitor);

    @FunctionalInterface
    interface EntryVisitor {
        /** {@code expireAtMs} is 0 for a key without TTL. */
        void entry(byte[] key, Object value, long expireAtMs);
    }

    /**
     * The live keyspace. Only for a caller that holds the keyspace still while writing (SAVE);
     * a background save needs a source over a snapshot instead.
     */
    static RdbSource of(Keyspace ks) {
        return new RdbSource() {
            @Override
            public int databases() {
                return ks.databases();
            }

            @Override
            public long keys(int db) {
                return ks.db(db).size();
            }

            @Override
            public long expires(int db) {
                return ks.db(db).expiresCount();
            }

            @Override
            public void forEach(int db, EntryVisitor visitor) {
                Database d = ks.db(db);
                d.forEach(visitor::entry);
            }
        };
    }
}
