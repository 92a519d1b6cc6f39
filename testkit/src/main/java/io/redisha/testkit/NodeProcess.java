package io.redisha.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A node started the way a user starts it: {@code java -jar redis-node.jar [conf] [--opts]} in a
 * temp directory, on a free port, waited on until it answers, killed on close.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final Path log;
    private final String host;

    private NodeProcess(Process process, int port, Path dir, Path log, String host) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.host = host;
    }

    public static NodeProcess start(String... options) {
        return startWithConfig(null, options);
    }

    /** Starts a node with an optional config file text and command-line options. */
    public static NodeProcess startWithConfig(String configText, String... options) {
        return startWithJvm(List.of(), configText, options);
    }

    /**
     * Same, with extra JVM flags: labs of many processes start faster with e.g.
     * {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} on a busy machine.
     */
    public static NodeProcess startWithJvm(List<String> jvmFlags, String configText, String... options) {
        try {
            Path dir = Files.createTempDirectory("redis-node-it");
            // "--port" and "--bind" among the options choose where the node listens and is probed.
            int port = 0;
            String host = "127.0.0.1";
            for (int i = 0; i + 1 < options.length; i++) {
                if (options[i].equals("--port")) port = Integer.parseInt(options[i + 1]);
                if (options[i].equals("--bind")) host = options[i + 1].replace("-", "");
            }
            if (port == 0) port = freePort();
            List<String> cmd = new ArrayList<>();
            cmd.add(javaBin());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-Xmx512m");
            cmd.addAll(jvmFlags);
            cmd.add("-jar");
            cmd.add(jar());
            if (configText != null) {
                Path conf = dir.resolve("redis.conf");
                Files.writeString(conf, configText);
                cmd.add(conf.toString());
            }
            cmd.add("--port");
            cmd.add(Integer.toString(port));
            cmd.add("--dir");
            cmd.add(dir.toString());
            boolean hasMgmt = false;
            for (String o : options) hasMgmt |= o.equals("--management-port");
            if (!hasMgmt) {
                cmd.add("--management-port");
                cmd.add("-1");
            }
            cmd.addAll(List.of(options));
            Path log = dir.resolve("node.out");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            NodeProcess node = new NodeProcess(p, port, dir, log, host);
            try {
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            if (!p.isAlive()) throw new IllegalStateException("node exited: " + node.output());
                            return node.accepts();
                        });
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the node jar with arguments expected to fail, returning its exit code and output. */
    public static Result runToExit(String configText, String... options) throws Exception {
        Path dir = Files.createTempDirectory("redis-node-it");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar()));
        if (configText != null) {
            Path conf = dir.resolve("redis.conf");
            Files.writeString(conf, configText);
            cmd.add(conf.toString());
        }
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        return new Result(code, out);
    }

    public record Result(int exitCode, String output) {}

    public int port() { return port; }
    public Path dir() { return dir; }
    public String host() { return host; }
    public long pid() { return process.pid(); }
    public Process process() { return process; }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket(host, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String jar() {
        String jar = System.getProperty("redis.node.jar");
        if (jar == null) jar = Jars.find("redis-node", "redis-node.jar").toString();
        return jar;
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        kill(process);
    }

    /** SIGKILL and wait, so the port is free when the next test starts. */
    public static void kill(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
