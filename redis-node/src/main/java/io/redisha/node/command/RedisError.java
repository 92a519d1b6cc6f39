package io.redisha.node.command;

/**
 * An error reply raised from inside a command. It carries no stack trace: it is control flow
 * (a bad argument), not a bug, and is thrown on the hot path.
 */
public final class RedisError extends RuntimeException {
    public static final RedisError WRONGTYPE =
            new RedisError("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final RedisError NOT_INTEGER = new RedisError("ERR value is not an integer or out of range");
    public static final RedisError NOT_FLOAT = new RedisError("ERR value is not a valid float");
    public static final RedisError SYNTAX = new RedisError("ERR syntax error");
    public static final RedisError NO_SUCH_KEY = new RedisError("ERR no such key");
    public static final RedisError OVERFLOW = new RedisError("ERR increment or decrement would overflow");
    public static final RedisError OUT_OF_RANGE = new RedisError("ERR index out of range");
    public static final RedisError POSITIVE = new RedisError("ERR value is out of range, must be positive");
    public static final RedisError TIMEOUT_NOT_FLOAT = new RedisError("ERR timeout is not a float or out of range");
    public static final RedisError TIMEOUT_NEGATIVE = new RedisError("ERR timeout is negative");

    public RedisError(String message) {
        super(message, null, false, false);
    }
}
