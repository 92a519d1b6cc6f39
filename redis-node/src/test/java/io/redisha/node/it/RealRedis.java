package io.redisha.node.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real redis-server from the PATH on a free port, no persistence: the reference to compare with. */
public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;

    private RealRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RealRedis start(String... options) {
        try {
            int port = NodeProcess.freePort();
            Path dir = Files.createTempDirectory("real-redis-it");
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            cmd.addAll(List.of(options));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile()).start();
            RealRedis r = new RealRedis(p, port);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!p.isAlive()) throw new IllegalStateException("redis-server exited, see " + dir);
                try (RawClient c = new RawClient(port)) {
                    c.sendCommand("PING");
                    c.readReply();
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("redis-server must be on the PATH", e);
        }
    }

    public int port() { return port; }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
