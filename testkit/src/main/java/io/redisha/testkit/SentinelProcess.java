package io.redisha.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sentinel started the way a user starts it: {@code java -jar redis-sentinel.jar sentinel.conf
 * --port P --bind HOST} in its own directory; {@link #restart()} starts it again on the same file,
 * which is how a sentinel remembers its id, epochs and peers. With {@link #real} it is Debian's
 * {@code redis-sentinel} binary instead, for mixed groups.
 */
public final class SentinelProcess implements AutoCloseable {
    private final boolean real;
    private final String host;
    private final int port;
    private final Path dir;
    private final List<String> options;
    private Process process;

    private SentinelProcess(boolean real, String host, int port, Path dir, List<String> options) {
        this.real = real;
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.options = options;
    }

    /** Our sentinel on host:port with this config text (the management port off unless given). */
    public static SentinelProcess start(String host, int port, String configText, String... options) {
        return create(false, host, port, configText, options);
    }

    /** Debian's redis-sentinel 7.0.15 on host:port with this config text. */
    public static SentinelProcess startReal(String host, int port, String configText, String... options) {
        return create(true, host, port, configText, options);
    }

    private static SentinelProcess create(boolean real, String host, int port, String configText, String... options) {
        try {
            Path dir = Files.createTempDirectory(real ? "real-sentinel-it" : "redis-sentinel-it");
            Files.writeString(dir.resolve("sentinel.conf"), configText);
            SentinelProcess s = new SentinelProcess(real, host, port, dir, List.of(options));
            s.launch();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        if (real) {
            cmd.add("redis-sentinel");
        } else {
            cmd.addAll(List.of(NodeProcess.javaBin(), "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar()));
        }
        cmd.add(configFile().toString());
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", host));
        // Real Redis leaves from 127.0.0.1 unless told: its hello would announce that address.
        if (real) cmd.addAll(List.of("--bind-source-addr", host));
        boolean hasMgmt = options.contains("--management-port");
        if (!real && !hasMgmt) cmd.addAll(List.of("--management-port", "-1"));
        cmd.addAll(options);
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        Process p = process;
        try {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!p.isAlive()) throw new IllegalStateException("sentinel exited: " + output());
                return accepts();
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Kills it (SIGKILL) and starts it again on the same config file and port. */
    public void restart() {
        NodeProcess.kill(process);
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs our sentinel jar with arguments expected to fail; the config text goes to sentinel.conf. */
    public static NodeProcess.Result runToExit(String configText, String... options) throws Exception {
        Path dir = Files.createTempDirectory("redis-sentinel-it");
        List<String> cmd = new ArrayList<>(List.of(NodeProcess.javaBin(), "-XX:TieredStopAtLevel=1", "-jar", jar()));
        if (configText != null) {
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, configText);
            cmd.add(conf.toString());
        }
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new NodeProcess.Result(p.waitFor(), out);
    }

    public String host() { return host; }
    public int port() { return port; }
    public Path dir() { return dir; }
    public Path configFile() { return dir.resolve("sentinel.conf"); }
    public long pid() { return process.pid(); }
    public boolean isAlive() { return process.isAlive(); }

    private Path log() {
        return dir.resolve("sentinel.out");
    }

    public String config() {
        try {
            return Files.readString(configFile());
        } catch (IOException e) {
            return "";
        }
    }

    public String output() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String jar() {
        String jar = System.getProperty("redis.sentinel.jar");
        if (jar == null) jar = Jars.find("redis-sentinel", "redis-sentinel.jar").toString();
        return jar;
    }

    @Override
    public void close() {
        if (process != null) NodeProcess.kill(process);
    }
}
