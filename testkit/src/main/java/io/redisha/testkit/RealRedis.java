package io.redisha.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Debian's real redis-server, started in a directory of the test's choosing, for interop checks. */
public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final String host;

    private RealRedis(Process process, int port, Path dir, String host) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.host = host;
    }

    /** In a fresh temp directory. */
    public static RealRedis start(String... options) {
        try {
            return start(Files.createTempDirectory("real-redis-it"), options);
        } catch (IOException e) {
            throw new IllegalStateException("redis-server must be on the PATH", e);
        }
    }

    public static RealRedis start(Path dir, String... options) throws IOException {
        return start(dir, null, options);
    }

    /** With a config file of this text (dir/redis.conf) before the options. */
    public static RealRedis startWithConfig(String configText, String... options) {
        try {
            Path dir = Files.createTempDirectory("real-redis-it");
            Path conf = dir.resolve("redis.conf");
            Files.writeString(conf, configText);
            return start(dir, conf, options);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RealRedis start(Path dir, Path conf, String... options) throws IOException {
        int port = NodeProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of("redis-server"));
        if (conf != null) cmd.add(conf.toString());
        cmd.addAll(List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no"));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-server.out").toFile()).start();
        RealRedis r = new RealRedis(p, port, dir, "127.0.0.1");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!p.isAlive()) throw new IllegalStateException("redis-server exited: " + r.output());
                return accepts("127.0.0.1", port);
            });
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** On a given address and port (lab hosts), announcing that address to its master. */
    public static RealRedis startAt(String host, int port, String... options) throws IOException {
        Path dir = Files.createTempDirectory("real-redis-it");
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", host, "--protected-mode", "no", "--replica-announce-ip", host, "--dir", dir.toString(), "--save", "",
                "--appendonly", "no"));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-server.out").toFile()).start();
        RealRedis r = new RealRedis(p, port, dir, host);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!p.isAlive()) throw new IllegalStateException("redis-server exited: " + r.output());
                return accepts(host, port);
            });
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    public int port() { return port; }
    public String host() { return host; }
    public Path dir() { return dir; }

    public String output() {
        try {
            return Files.readString(dir.resolve("redis-server.out"));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket(host, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        NodeProcess.kill(process);
    }
}
