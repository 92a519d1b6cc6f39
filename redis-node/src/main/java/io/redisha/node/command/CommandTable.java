package io.redisha.node.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command, declared once. Families register themselves with {@link #group(String)} then
 * {@code add(...)}. Lookup takes the raw name bytes and ignores case without allocating.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private CommandSpec[] slots = new CommandSpec[512];
    private String group = "generic";

    public CommandTable group(String g) {
        this.group = g;
        return this;
    }

    public CommandSpec add(String name, int arity, int flags, int first, int last, int step, CommandHandler h) {
        return register(new CommandSpec(name, arity, flags, first, last, step, null, h, null, group));
    }

    public CommandSpec add(String name, int arity, int flags, CommandHandler h) {
        return add(name, arity, flags, 0, 0, 0, h);
    }

    public CommandSpec add(String name, int arity, int flags, KeyFinder keys, CommandHandler h) {
        return register(new CommandSpec(name, arity, flags, 0, 0, 0, keys, h, null, group));
    }

    /** A container command (CLIENT, CONFIG...): the first argument names a subcommand. */
    public CommandSpec container(String name, int arity, int flags) {
        return container(name, arity, flags, null);
    }

    /** A container that also runs alone (COMMAND with no subcommand). */
    public CommandSpec container(String name, int arity, int flags, CommandHandler bare) {
        CommandSpec spec = new CommandSpec(name, arity, flags, 0, 0, 0, null, bare, null, group);
        spec.subcommands = new LinkedHashMap<>();
        return register(spec);
    }

    public CommandSpec sub(CommandSpec parent, String name, int arity, int flags, CommandHandler h) {
        return sub(parent, name, arity, flags, 0, 0, 0, h);
    }

    public CommandSpec sub(CommandSpec parent, String name, int arity, int flags,
                           int first, int last, int step, CommandHandler h) {
        CommandSpec spec = new CommandSpec(name, arity, flags, first, last, step, null, h, parent, group);
        parent.subcommands.put(spec.name, spec);
        return spec;
    }

    private CommandSpec register(CommandSpec spec) {
        if (byName.put(spec.name, spec) != null) {
            throw new IllegalStateException("command declared twice: " + spec.name);
        }
        if (byName.size() * 2 > slots.length) rebuild(slots.length * 2);
        else insert(spec);
        return spec;
    }

    private void rebuild(int size) {
        slots = new CommandSpec[size];
        for (CommandSpec s : byName.values()) insert(s);
    }

    private void insert(CommandSpec spec) {
        byte[] n = spec.name.getBytes(StandardCharsets.US_ASCII);
        int mask = slots.length - 1;
        int i = hash(n) & mask;
        while (slots[i] != null) i = (i + 1) & mask;
        slots[i] = spec;
    }

    public CommandSpec lookup(byte[] name) {
        int mask = slots.length - 1;
        int i = hash(name) & mask;
        CommandSpec s;
        while ((s = slots[i]) != null) {
            if (equalsIgnoreCase(s.name, name)) return s;
            i = (i + 1) & mask;
        }
        return null;
    }

    public CommandSpec lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** A subcommand of {@code parent} by raw name, or null. */
    public static CommandSpec subcommand(CommandSpec parent, byte[] name) {
        return parent.subcommands.get(new String(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    public Collection<CommandSpec> all() {
        return byName.values();
    }

    public int size() {
        return byName.size();
    }

    public void resetStats() {
        for (CommandSpec s : byName.values()) {
            s.resetStats();
            if (s.subcommands != null) s.subcommands.values().forEach(CommandSpec::resetStats);
        }
    }

    public List<CommandSpec> withSubcommands() {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec s : byName.values()) {
            out.add(s);
            if (s.subcommands != null) out.addAll(s.subcommands.values());
        }
        return out;
    }

    private static int hash(byte[] n) {
        int h = 0;
        for (byte b : n) h = h * 31 + (lower(b));
        return h ^ (h >>> 16);
    }

    private static int lower(byte b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    private static boolean equalsIgnoreCase(String name, byte[] raw) {
        if (name.length() != raw.length) return false;
        for (int i = 0; i < raw.length; i++) {
            if (name.charAt(i) != lower(raw[i])) return false;
        }
        return true;
    }
}
