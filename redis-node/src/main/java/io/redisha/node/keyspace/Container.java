package io.redisha.node.keyspace;

/**
 * Base of the container types: remembers what the keyspace last charged for the value, so a
 * change in place adjusts the dataset's size by the difference without walking anything.
 */
public abstract class Container implements RedisValue {
    /** Bytes counted for this value in its database's total; 0 while not stored. */
    int charged;

    /** Heap bytes of an object with {@code fieldBytes} of fields: 12-byte header, padded to 8. */
    protected static long objectBytes(int fieldBytes) {
        return (12L + fieldBytes + 7) & ~7L;
    }
}
