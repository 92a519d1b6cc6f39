package io.redisha.node.command;

/** Command flags, the subset of Redis's that the gate and tools read. */
public final class CommandFlags {
    private CommandFlags() {}

    public static final int WRITE = 1;
    public static final int READONLY = 1 << 1;
    public static final int DENYOOM = 1 << 2;
    public static final int ADMIN = 1 << 3;
    public static final int PUBSUB = 1 << 4;
    public static final int NOSCRIPT = 1 << 5;
    public static final int BLOCKING = 1 << 6;
    public static final int LOADING = 1 << 7;
    public static final int STALE = 1 << 8;
    public static final int SKIP_MONITOR = 1 << 9;
    public static final int FAST = 1 << 10;
    /** Allowed before AUTH (AUTH, HELLO, QUIT...). */
    public static final int NO_AUTH = 1 << 11;
    /** Executed at once even inside MULTI (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
    public static final int NO_QUEUE = 1 << 12;
    /** Refused inside MULTI. */
    public static final int NO_MULTI = 1 << 13;
    /** Allowed while a RESP2 client is in subscribed mode. */
    public static final int PUBSUB_CONTEXT = 1 << 14;
    /** Output may differ between runs (RANDOMKEY, SPOP...): matters to replication. */
    public static final int RANDOM = 1 << 15;
    public static final int MAY_REPLICATE = 1 << 16;
    public static final int ALLOW_BUSY = 1 << 17;

    private static final String[] NAMES = {"write", "readonly", "denyoom", "admin", "pubsub", "noscript",
        "blocking", "loading", "stale", "skip_monitor", "fast", "no_auth", null, "no_multi", null, null,
        "may_replicate", "allow_busy"};

    /** Flag names as COMMAND INFO lists them. */
    public static java.util.List<String> names(int flags) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0 && NAMES[i] != null) out.add(NAMES[i]);
        }
        return out;
    }
}
