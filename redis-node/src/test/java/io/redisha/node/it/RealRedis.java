package io.redisha.node.it;

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

    private RealRedis(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
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
        RealRedis r = new RealRedis(p, port, dir);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!p.isAlive()) throw new IllegalStateException("redis-server exited: " + r.output());
                return accepts(port);
            });
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    public int port() { return port; }
    public String host() { return "127.0.0.1"; }
    public Path dir() { return dir; }

    public String output() {
        try {
            return Files.readString(dir.resolve("redis-server.out"));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
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
