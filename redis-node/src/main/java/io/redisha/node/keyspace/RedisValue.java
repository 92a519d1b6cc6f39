package io.redisha.node.keyspace;

/**
 * A container value (hash, list, set, sorted set). Strings are stored as plain {@code byte[]}
 * to save an object per key.
 */
public interface RedisValue {
    /** TYPE's answer: "hash", "list", "set", "zset". */
    String typeName();

    /** OBJECT ENCODING's answer: "listpack", "hashtable", "quicklist", "intset", "skiplist". */
    String encoding();

    /** Estimated bytes used, for MEMORY USAGE and INFO memory. */
    long memoryUsage();

    /** Number of elements; an empty container is removed from the keyspace. */
    long size();

    /** A deep copy, for COPY. */
    RedisValue copy();
}
