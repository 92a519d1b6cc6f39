package io.redisha.node.persistence.rdb;

import java.io.IOException;

/** A malformed, truncated or unsupported RDB file; the message names the byte offset. */
public class RdbException extends IOException {
    private final long offset;

    public RdbException(long offset, String message) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Byte offset in the file where the problem was found (-1 when not tied to one). */
    public long offset() {
        return offset;
    }
}
