package io.redisha.node.config;

import io.redisha.common.config.MemoryUnits;
import java.util.List;
import java.util.Locale;

/**
 * One configuration key: how its text is checked and normalised, whether CONFIG SET may change
 * it on a running node, and what happens when it does.
 */
public final class ConfigParam {
    public enum Kind { BOOL, INT, MEMORY, STRING, ENUM, OCTAL, MULTI, SAVE, CUSTOM }

    final String name;
    final Kind kind;
    final long min;
    final long max;
    final List<String> choices;
    final boolean mutable;
    /** The default as stored (normalised): CONFIG REWRITE leaves out keys still at it. */
    final String def;
    /** Redis 7 refuses CONFIG SET of these unless enable-protected-configs is set. */
    boolean isProtected;
    /** An INT accepted in [min, max] but stored within these bounds. */
    long floor = Long.MIN_VALUE;
    long ceiling = Long.MAX_VALUE;
    String value;
    Runnable onChange;
    /** A CUSTOM key's check: (words, current value) to the new value, or IllegalArgumentException. */
    java.util.function.BiFunction<List<String>, String, String> custom;
    // Numeric keys are read on hot paths (query buffer limit per read): parse once per change.
    // One immutable pair, so an I/O thread never sees a number of another value.
    private record Parsed(String from, long value) {}
    private volatile Parsed parsed;

    private ConfigParam(String name, Kind kind, String def, long min, long max, List<String> choices, boolean mutable) {
        this.name = name;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.mutable = mutable;
        this.def = def;
        this.value = def;
    }

    public static ConfigParam bool(String name, boolean def, boolean mutable) {
        return new ConfigParam(name, Kind.BOOL, def ? "yes" : "no", 0, 0, null, mutable);
    }

    public static ConfigParam integer(String name, long def, long min, long max, boolean mutable) {
        return new ConfigParam(name, Kind.INT, Long.toString(def), min, max, null, mutable);
    }

    public static ConfigParam memory(String name, long def, long min, long max, boolean mutable) {
        return new ConfigParam(name, Kind.MEMORY, Long.toString(def), min, max, null, mutable);
    }

    public static ConfigParam string(String name, String def, boolean mutable) {
        return new ConfigParam(name, Kind.STRING, def, 0, 0, null, mutable);
    }

    public static ConfigParam choice(String name, String def, boolean mutable, String... choices) {
        return new ConfigParam(name, Kind.ENUM, def, 0, 0, List.of(choices), mutable);
    }

    public static ConfigParam octal(String name, int def, boolean mutable) {
        return new ConfigParam(name, Kind.OCTAL, Integer.toOctalString(def), 0, 0777, null, mutable);
    }

    /** A key taking several words (bind): stored space-separated. */
    public static ConfigParam multi(String name, String def, boolean mutable) {
        return new ConfigParam(name, Kind.MULTI, def, 0, 0, null, mutable);
    }

    /** {@code save <seconds> <changes> ...}: pairs of numbers, or "" for none. */
    public static ConfigParam savePoints(String name, String def) {
        return new ConfigParam(name, Kind.SAVE, def, 0, 0, null, true);
    }

    /** A key of several words with its own syntax (client-output-buffer-limit). */
    public static ConfigParam custom(String name, String def, boolean mutable,
                                     java.util.function.BiFunction<List<String>, String, String> check) {
        ConfigParam p = new ConfigParam(name, Kind.CUSTOM, def, 0, 0, null, mutable);
        p.custom = check;
        return p;
    }

    public String name() { return name; }
    public String value() { return value; }
    public String defaultValue() { return def; }
    public Kind kind() { return kind; }

    public long asLong() {
        String v = value;
        Parsed p = parsed;
        if (p == null || p.from != v) {
            p = new Parsed(v, Long.parseLong(v));
            parsed = p;
        }
        return p.value;
    }
    public boolean mutable() { return mutable; }

    public ConfigParam protectedConfig() {
        this.isProtected = true;
        return this;
    }

    public ConfigParam clamped(long lo, long hi) {
        this.floor = lo;
        this.ceiling = hi;
        return this;
    }

    public ConfigParam onChange(Runnable r) {
        this.onChange = r;
        return this;
    }

    /** Checks and normalises the arguments; returns the value to store or throws with Redis's reason. */
    String normalise(List<String> args) {
        if (kind == Kind.SAVE) {
            if (args.size() == 1 && args.get(0).isEmpty()) return "";
            if (args.isEmpty() || args.size() % 2 != 0) throw new IllegalArgumentException("Invalid save parameters");
            for (String a : args) {
                try {
                    if (Long.parseLong(a) < 0) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid save parameters");
                }
            }
            return String.join(" ", args);
        }
        if (kind == Kind.CUSTOM) return custom.apply(args, value);
        if (kind == Kind.MULTI) {
            if (args.isEmpty()) throw new IllegalArgumentException("wrong number of arguments");
            return String.join(" ", args);
        }
        if (args.size() != 1) throw new IllegalArgumentException("wrong number of arguments");
        String v = args.get(0);
        switch (kind) {
            case BOOL -> {
                String l = v.toLowerCase(Locale.ROOT);
                if (!l.equals("yes") && !l.equals("no")) throw new IllegalArgumentException("argument must be 'yes' or 'no'");
                return l;
            }
            case INT -> {
                long n;
                try {
                    n = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("argument couldn't be parsed into an integer");
                }
                checkRange(n);
                return Long.toString(Math.max(floor, Math.min(ceiling, n)));
            }
            case MEMORY -> {
                long n;
                try {
                    // Redis reads memory values unsigned: a sign is no memory value.
                    if (v.startsWith("-")) throw new NumberFormatException();
                    n = MemoryUnits.parse(v);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("argument must be a memory value");
                }
                checkRange(n);
                return Long.toString(n);
            }
            case ENUM -> {
                String l = v.toLowerCase(Locale.ROOT);
                if (!choices.contains(l)) {
                    throw new IllegalArgumentException("argument(s) must be one of the following: " + String.join(", ", choices));
                }
                return l;
            }
            case OCTAL -> {
                try {
                    int n = Integer.parseInt(v, 8);
                    if (n < 0 || n > 0777) throw new NumberFormatException();
                    return Integer.toOctalString(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid socket file permissions");
                }
            }
            default -> {
                return v;
            }
        }
    }

    private void checkRange(long n) {
        if (n < min || n > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        }
    }
}
