package io.redisha.sentinel.it;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.SentinelProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/** The seed's three hosts on loopback addresses: nodes on {@link #NODE_PORT}, sentinels on 26379. */
final class Lab {
    static final String[] HOSTS = {"127.0.30.128", "127.0.30.129", "127.0.30.130"};
    /** Nodes stay off 6379 while other lab users work on those addresses. */
    static final int NODE_PORT = 6479;
    static final int SENTINEL_PORT = 26379;

    private Lab() {}

    /** C1 only and the serial GC: these nodes are not measured, and start faster on a busy machine. */
    static final List<String> FAST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static NodeProcess node(String host, int port, String config) {
        return NodeProcess.startWithJvm(FAST_JVM, config, "--port", Integer.toString(port), "--bind", host);
    }

    static SentinelProcess sentinel(String host, String config, String... options) {
        return SentinelProcess.start(host, SENTINEL_PORT, config, options);
    }

    /** Starts processes side by side: JVM start-up dominates a lab's set-up time. */
    @SafeVarargs
    static <T> List<T> parallel(Supplier<T>... starts) {
        List<CompletableFuture<T>> fs = new ArrayList<>();
        for (Supplier<T> s : starts) fs.add(CompletableFuture.supplyAsync(s));
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : fs) out.add(f.join());
        return out;
    }

    static Jedis jedis(SentinelProcess s) {
        return new Jedis(s.host(), s.port(), 5000);
    }

    static Jedis jedis(NodeProcess n) {
        return new Jedis(n.host(), n.port(), 5000);
    }

    /** Shortens the sentinel's timers, as the SENTINEL DEBUG command allows. */
    static void fastTimers(SentinelProcess s) {
        try (Jedis j = jedis(s)) {
            j.sendCommand(Protocol.Command.SENTINEL, "debug", "info-period", "1000", "publish-period", "500");
        }
    }

    static Map<String, String> info(Jedis j, String section) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : j.info(section).split("\r\n")) {
            int c = line.indexOf(':');
            if (c > 0 && !line.startsWith("#")) m.put(line.substring(0, c), line.substring(c + 1));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, String>> maps(Jedis j, String... args) {
        Object r = j.sendCommand(Protocol.Command.SENTINEL, args);
        List<Map<String, String>> out = new ArrayList<>();
        for (Object o : (List<Object>) r) out.add(map((List<Object>) o));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> master(Jedis j, String name) {
        return map((List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "master", name));
    }

    private static Map<String, String> map(List<Object> flat) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            m.put(new String((byte[]) flat.get(i)), new String((byte[]) flat.get(i + 1)));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static String masterAddr(SentinelProcess s, String name) {
        try (Jedis j = jedis(s)) {
            List<Object> r = (List<Object>) j.sendCommand(Protocol.Command.SENTINEL, "get-master-addr-by-name", name);
            return r == null ? null : new String((byte[]) r.get(0)) + ":" + new String((byte[]) r.get(1));
        }
    }
}
