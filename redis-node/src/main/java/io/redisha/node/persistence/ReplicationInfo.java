package io.redisha.node.persistence;

/**
 * Where a dataset stands in a replication history: the RDB aux fields repl-stream-db, repl-id
 * and repl-offset. Written by SAVE/BGSAVE/SHUTDOWN so that a restarted node can continue its
 * history with a partial resync instead of loading a whole new snapshot.
 */
public record ReplicationInfo(int streamDb, String id, long offset) {}
