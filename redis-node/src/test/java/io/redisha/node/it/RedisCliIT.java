package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisha.testkit.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real redis-cli binary against the node: what a user at a terminal sees. */
class RedisCliIT {
    static NodeProcess node;
    static NodeProcess guarded;

    @BeforeAll
    static void start() {
        CompletableFuture<NodeProcess> g = CompletableFuture.supplyAsync(
                () -> NodeProcess.start(new String[] {"--requirepass", "s3cret"}));
        node = NodeProcess.start();
        guarded = g.join();
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
        if (guarded != null) guarded.close();
    }

    record Run(int exit, String out, String err) {}

    /** Runs redis-cli with {@code stdin} (may be null) and returns its output streams. */
    static Run cli(NodeProcess n, byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", n.host(), "-p", Integer.toString(n.port())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
        return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static String out(NodeProcess n, String... args) throws Exception {
        return cli(n, null, args).out();
    }

    @Test
    void seedSession() throws Exception {
        assertThat(out(node, "--no-raw", "set", "key1", "100")).isEqualTo("OK\n");
        assertThat(out(node, "--no-raw", "get", "key1")).isEqualTo("\"100\"\n");
        assertThat(out(node, "get", "key1")).isEqualTo("100\n");
        assertThat(out(node, "--no-raw", "set", "key5"))
                .isEqualTo("(error) ERR wrong number of arguments for 'set' command\n");
    }

    @Test
    void keysOnAnEmptyDatabase() throws Exception {
        String reply = out(node, "--no-raw", "-n", "9", "keys", "*");
        Assumptions.assumeFalse(reply.contains("unknown command"), "KEYS is not implemented yet");
        assertThat(reply).isEqualTo("(empty array)\n");
    }

    @Test
    void noRawShapes() throws Exception {
        assertThat(out(node, "--no-raw", "incr", "cli:counter")).isEqualTo("(integer) 1\n");
        assertThat(out(node, "--no-raw", "get", "cli:missing")).isEqualTo("(nil)\n");
        assertThat(out(node, "--no-raw", "mget", "cli:counter", "cli:missing"))
                .isEqualTo("1) \"1\"\n2) (nil)\n");
        assertThat(out(node, "--no-raw", "echo", "a\"b\n")).isEqualTo("\"a\\\"b\\n\"\n");
        assertThat(out(node, "--no-raw", "ping")).isEqualTo("PONG\n");
    }

    @Test
    void commandsFromStdin() throws Exception {
        String script = "set cli:in \"a b\"\nget cli:in\nincr cli:n\nget cli:none\necho 'x y'\n";
        Run raw = cli(node, script.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.out()).isEqualTo("OK\na b\n1\n\nx y\n");
        Run pretty = cli(node, "get cli:in\nincr cli:n\nget cli:none\n".getBytes(StandardCharsets.UTF_8), "--no-raw");
        assertThat(pretty.out()).isEqualTo("\"a b\"\n(integer) 2\n(nil)\n");
    }

    @Test
    void pipeModeLoadsAHundredThousandSets(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        int n = 100_000;
        ByteArrayOutputStream b = new ByteArrayOutputStream(n * 48);
        for (int i = 0; i < n; i++) b.writeBytes(RawClient.command("SET", "pipe:" + i, "value-" + i));
        Path file = dir.resolve("sets.resp");
        Files.write(file, b.toByteArray());
        Run r = cli(node, Files.readAllBytes(file), "--pipe");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("errors: 0, replies: " + n);
        assertThat(out(node, "get", "pipe:0")).isEqualTo("value-0\n");
        assertThat(out(node, "get", "pipe:" + (n / 2))).isEqualTo("value-" + (n / 2) + "\n");
        assertThat(out(node, "get", "pipe:" + (n - 1))).isEqualTo("value-" + (n - 1) + "\n");
    }

    @Test
    void passwordOnTheCommandLine() throws Exception {
        Run r = cli(guarded, null, "-a", "s3cret", "--no-raw", "set", "k", "v");
        assertThat(r.err()).contains("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.");
        assertThat(r.out()).isEqualTo("OK\n");
        assertThat(out(guarded, "-a", "s3cret", "--no-raw", "get", "k")).isEqualTo("\"v\"\n");
        assertThat(out(guarded, "--no-raw", "get", "k")).isEqualTo("(error) NOAUTH Authentication required.\n");
        Run wrong = cli(guarded, null, "-a", "nope", "--no-raw", "get", "k");
        assertThat(wrong.err()).contains("AUTH failed: WRONGPASS invalid username-password pair or user is disabled.");
    }
}
