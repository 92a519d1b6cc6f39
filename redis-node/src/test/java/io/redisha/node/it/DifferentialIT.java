package io.redisha.node.it;

import static org.assertj.core.api.Assertions.fail;

import io.redisha.common.config.ArgSplitter;
import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.RealRedis;
import java.io.EOFException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Sends the same commands to a real redis-server and to our node over raw RESP and requires
 * byte-identical replies, once in RESP2 and once after HELLO 3.
 *
 * <p>The cases live in {@code src/test/resources/differential/*.txt}, one command per line in
 * redis-cli quoting. A line starting with {@code #} is a comment; {@code @flushall} empties both
 * servers. Prefixes, combinable: {@code ~} compares only the reply's shape (type, and element
 * count of aggregates / nil-ness of bulks) for nondeterministic replies; {@code ?} skips the line
 * when our node does not know the command yet (listed in the output, so missing features stay
 * visible). A line without {@code ?} whose command we lack is a difference like any other.
 */
class DifferentialIT {
    static RealRedis redis;
    static NodeProcess node;

    /** Both with their default 16 databases and, as RealRedis starts it, no save points. */
    @BeforeAll
    static void start() {
        CompletableFuture<RealRedis> r = CompletableFuture.supplyAsync(RealRedis::start);
        node = NodeProcess.start("--save", "");
        redis = r.join();
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
        if (redis != null) redis.close();
    }

    @TestFactory
    Stream<DynamicTest> sameRepliesAsRedis() throws IOException, URISyntaxException {
        URL dir = getClass().getClassLoader().getResource("differential");
        if (dir == null) throw new IllegalStateException("no differential/ resources");
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().flatMap(f -> Stream.of(2, 3).map(proto -> DynamicTest.dynamicTest(
                f.getFileName() + " RESP" + proto, () -> new Session(f, proto).run())));
    }

    /** One file run against both servers on a pair of connections. */
    private static final class Session {
        private final Path file;
        private final int proto;
        private RawClient ours;
        private RawClient theirs;
        private final Set<String> channels = new HashSet<>();
        private final Set<String> patterns = new HashSet<>();
        private final List<String> differences = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();

        Session(Path file, int proto) {
            this.file = file;
            this.proto = proto;
        }

        void run() throws IOException {
            connect();
            try {
                flushAll();
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty() || line.startsWith("#")) continue;
                    if (line.equals("@flushall")) {
                        flushAll();
                        continue;
                    }
                    runLine(i + 1, line);
                }
            } finally {
                ours.close();
                theirs.close();
            }
            if (!skipped.isEmpty()) {
                System.out.println(file.getFileName() + " RESP" + proto + ": skipped, unknown to the node: " + skipped);
            }
            if (!differences.isEmpty()) {
                fail(differences.size() + " difference(s) from redis-server in " + file.getFileName()
                        + " (RESP" + proto + "):\n" + String.join("\n", differences));
            }
        }

        private void runLine(int lineNo, String line) throws IOException {
            boolean loose = false;
            boolean optional = false;
            while (line.startsWith("~") || line.startsWith("?")) {
                if (line.charAt(0) == '~') loose = true; else optional = true;
                line = line.substring(1).stripLeading();
            }
            byte[] text = line.getBytes(StandardCharsets.UTF_8);
            List<byte[]> args = ArgSplitter.split(text, 0, text.length);
            if (args == null || args.isEmpty()) throw new IllegalArgumentException(file + ":" + lineNo + ": bad line");
            byte[] cmd = RawClient.command(args.toArray(new byte[0][]));
            int replies = expectedReplies(args);
            ours.send(cmd);
            List<byte[]> got = read(ours, replies);
            if (optional && isUnknownCommand(got.get(0))) {
                skipped.add(lineNo + ":" + line);
                return;
            }
            theirs.send(cmd);
            List<byte[]> want = read(theirs, replies);
            for (int r = 0; r < replies; r++) {
                byte[] w = want.get(r);
                byte[] g = r < got.size() ? got.get(r) : new byte[0];
                boolean same = loose ? shape(w).equals(shape(g)) : java.util.Arrays.equals(w, g);
                if (!same) {
                    differences.add(file.getFileName() + ":" + lineNo + ": " + line
                            + "\n    redis: " + show(w) + "\n    ours:  " + show(g));
                }
            }
            String name = new String(args.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (name.equals("quit") || ours.isClosed() || theirs.isClosed()) reconnect();
        }

        /** The pub/sub family answers once per channel; everything else once. */
        private int expectedReplies(List<byte[]> args) {
            String name = new String(args.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) rest.add(new String(args.get(i), StandardCharsets.UTF_8));
            switch (name) {
                case "subscribe" -> channels.addAll(rest);
                case "psubscribe" -> patterns.addAll(rest);
                case "unsubscribe", "punsubscribe" -> {
                    Set<String> set = name.equals("unsubscribe") ? channels : patterns;
                    if (rest.isEmpty()) {
                        int n = Math.max(1, set.size());
                        set.clear();
                        return n;
                    }
                    rest.forEach(set::remove);
                }
                case "reset" -> {
                    channels.clear();
                    patterns.clear();
                    return 1;
                }
                default -> {
                    return 1;
                }
            }
            return Math.max(1, rest.size());
        }

        private List<byte[]> read(RawClient c, int n) throws IOException {
            List<byte[]> out = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) out.add(c.readReply());
            } catch (EOFException e) {
                out.add("<connection closed>".getBytes(StandardCharsets.US_ASCII));
                c.close();
            }
            return out;
        }

        private void connect() throws IOException {
            ours = new RawClient(node.port());
            theirs = new RawClient(redis.port());
            if (proto == 3) both("HELLO", "3");
        }

        private void reconnect() throws IOException {
            ours.close();
            theirs.close();
            channels.clear();
            patterns.clear();
            connect();
        }

        private void flushAll() throws IOException {
            both("FLUSHALL");
        }

        private void both(String... cmd) throws IOException {
            ours.sendCommand(cmd);
            ours.readReply();
            theirs.sendCommand(cmd);
            theirs.readReply();
        }
    }

    static boolean isUnknownCommand(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        return s.startsWith("-ERR unknown command '") || s.startsWith("-ERR unknown subcommand '");
    }

    /** Type, plus the header of aggregates and nulls: what a nondeterministic reply must keep. */
    static String shape(byte[] reply) {
        if (reply.length == 0) return "";
        char type = (char) reply[0];
        int eol = 0;
        while (eol < reply.length && reply[eol] != '\r') eol++;
        String header = new String(reply, 0, eol, StandardCharsets.ISO_8859_1);
        return switch (type) {
            case '*', '%', '~', '>' -> header;
            case '$' -> header.equals("$-1") ? header : "$";
            default -> String.valueOf(type);
        };
    }

    static String show(byte[] reply) {
        StringBuilder s = new StringBuilder();
        for (byte b : reply) {
            int c = b & 0xff;
            if (c == '\r') s.append("\\r");
            else if (c == '\n') s.append("\\n");
            else if (c < 32 || c > 126) s.append(String.format("\\x%02x", c));
            else s.append((char) c);
        }
        return s.length() > 400 ? s.substring(0, 400) + "..." : s.toString();
    }
}
