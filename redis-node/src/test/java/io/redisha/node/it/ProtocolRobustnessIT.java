package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The wire protocol under abuse, through raw sockets. Every expected reply below is what
 * redis-server 7.0.15 answers to the same bytes.
 */
class ProtocolRobustnessIT {
    private static final String PROTO = "-ERR Protocol error: ";

    static NodeProcess node;
    /** requirepass, maxclients 5 and the smallest query buffer limit. */
    static NodeProcess guarded;

    @BeforeAll
    static void start() {
        CompletableFuture<NodeProcess> g = CompletableFuture.supplyAsync(() -> NodeProcess.start(new String[] {
                "--requirepass", "pass", "--maxclients", "5", "--client-query-buffer-limit", "1mb"}));
        node = NodeProcess.start();
        guarded = g.join();
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
        if (guarded != null) guarded.close();
    }

    private record Case(String input, String reply, boolean closes) {}

    private static Case closes(String input, String error) {
        return new Case(input, PROTO + error + "\r\n", true);
    }

    @Test
    void malformedFramesGetRedisErrorsAndCloseOnlyTheirConnection() throws IOException {
        List<Case> cases = List.of(
                closes("*abc\r\n", "invalid multibulk length"),
                closes("*3\r\n$x\r\n", "invalid bulk length"),
                closes("*1\r\n$-1\r\n", "invalid bulk length"),
                closes("*1\r\n$ 4\r\nPING\r\n", "invalid bulk length"),
                closes("*1\r\n$4\nPING\r\n", "invalid bulk length"),
                closes("*1\n$4\r\nPING\r\n", "invalid multibulk length"),
                closes("*01\r\n$4\r\nPING\r\n", "invalid multibulk length"),
                closes("*-0\r\n", "invalid multibulk length"),
                closes("*1\r\n$-0\r\n", "invalid bulk length"),
                closes("*1\r\n:3\r\nabc\r\n", "expected '$', got ':'"),
                closes("*1\r\n\r\n", "expected '$', got ' '"),
                closes("*1\r\n\u00ff\r\n", "expected '$', got '\u00ff'"),
                closes("*2147483648\r\n", "invalid multibulk length"),
                closes("*99999999999999999999\r\n", "invalid multibulk length"),
                closes("*1\r\n$536870913\r\n", "invalid bulk length"),
                closes("*" + "1".repeat(70000), "too big mbulk count string"),
                closes("*1\r\n$" + "1".repeat(70000), "too big bulk count string"),
                closes("x".repeat(70000), "too big inline request"),
                closes("set k \"a b\r\n", "unbalanced quotes in request"),
                closes("echo 'a'b\r\n", "unbalanced quotes in request"),
                new Case("*1\r\n$4\r\nPING\r\n*x\r\n", "+PONG\r\n" + PROTO + "invalid multibulk length\r\n", true),
                // Declared but not sent: the node waits for the bytes, as Redis does.
                new Case("*2147483647\r\n", "", false),
                new Case("*1\r\n$536870912\r\n", "", false),
                new Case("*1\r\n$500000000\r\nabc", "", false),
                new Case("*-1\r\n", "", false),
                new Case("*0\r\n", "", false),
                // Redis finds line ends with strchr: a NUL hides the CR, the line looks unfinished.
                new Case("*1\u0000\r\n", "", false),
                new Case("*1\r\n$3\r\nabcde\r\n", "-ERR unknown command 'abc', with args beginning with: \r\n", false),
                new Case("*1\r\n$4\r\nPI\u0000G\r\n", "-ERR unknown command 'PI', with args beginning with: \r\n", false),
                new Case("FOO\u00ff bar\r\n", "-ERR unknown command 'FOO\u00ff', with args beginning with: 'bar' \r\n", false));
        try (Jedis other = new Jedis(node.host(), node.port())) {
            other.set("survivor", "yes");
            for (Case c : cases) {
                try (RawClient raw = new RawClient(node.port())) {
                    raw.send(c.input());
                    RawClient.Drained got = raw.drain(c.closes() ? 5000 : 300);
                    String what = printable(c.input());
                    assertThat(got.text()).as("reply to %s", what).isEqualTo(c.reply());
                    assertThat(got.closed()).as("connection closed after %s", what).isEqualTo(c.closes());
                }
                assertThat(other.get("survivor")).isEqualTo("yes");
            }
        }
    }

