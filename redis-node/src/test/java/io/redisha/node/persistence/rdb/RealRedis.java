package io.redisha.node.persistence.rdb;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/** A real redis-server (the reference) in a directory, on a free port, killed on close. */
final class RealRedis implements AutoCloseable {
    final Path dir;
    final int port;
    private final Process process;

    private RealRedis(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static boolean installed() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts redis-server in {@code dir} (loading dump.rdb if there), with saving on SAVE only. */
    static RealRedis start(Path dir, String... extra) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        RealRedis r = new RealRedis(dir, port, p);
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                if (!p.isAlive()) throw new IllegalStateException("redis-server exited: " + r.log());
                try (Jedis j = r.jedis()) {
                    return "PONG".equals(j.ping());
                }
            });
        } catch (RuntimeException e) {
            r.close();
            throw new IllegalStateException("redis-server did not start: " + r.log(), e);
        }
        return r;
    }

    Jedis jedis() {
        return new Jedis("127.0.0.1", port);
    }

    String log() {
        try {
            return Files.exists(dir.resolve("redis.log")) ? Files.readString(dir.resolve("redis.log")) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs redis-check-rdb on a file; returns its output. */
    static String checkRdb(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Every key of the given dbs with its value (as {@link PlainValues} builds them) and expiry. */
    Map<Integer, Map<String, Loaded.Entry>> contents(int databases) {
        Map<Integer, Map<String, Loaded.Entry>> all = new HashMap<>();
        try (Jedis j = jedis()) {
            for (int db = 0; db < databases; db++) {
                j.select(db);
                Map<String, Loaded.Entry> m = new LinkedHashMap<>();
                for (byte[] k : j.keys("*".getBytes(StandardCharsets.US_ASCII))) {
                    long exp = j.pexpireTime(k);
                    m.put(PlainValues.s(k), new Loaded.Entry(value(j, k), exp < 0 ? 0 : exp));
                }
                if (!m.isEmpty()) all.put(db, m);
            }
        }
        return all;
    }

    private static Object value(Jedis j, byte[] k) {
        switch (j.type(k)) {
            case "string":
                return PlainValues.s(j.get(k));
            case "list": {
                List<String> l = new ArrayList<>();
                for (byte[] e : j.lrange(k, 0, -1)) l.add(PlainValues.s(e));
                return l;
            }
            case "set": {
                Set<String> s = new LinkedHashSet<>();
                for (byte[] e : j.smembers(k)) s.add(PlainValues.s(e));
                return s;
            }
            case "hash": {
                Map<String, String> h = new LinkedHashMap<>();
                j.hgetAll(k).forEach((f, v) -> h.put(PlainValues.s(f), PlainValues.s(v)));
                return h;
            }
            case "zset": {
                Map<String, Double> z = new LinkedHashMap<>();
                for (Tuple t : j.zrangeWithScores(k, 0, -1)) z.put(PlainValues.s(t.getBinaryElement()), t.getScore());
                return z;
            }
            default:
                throw new IllegalStateException("type " + j.type(k));
        }
    }

    String encoding(int db, String key) {
        try (Jedis j = jedis()) {
            j.select(db);
            return j.objectEncoding(key);
        }
    }
}
