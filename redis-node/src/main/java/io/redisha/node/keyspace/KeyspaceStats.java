package io.redisha.node.keyspace;

/** Counters INFO stats reports; written by the owner thread only. */
public final class KeyspaceStats {
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    public long evictedKeys;
    public long expiredStalePerc;
    public long expireCycleCpuMillis;

    void reset() {
        keyspaceHits = keyspaceMisses = expiredKeys = evictedKeys = 0;
        expireCycleCpuMillis = 0;
    }
}
