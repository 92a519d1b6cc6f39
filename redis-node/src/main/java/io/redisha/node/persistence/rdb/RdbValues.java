package io.redisha.node.persistence.rdb;

/**
 * Builds value objects from decoded container contents, so the reader does not depend on the
 * value classes. Arrays may be longer than the count; elements past it are garbage. The
 * builder owns the arrays it is given. Duplicates (only in corrupt files) are the builder's
 * business.
 */
public interface RdbValues {
    Object list(byte[][] elements, int count);

    Object set(byte[][] members, int count);

    /** A set whose file encoding was an intset: sorted distinct integers. */
    Object intSet(long[] members);

    /** Fields and values alternate: {@code pairs[2i]} is a field, {@code pairs[2i+1]} its value. */
    Object hash(byte[][] pairs, int pairCount);

    Object zset(byte[][] members, double[] scores, int count);
}
