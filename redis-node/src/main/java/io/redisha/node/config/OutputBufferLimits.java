package io.redisha.node.config;

import io.redisha.common.config.MemoryUnits;
import java.util.List;
import java.util.Locale;

/**
 * {@code client-output-buffer-limit}: per client class (normal, replica, pubsub) a hard limit,
 * a soft limit and the seconds the soft one may be exceeded, in Redis's syntax. A setting names
 * any subset of the classes; the others keep their limits. Stored as Redis prints it:
 * {@code normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60}.
 */
public final class OutputBufferLimits {
    public static final String DEFAULT = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
    public static final int NORMAL = 0, REPLICA = 1, PUBSUB = 2;
    private static final String[] NAMES = {"normal", "slave", "pubsub"};

    /** One class's limits; zero means no limit. */
    public record Limit(long hard, long soft, long softSeconds) {}

    private OutputBufferLimits() {}

    /** Merges {@code words} (class hard soft seconds ...) into {@code current}; throws with Redis's reason. */
    static String normalise(List<String> words, String current) {
        if (words.size() == 1 && words.get(0).isBlank()) return current;
        if (words.size() % 4 != 0) throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
        Limit[] limits = parse(current);
        for (int i = 0; i < words.size(); i += 4) {
            int cls = classOf(words.get(i));
            if (cls < 0 || cls == -2) throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
            long hard, soft, secs;
            try {
                hard = memory(words.get(i + 1));
                soft = memory(words.get(i + 2));
                secs = Long.parseLong(words.get(i + 3));
                if (secs < 0) throw new NumberFormatException();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            limits[cls] = new Limit(hard, soft, secs);
        }
        return format(limits);
    }

    private static long memory(String s) {
        if (s.startsWith("-")) throw new NumberFormatException();
        return MemoryUnits.parse(s);
    }

    /** The class index of a name as the config accepts it; -1 for an unknown one, -2 for master. */
    public static int classOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "replica", "slave" -> REPLICA;
            case "pubsub" -> PUBSUB;
            case "master" -> -2;
            default -> -1;
        };
    }

    public static Limit[] parse(String value) {
        Limit[] out = {new Limit(0, 0, 0), new Limit(0, 0, 0), new Limit(0, 0, 0)};
        String[] w = value.trim().split("\\s+");
        for (int i = 0; i + 3 < w.length; i += 4) {
            int cls = classOf(w[i]);
            if (cls >= 0) out[cls] = new Limit(Long.parseLong(w[i + 1]), Long.parseLong(w[i + 2]), Long.parseLong(w[i + 3]));
        }
        return out;
    }

    private static String format(Limit[] limits) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < limits.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(NAMES[i]).append(' ').append(limits[i].hard()).append(' ').append(limits[i].soft())
                    .append(' ').append(limits[i].softSeconds());
        }
        return sb.toString();
    }
}