    @Test
    void declaredButUnsentLengthsCostNoMemory() throws Exception {
        long before = rssKb(node.pid());
        List<RawClient> clients = new ArrayList<>();
        try (Jedis other = new Jedis(node.host(), node.port())) {
            for (int i = 0; i < 200; i++) {
                RawClient c = new RawClient(node.port());
                clients.add(c);
                c.send("*1\r\n$400000000\r\n0123456789");
            }
            assertThat(other.ping()).isEqualTo("PONG");
            long after = rssKb(node.pid());
            assertThat(after - before).as("RSS growth in kB").isLessThan(100 * 1024);
            assertThat(clients.get(0).drain(100).closed()).isFalse();
            assertThat(clients.get(199).drain(100).closed()).isFalse();
        } finally {
            for (RawClient c : clients) c.close();
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    @Test
    void randomGarbageFromManyClientsDoesNotDisturbAWellBehavedOne() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong garbageSent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<?>> workers = new ArrayList<>();
        long ops = 0;
        // Connected first: the garbage clients churn connections fast enough to overflow the
        // listen backlog of a node still warming up, which would only delay a new connection.
        // The long timeout is for a freshly started JVM on a loaded machine: the point here is
        // that every reply is right, not how fast it comes.
        try (Jedis good = new Jedis(node.host(), node.port(), 10_000)) {
            assertThat(good.ping()).isEqualTo("PONG");
            for (int t = 0; t < 50; t++) {
                long seed = t;
                workers.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    while (!stop.get()) {
                        try (RawClient c = new RawClient(node.port())) {
                            byte[] junk = new byte[1 + rnd.nextInt(2000)];
                            rnd.nextBytes(junk);
                            if (rnd.nextBoolean()) junk[0] = '*'; // reach the multibulk parser too
                            c.send(junk);
                            garbageSent.incrementAndGet();
                            c.drain(20);
                        } catch (IOException ignored) {
                            // the node may reset a connection it closed on a protocol error
                        }
                    }
                    return null;
                }));
            }
            // At least 3 s and 200 round trips under fire; a cold JVM on a loaded machine may
            // need longer for those, so the bound is on work done, capped at 20 s.
            long start = System.nanoTime();
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)
                    || (ops < 200 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20))) {
                String v = "value-" + ops;
                assertThat(good.set("good:" + (ops % 100), v)).isEqualTo("OK");
                assertThat(good.get("good:" + (ops % 100))).isEqualTo(v);
                ops++;
            }
        } finally {
            stop.set(true);
            for (Future<?> f : workers) f.get(10, TimeUnit.SECONDS);
            pool.shutdown();
        }
        assertThat(ops).isGreaterThanOrEqualTo(200);
        assertThat(garbageSent.get()).isGreaterThan(100);
        try (Jedis j = new Jedis(node.host(), node.port())) {
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void inlineCommands() throws IOException {
        try (RawClient c = new RawClient(node.port())) {
            c.send("PING\r\n");
            assertThat(c.readReplyText()).isEqualTo("+PONG\r\n");
            c.send("set inline:k \"a b\"\r\nget inline:k\nECHO \"\\x41\\tz\"  b\r\n");
            assertThat(c.readReplyText()).isEqualTo("+OK\r\n");
            assertThat(c.readReplyText()).isEqualTo("$3\r\na b\r\n");
            assertThat(c.readReplyText()).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
            c.send("\r\n   \r\nECHO 'it\\'s'\r\n");
            assertThat(c.readReplyText()).isEqualTo("$4\r\nit's\r\n");
            c.send("get inline:k\r\nset inline:k \"unbalanced\r\n");
            RawClient.Drained d = c.drain(5000);
            assertThat(d.text()).isEqualTo("$3\r\na b\r\n" + PROTO + "unbalanced quotes in request\r\n");
            assertThat(d.closed()).isTrue();
        }
    }

    @Test
    void tenThousandPipelinedCommandsAnswerInOrder() throws Exception {
        int n = 10_000;
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            all.append(i % 2 == 0 ? "*2\r\n$4\r\nINCR\r\n$4\r\npipe\r\n"
                    : "*2\r\n$4\r\nECHO\r\n$" + Integer.toString(i).length() + "\r\n" + i + "\r\n");
        }
        try (RawClient c = new RawClient(node.port())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.send(all.toString());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < n; i++) {
                String expected = i % 2 == 0 ? ":" + (i / 2 + 1) + "\r\n"
                        : "$" + Integer.toString(i).length() + "\r\n" + i + "\r\n";
                assertThat(c.readReplyText()).as("reply %d", i).isEqualTo(expected);
            }
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void unauthenticatedClientsGetSmallLimitsUntilAuth() throws IOException {
        assertClosesWith(guarded, "*11\r\n", PROTO + "unauthenticated multibulk length\r\n");
        assertClosesWith(guarded, "*1\r\n$16385\r\n", PROTO + "unauthenticated bulk length\r\n");
        try (RawClient c = new RawClient(guarded.port())) {
            c.send("*10\r\n");
            assertThat(c.drain(300)).isEqualTo(new RawClient.Drained("", false));
        }
        try (RawClient c = new RawClient(guarded.port())) {
            c.send("*1\r\n$16384\r\n");
            assertThat(c.drain(300)).isEqualTo(new RawClient.Drained("", false));
        }
        try (RawClient c = new RawClient(guarded.port())) {
            c.send("PING\r\n");
            assertThat(c.readReplyText()).isEqualTo("-NOAUTH Authentication required.\r\n");
            // The limits lift for the commands after AUTH, even when they came in the same write.
            StringBuilder mset = new StringBuilder("*11\r\n$4\r\nMSET\r\n");
            for (int i = 0; i < 5; i++) mset.append("$2\r\nk").append(i).append("\r\n$1\r\nv\r\n");
            String big = "x".repeat(20_000);
            c.send("AUTH pass\r\n" + mset + "*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$20000\r\n" + big + "\r\nSTRLEN big\r\n");
            assertThat(c.readReplyText()).isEqualTo("+OK\r\n");
            assertThat(c.readReplyText()).isEqualTo("+OK\r\n");
            assertThat(c.readReplyText()).isEqualTo("+OK\r\n");
            assertThat(c.readReplyText()).isEqualTo(":20000\r\n");
        }
    }

    @Test
    void queryBufferLimitClosesTheClientWithoutReply() throws IOException {
        try (Jedis other = authed(); RawClient c = new RawClient(guarded.port())) {
            c.send("AUTH pass\r\n*3\r\n$3\r\nset\r\n$1\r\nk\r\n$2097152\r\n" + "x".repeat(1_500_000));
            RawClient.Drained d = c.drain(5000);
            assertThat(d.text()).isEqualTo("+OK\r\n");
            assertThat(d.closed()).isTrue();
            assertThat(other.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void queryBufferLimitSetAtRuntimeAppliesToTheNextRead() throws IOException {
        try (Jedis admin = new Jedis("127.0.0.1", node.port())) {
            try (RawClient c = new RawClient(node.port())) {
                c.send("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$2097152\r\n" + "x".repeat(1_500_000));
                assertThat(c.drain(1000).closed()).isFalse();
            }
            admin.configSet("client-query-buffer-limit", "1mb");
            try (RawClient c = new RawClient(node.port())) {
                c.send("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$2097152\r\n" + "x".repeat(1_500_000));
                assertThat(c.drain(5000)).isEqualTo(new RawClient.Drained("", true));
            } finally {
                admin.configSet("client-query-buffer-limit", "1gb");
            }
            assertThat(admin.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void maxClientsRefusesTheSixthConnection() throws IOException {
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) open.add(admitted());
            try (RawClient sixth = new RawClient(guarded.port())) {
                assertThat(sixth.drain(5000))
                        .isEqualTo(new RawClient.Drained("-ERR max number of clients reached\r\n", true));
            }
            open.remove(0).close();
            open.add(admitted());
        } finally {
            for (RawClient c : open) c.close();
            // The node lets closed connections go a moment later; the next test connects at once.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try (Jedis j = authed()) {
                    return j.info("clients").contains("connected_clients:1\r\n");
                } catch (JedisException e) {
                    return false;
                }
            });
        }
    }

    /** A connection the guarded node accepted, once earlier tests' connections are gone. */
    private static RawClient admitted() {
        RawClient[] out = new RawClient[1];
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            RawClient c = new RawClient(guarded.port());
            c.send("AUTH pass\r\n");
            if (c.readReplyText().equals("+OK\r\n")) {
                out[0] = c;
                return true;
            }
            c.close();
            return false;
        });
        return out[0];
    }

    private static Jedis authed() {
        Jedis j = new Jedis(guarded.host(), guarded.port());
        j.auth("pass");
        return j;
    }

    private static void assertClosesWith(NodeProcess n, String input, String reply) throws IOException {
        try (RawClient c = new RawClient(n.port())) {
            c.send(input);
            assertThat(c.drain(5000)).isEqualTo(new RawClient.Drained(reply, true));
        }
    }

    private static String printable(String s) {
        String p = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return p.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    }
}
