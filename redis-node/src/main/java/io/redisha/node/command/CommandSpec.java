package io.redisha.node.command;

import java.util.Locale;
import java.util.Map;

/**
 * A command declared once: name, arity (negative = at least), flags, key positions, handler,
 * and for container commands (CLIENT, CONFIG...) the subcommand table. The gate in
 * {@link Dispatcher} reads this instead of each command repeating its checks.
 */
public final class CommandSpec {
    final String name;
    final int arity;
    final int flags;
    final int firstKey;
    final int lastKey;
    final int keyStep;
    final KeyFinder keyFinder;
    final CommandHandler handler;
    final CommandSpec parent;
    Map<String, CommandSpec> subcommands;
    final String group;

    // Statistics, touched only by the keyspace owner thread.
    long calls;
    long usec;
    long rejectedCalls;
    long failedCalls;

    CommandSpec(String name, int arity, int flags, int firstKey, int lastKey, int keyStep,
                KeyFinder keyFinder, CommandHandler handler, CommandSpec parent, String group) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.keyFinder = keyFinder;
        this.handler = handler;
        this.parent = parent;
        this.group = group;
    }

    public String name() { return name; }

    /** "client|setname" for subcommands, as Redis 7 names them in errors and stats. */
    public String fullName() { return parent == null ? name : parent.name + "|" + name; }

    public int arity() { return arity; }
    public int flags() { return flags; }
    public boolean has(int flag) { return (flags & flag) != 0; }
    public int firstKey() { return firstKey; }
    public int lastKey() { return lastKey; }
    public int keyStep() { return keyStep; }
    public CommandHandler handler() { return handler; }
    public CommandSpec parent() { return parent; }
    public Map<String, CommandSpec> subcommands() { return subcommands; }
    public String group() { return group; }
    public long calls() { return calls; }
    public long usec() { return usec; }
    public long rejectedCalls() { return rejectedCalls; }
    public long failedCalls() { return failedCalls; }

    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** Indexes of the key arguments of this invocation. */
    public int[] keyIndexes(byte[][] argv) {
        if (keyFinder != null) return keyFinder.keys(argv);
        if (firstKey <= 0) return EMPTY;
        int last = lastKey < 0 ? argv.length + lastKey : lastKey;
        if (last >= argv.length) last = argv.length - 1;
        int n = last < firstKey ? 0 : (last - firstKey) / keyStep + 1;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = firstKey + i * keyStep;
        return out;
    }

    /** Whether a numkeys-style command's arguments name their keys well (see KeyFinder#valid). */
    public boolean keysValid(byte[][] argv) {
        return keyFinder == null || keyFinder.valid(argv);
    }

    public boolean hasKeys() {
        return firstKey > 0 || keyFinder != null;
    }

    void resetStats() {
        calls = usec = rejectedCalls = failedCalls = 0;
    }

    private static final int[] EMPTY = new int[0];
}
