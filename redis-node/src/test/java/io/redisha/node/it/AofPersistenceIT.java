package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.RealRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

class AofPersistenceIT {

    private static Path aofDir(Path dir) {
        return dir.resolve("appendonlydir");
    }

    private static Path incrFile(Path dir) throws Exception {
        String manifest = Files.readString(aofDir(dir).resolve("appendonly.aof.manifest"));
        String last = null;
        for (String line : manifest.split("\n")) if (line.endsWith("type i")) last = line.split(" ")[1];
        return aofDir(dir).resolve(last);
    }

    private static long dirSize(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(aofDir(dir))) {
            long n = 0;
            for (Path p : s.toList()) n += Files.size(p);
            return n;
        }
    }

    private static void shutdown(Jedis j) {
        try {
            j.shutdown();
        } catch (Exception closed) {
            // the connection closes
        }
    }

    /** Four clients write until the node is killed with SIGKILL; returns the acknowledged keys. */
    private static List<String> writeUntilKilled(NodeProcess n, String prefix, long millis) throws Exception {
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try (Jedis j = new Jedis(n.host(), n.port())) {
                    for (int i = 0; !stop.get(); i++) {
                        String k = prefix + id + ":" + i;
                        j.set(k, Integer.toString(i));
                        acked.add(k);
                    }
                } catch (Exception killed) {
                    // the node was killed under us
                }
            });
            w.start();
            writers.add(w);
        }
        Thread.sleep(millis);
        n.process().destroyForcibly();
        n.process().waitFor();
        stop.set(true);
        for (Thread w : writers) w.join();
        return new ArrayList<>(acked);
    }

    private static long missing(Jedis j, List<String> keys) {
        long lost = 0;
        for (int i = 0; i < keys.size(); i += 500) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + 500));
            for (String v : j.mget(batch.toArray(new String[0]))) if (v == null) lost++;
        }
        return lost;
    }

    @Test
    void acknowledgedWritesSurviveKill9() throws Exception {
        Path dir = Files.createTempDirectory("aof-kill");
        long millis = 1500;
        List<String> always;
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "")) {
            always = writeUntilKilled(n, "a", millis);
        }
        List<String> everysec;
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "")) {
            try (Jedis j = new Jedis(n.host(), n.port())) {
                long lost = missing(j, always);
                System.out.printf("appendfsync always: %d acknowledged writes, %d lost after kill -9%n", always.size(), lost);
                assertThat(always).isNotEmpty();
                assertThat(lost).isZero();
            }
            everysec = writeUntilKilled(n, "e", millis);
        }
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            long lost = missing(j, everysec);
            long perSecond = everysec.size() * 1000L / millis;
            System.out.printf("appendfsync everysec: %d acknowledged writes (%d/s), %d lost after kill -9%n",
                    everysec.size(), perSecond, lost);
            assertThat(everysec).isNotEmpty();
            // The process dies, the kernel keeps what was written: only a machine crash loses up to ~1 s.
            assertThat(lost).isLessThanOrEqualTo(perSecond + 1);
            assertThat(missing(j, always)).isZero();
        }
    }

    private static String persistenceField(Jedis j, String name) {
        for (String line : j.info("persistence").split("\r\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        }
        throw new AssertionError("no " + name + " in INFO persistence");
    }

    /**
     * With everysec a write that meets the running background fsync waits for it (its replies
     * go out first, as in Redis); what waited must reach the file without any further command.
     */
    @Test
    void everysecWritesThatWaitedForAnFsyncReachTheFile() throws Exception {
        Path dir = Files.createTempDirectory("aof-everysec");
        int written = 0;
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            // Three seconds of pipelined writes: the background fsync runs meanwhile.
            long end = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < end) {
                Pipeline p = j.pipelined();
                for (int i = 0; i < 1000; i++) p.set("k:" + (written + i), "v");
                p.sync();
                written += 1000;
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> persistenceField(j, "aof_buffer_length").equals("0"));
            assertThat(persistenceField(j, "aof_pending_bio_fsync")).isIn("0", "1");
            assertThat(persistenceField(j, "aof_delayed_fsync")).isEqualTo("0");
            // SIGKILL: only what reached the file comes back.
            n.process().destroyForcibly();
            n.process().waitFor();
        }
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.dbSize()).isEqualTo(written);
        }
    }

    private static NodeProcess.Result startExpectingFailure(Path dir, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(NodeProcess.freePort()),
                "--dir", dir.toString(), "--appendonly", "yes", "--management-port", "-1"));
        args.addAll(List.of(more));
        return NodeProcess.runToExit(null, args.toArray(new String[0]));
    }

    @Test
    void damagedAofIsCutOrRefusedNamingTheFileAndOffset() throws Exception {
        Path dir;
        try (NodeProcess n = NodeProcess.start("--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            dir = n.dir();
            for (int i = 0; i < 20; i++) j.set("k" + i, "v" + i);
            shutdown(j);
            n.process().waitFor();
        }
        Path incr = incrFile(dir);
        String name = incr.getFileName().toString();
        byte[] original = Files.readAllBytes(incr);
        long good = original.length;

        // A corrupt byte in the middle.
        String text = new String(original, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        int at = text.indexOf("*3\r\n$3\r\nset\r\n$2\r\nk5\r\n");
        assertThat(at).isPositive();
        byte[] corrupt = original.clone();
        corrupt[at] = 'X';
        Files.write(incr, corrupt);
        NodeProcess.Result r = startExpectingFailure(dir);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Bad file format reading the append only file " + name + " at offset " + at);

        // A command this server does not know.
        Files.write(incr, original);
        Files.write(incr, "*2\r\n$6\r\nFOOBAR\r\n$1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        r = startExpectingFailure(dir);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Unknown command 'FOOBAR' reading the append only file " + name + " at offset " + good);

        // A torn last command: refused with aof-load-truncated no, cut off with yes.
        Files.write(incr, original);
        byte[] torn = "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nab".getBytes(StandardCharsets.US_ASCII);
        Files.write(incr, torn, StandardOpenOption.APPEND);
        r = startExpectingFailure(dir, "--aof-load-truncated", "no");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Unexpected end of file reading the append only file " + name);
        assertThat(Files.size(incr)).isEqualTo(good + torn.length);

        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.get("k0")).isEqualTo("v0");
            assertThat(j.get("k19")).isEqualTo("v19");
            assertThat(j.exists("c")).isFalse();
            assertThat(n.output()).contains("!!! Warning: short read while loading the AOF file " + name + "!!!",
                    "!!! Truncating the AOF " + name + " at offset " + good + " !!!",
                    "AOF " + name + " loaded anyway because aof-load-truncated is enabled");
            assertThat(Files.size(incr)).isEqualTo(good);
            // Logging goes on after the cut.
            j.set("c", "3");
            assertThat(new String(Files.readAllBytes(incr), StandardCharsets.US_ASCII)).endsWith("$1\r\nc\r\n$1\r\n3\r\n");
        }
    }

    @Test
    void bgrewriteaofWhileWritingKeepsEveryWriteAndShrinksTheFiles() throws Exception {
        Path dir;
        try (NodeProcess n = NodeProcess.start("--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            dir = n.dir();
            for (int i = 0; i < 3000; i++) j.set("same", "value-" + i);
            for (int i = 0; i < 300; i++) j.rpush("list", "e" + i);
            long before = dirSize(dir);
            // Half the writes before BGREWRITEAOF, half while it runs; a fixed count keeps the
            // new files' size independent of how fast the machine is.
            java.util.concurrent.CountDownLatch rewriting = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = new Thread(() -> {
                try (Jedis w = new Jedis(n.host(), n.port())) {
                    for (int i = 0; i < 400; i++) {
                        if (i == 200) rewriting.await();
                        w.incr("counter");
                        w.sadd("set", "m" + written.get());
                        written.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> written.get() == 200);
            assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            rewriting.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> j.info("persistence").contains("aof_rewrite_in_progress:0"));
            writer.join();
            assertThat(written.get()).isEqualTo(400);
            String info = j.info("persistence");
            assertThat(info).contains("aof_enabled:1", "aof_last_bgrewrite_status:ok", "aof_rewrites:1");
            assertThat(dirSize(dir)).isLessThan(before);
            String manifest = Files.readString(aofDir(dir).resolve("appendonly.aof.manifest"));
            assertThat(manifest).matches("file appendonly\\.aof\\.2\\.base\\.rdb seq 2 type b\n"
                    + "file appendonly\\.aof\\.2\\.incr\\.aof seq 2 type i\n");
            try (Stream<Path> files = Files.list(aofDir(dir))) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                        "appendonly.aof.manifest", "appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof");
            }
            assertThat(new String(Files.readAllBytes(aofDir(dir).resolve("appendonly.aof.2.base.rdb")), 0, 9,
                    StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
            n.process().destroyForcibly();
            n.process().waitFor();
            try (NodeProcess m = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
                 Jedis k = new Jedis(m.host(), m.port())) {
                assertThat(k.get("same")).isEqualTo("value-2999");
                assertThat(k.llen("list")).isEqualTo(300);
                assertThat(k.get("counter")).isEqualTo(Long.toString(written.get()));
                assertThat(k.scard("set")).isEqualTo(written.get());
            }
        }
    }

    @Test
    void realRedisLoadsOurAofDirectoryAndWeLoadTheirs() throws Exception {
        Path dir = Files.createTempDirectory("aof-interop");
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            RdbPersistenceIT.populate(j);
            assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            await().atMost(Duration.ofSeconds(30)).until(() -> j.info("persistence").contains("aof_rewrite_in_progress:0"));
            j.set("after-rewrite", "1");
            j.select(5);
            j.set("db5", "x");
            j.select(0);
        }
        try (RealRedis real = RealRedis.start(dir, "--appendonly", "yes"); Jedis j = new Jedis(real.host(), real.port())) {
            RdbPersistenceIT.verify(j);
            assertThat(j.get("after-rewrite")).isEqualTo("1");
            j.select(5);
            assertThat(j.get("db5")).isEqualTo("x");
            j.select(0);
            assertThat(real.output()).contains("DB loaded from append only file");
            j.set("from-real", "yes");
            assertThat(j.bgrewriteaof()).contains("rewriting");
            await().atMost(Duration.ofSeconds(30)).until(() -> j.info("persistence").contains("aof_rewrite_in_progress:0"));
            j.set("from-real-incr", "yes");
            shutdown(j);
        }
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            RdbPersistenceIT.verify(j);
            assertThat(j.get("from-real")).isEqualTo("yes");
            assertThat(j.get("from-real-incr")).isEqualTo("yes");
        }
    }

    @Test
    void configSetAppendonlyOnALiveNodeAndExpiredKeysAreLoggedAsDel() throws Exception {
        Path dir;
        try (NodeProcess n = NodeProcess.start("--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            dir = n.dir();
            j.set("before", "1");
            assertThat(j.info("persistence")).contains("aof_enabled:0");
            assertThat(j.configSet("appendonly", "yes")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String info = j.info("persistence");
                return info.contains("aof_enabled:1") && info.contains("aof_rewrite_in_progress:0")
                        && Files.exists(aofDir(dir).resolve("appendonly.aof.manifest"));
            });
            j.set("after", "2");
            j.psetex("short", 50, "v");
            await().atMost(Duration.ofSeconds(10)).until(() -> !j.exists("short"));
            await().atMost(Duration.ofSeconds(10)).until(() -> new String(Files.readAllBytes(incrFile(dir)), StandardCharsets.US_ASCII)
                    .contains("*2\r\n$3\r\nDEL\r\n$5\r\nshort\r\n"));
            assertThat(j.info("persistence")).contains("aof_last_write_status:ok", "aof_current_size:");
            n.process().destroyForcibly();
            n.process().waitFor();
        }
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.get("before")).isEqualTo("1");
            assertThat(j.get("after")).isEqualTo("2");
            assertThat(j.exists("short")).isFalse();
            assertThat(j.configSet("appendonly", "no")).isEqualTo("OK");
            assertThat(j.info("persistence")).contains("aof_enabled:0");
            long size = Files.size(incrFile(dir));
            j.set("not-logged", "x");
            assertThat(Files.size(incrFile(dir))).isEqualTo(size);
        }
    }

    @Test
    void timeAndChanceAreLoggedAsTheirOutcome() throws Exception {
        Path dir;
        long deadline;
        try (NodeProcess n = NodeProcess.start("--save", "", "--appendonly", "yes");
             Jedis j = new Jedis(n.host(), n.port())) {
            dir = n.dir();
            j.setex("ex", 2, "v");
            j.set("e2", "v");
            j.expire("e2", 2);
            deadline = System.currentTimeMillis() + 2000;
            j.sadd("s", "a", "b", "c");
            String popped = j.spop("s");
            j.set("f", "1.5");
            j.incrByFloat("f", 0.25);
            String log = new String(Files.readAllBytes(incrFile(dir)), StandardCharsets.US_ASCII);
            // Relative TTLs become absolute times, SPOP the member it took, INCRBYFLOAT its result.
            assertThat(log).contains("$4\r\nPXAT\r\n", "$9\r\nPEXPIREAT\r\n", "$4\r\nSREM\r\n$1\r\ns\r\n$1\r\n" + popped,
                    "$3\r\nSET\r\n$1\r\nf\r\n$4\r\n1.75\r\n$7\r\nKEEPTTL");
            assertThat(log).doesNotContain("SETEX", "setex", "$6\r\nexpire", "SPOP", "spop");
            n.process().destroyForcibly();
            n.process().waitFor();
        }
        // Past the original deadline a replay must not bring the keys back with a fresh TTL.
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > deadline + 100);
        try (NodeProcess n = NodeProcess.start("--dir", dir.toString(), "--appendonly", "yes", "--save", "");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.exists("ex")).isFalse();
            assertThat(j.exists("e2")).isFalse();
            assertThat(j.scard("s")).isEqualTo(2);
            assertThat(j.get("f")).isEqualTo("1.75");
        }
    }
}
