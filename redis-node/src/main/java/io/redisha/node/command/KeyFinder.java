package io.redisha.node.command;

/**
 * Finds the key arguments of a command whose keys are not a plain first/last/step range
 * (ZUNIONSTORE, LMPOP...). Returns argument indexes; used by cluster routing and COMMAND GETKEYS.
 */
@FunctionalInterface
public interface KeyFinder {
    int[] keys(byte[][] argv);

    /** Keys after a numkeys argument at {@code numkeysIndex}, plus optional fixed leading keys. */
    static KeyFinder numkeys(int numkeysIndex, int... leading) {
        return argv -> {
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
        };
    }
}
