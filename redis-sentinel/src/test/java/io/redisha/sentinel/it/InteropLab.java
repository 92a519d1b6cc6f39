package io.redisha.sentinel.it;

import static io.redisha.sentinel.it.Lab.HOSTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.RealRedis;
import io.redisha.testkit.SentinelProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;

/**
 * A lab of the interop and client tests, on its own ports so that it runs beside the failover
 * lab (6479/26379): whatever it starts is remembered and killed by {@link #close()}, even when
 * a start or an assertion fails half-way.
 */
final class InteropLab implements AutoCloseable {
    static final int NODE_PORT = 6579;
    static final int SENTINEL_PORT = 26579;
    static final String MASTER = "mymaster";
    static final int DOWN_AFTER_MS = 1500;

    private final Deque<AutoCloseable> started = new ConcurrentLinkedDeque<>();
    final int nodePort;
    final int sentinelPort;

    InteropLab(int nodePort, int sentinelPort) {
        this.nodePort = nodePort;
        this.sentinelPort = sentinelPort;
    }

    InteropLab() {
        this(NODE_PORT, SENTINEL_PORT);
    }

    String sentinelConf() {
        return "sentinel monitor " + MASTER + " " + HOSTS[0] + " " + nodePort + " 2\n"
                + "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER_MS + "\n"
                + "sentinel failover-timeout " + MASTER + " 6000\n";
    }

    <T extends AutoCloseable> T track(T c) {
        started.push(c);
        return c;
    }

    /**
     * Starts side by side like {@link Lab#parallel}, but waits for every start to end before
     * failing, so that nothing is still starting (and escaping {@link #close()}) after a failure.
     */
    @SafeVarargs
    static <T> List<T> parallel(Supplier<T>... starts) {
        List<CompletableFuture<T>> fs = new ArrayList<>();
        for (Supplier<T> s : starts) fs.add(CompletableFuture.supplyAsync(s));
        try {
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : fs) out.add(f.join());
        return out;
    }

    /**
     * Full syncs start at once instead of after Redis's default 5 s wait for more replicas: the
     * labs sync often (start, failover, rejoin) and nothing here depends on that wait.
     */
    static final String NO_SYNC_DELAY = "repl-diskless-sync-delay 0\n";

    /** Our node on host:nodePort, as a replica of .128 unless it is .128. */
    NodeProcess ourNode(String host) {
        String conf = host.equals(HOSTS[0]) ? "" : "replicaof " + HOSTS[0] + " " + nodePort + "\n";
        return track(Lab.node(host, nodePort, NO_SYNC_DELAY + conf));
    }

    /** Our node again on host:nodePort, as a fresh master (a rebooted old master). */
    NodeProcess ourMaster(String host) {
        return track(Lab.node(host, nodePort, NO_SYNC_DELAY));
    }

    RealRedis realNode(String host) {
        if (host.equals(HOSTS[0])) return realMaster(host);
        return real(host, "--replicaof", HOSTS[0], Integer.toString(nodePort));
    }

    RealRedis realMaster(String host) {
        return real(host);
    }

    private RealRedis real(String host, String... options) {
        List<String> opts = new ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
        opts.addAll(List.of(options));
        try {
            return track(RealRedis.startAt(host, nodePort, opts.toArray(String[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SentinelProcess ourSentinel(String host) {
        SentinelProcess s = track(SentinelProcess.start(host, sentinelPort, sentinelConf()));
        Lab.fastTimers(s);
        return s;
    }

    SentinelProcess realSentinel(String host) {
        SentinelProcess s = track(SentinelProcess.startReal(host, sentinelPort, sentinelConf()));
        Lab.fastTimers(s);
        return s;
    }

    String addr(String host) {
        return host + ":" + nodePort;
    }

    Jedis jedis(String addr) {
        int c = addr.lastIndexOf(':');
        return new Jedis(addr.substring(0, c), Integer.parseInt(addr.substring(c + 1)), 5000);
    }

    String jedisGet(String addr, String key) {
        try (Jedis j = jedis(addr)) {
            return j.get(key);
        }
    }

    Map<String, String> replication(String addr) {
        try (Jedis j = jedis(addr)) {
            return Lab.info(j, "replication");
        }
    }

    /** Every sentinel names the same master, other than {@code old}; returns it. */
    static String awaitNewMaster(List<SentinelProcess> sentinels, String old) {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String first = null;
            for (SentinelProcess s : sentinels) {
                String a = Lab.masterAddr(s, MASTER);
                if (a == null || a.equals(old)) return false;
                if (first != null && !first.equals(a)) return false;
                first = a;
            }
            return true;
        });
        return Lab.masterAddr(sentinels.get(0), MASTER);
    }

    /** The promoted node is a master that takes writes, and each replica follows it with the data. */
    void assertFollowing(String newMaster, List<String> replicas, String key, String value) {
        // A sentinel's reconfiguration ends with CLIENT KILL TYPE normal: a probe can be cut
        // off in passing, as on Redis, and is simply made again.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(replication(newMaster)).containsEntry("role", "master"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = jedis(newMaster)) {
                assertThat(j.get(key)).isEqualTo(value);
                assertThat(j.set(key + ":after", "written-on-" + newMaster)).isEqualTo("OK");
            }
        });
        String host = newMaster.substring(0, newMaster.lastIndexOf(':'));
        for (String r : replicas) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
                assertThat(replication(r)).as("replication of " + r)
                        .containsEntry("role", "slave")
                        .containsEntry("master_host", host)
                        .containsEntry("master_port", Integer.toString(nodePort))
                        .containsEntry("master_link_status", "up");
                try (Jedis j = jedis(r)) {
                    assertThat(j.get(key)).isEqualTo(value);
                    assertThat(j.get(key + ":after")).isEqualTo("written-on-" + newMaster);
                }
            });
        }
    }

    static List<String> others(String newMaster, List<String> all) {
        List<String> out = new ArrayList<>(all);
        out.remove(newMaster);
        return out;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception ignored) {
                // The next process is still to be killed.
            }
        }
    }
}
