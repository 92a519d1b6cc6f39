package io.redisha.node.persistence.rdb;

/**
 * Receives what {@link RdbReader} finds, in file order. Entries arrive as they are read, before
 * the trailing checksum is verified: a load is complete only when {@code read} returns; after
 * an exception the caller must discard everything it received.
 */
public interface RdbSink {
    /** An AUX field: redis-ver, redis-bits, ctime, used-mem, aof-base, repl-stream-db, repl-id, repl-offset... */
    default void aux(byte[] name, byte[] value) {}

    /** The following entries belong to database {@code db}. */
    default void selectDb(int db) {}

    /** Size hints for the current database. */
    default void resizeDb(long keys, long expires) {}

    /**
     * A key: {@code value} is a {@code byte[]} for strings, otherwise what the reader's
     * {@link RdbValues} built; {@code expireAtMs} is 0 without TTL. Expired keys are passed on
     * too (Redis drops them when loading as a master, keeps them on a replica).
     */
    void entry(byte[] key, Object value, long expireAtMs);

    /** A function library (FUNCTION2 opcode), as its source code. Refused unless overridden. */
    default void function(byte[] libraryCode, long offset) throws RdbException {
        throw new RdbException(offset, "the RDB file contains functions, which this server cannot load");
    }
}
