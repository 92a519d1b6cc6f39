package io.redisha.node.command;

/**
 * Finds the key arguments of a command whose keys are not a plain first/last/step range
 * (ZUNIONSTORE, LMPOP...). Returns argument indexes; used by cluster routing and COMMAND GETKEYS.
 */
@FunctionalInterface
public interface KeyFinder {
    int[] keys(byte[][] argv);

    /** Whether the arguments name their keys well (COMMAND GETKEYS refuses them otherwise). */
    default boolean valid(byte[][] argv) {
        return true;
    }

    /** Keys after a numkeys argument at {@code numkeysIndex}, plus optional fixed leading keys. */
    static KeyFinder numkeys(int numkeysIndex, int... leading) {
        return new KeyFinder() {
            @Override
            public boolean valid(byte[][] argv) {
                // As Redis's key specs: a canonical count of at least one key, all of them present.
                if (argv.length <= numkeysIndex) return false;
                long n = Args.parseLongOr(argv[numkeysIndex], -1, true);
                return n >= 1 && n <= argv.length - numkeysIndex - 1;
            }

            @Override
            public int[] keys(byte[][] argv) {
                return numkeysKeys(argv, numkeysIndex, leading);
            }
        };
    }

    private static int[] numkeysKeys(byte[][] argv, int numkeysIndex, int[] leading) {
        if (argv.length <= numkeysIndex) return leading;
        long n;
        try {
            n = Long.parseLong(new String(argv[numkeysIndex], java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return leading;
        }
        if (n <= 0 || numkeysIndex + n >= argv.length + 1) return leading;
        int[] out = new int[leading.length + (int) Math.min(n, argv.length - numkeysIndex - 1)];
        System.arraycopy(leading, 0, out, 0, leading.length);
        for (int i = leading.length; i < out.length; i++) out[i] = numkeysIndex + 1 + (i - leading.length);
        return out;
    }
}
