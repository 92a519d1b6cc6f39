package io.redisha.node.it;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.ReplicaSet;
import static io.redisha.node.it.ReplicationIT.awaitLinkUp;
import static io.redisha.node.it.ReplicationIT.client;
import static io.redisha.node.it.ReplicationIT.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The replicas end up with exactly the master's dataset (same DEBUG DIGEST, TTLs included)
 * after a mixed write load during which their links are cut again and again, from both ends,
 * so that they continue with partial resyncs (or full ones when the backlog was overrun).
 */
class ReplicationConsistencyIT {
    static final int WRITES = 200_000, THREADS = 4, BATCH = 200;
    static ReplicaSet lab;
    static NodeProcess master, replica1, replica2;

    @BeforeAll
    static void start() {
        lab = ReplicaSet.start(List.of("--repl-diskless-sync-delay", "0", "--repl-backlog-size", "4mb"),
                ReplicaSet::replicaOf, ReplicaSet::replicaOf);
        master = lab.master;
        replica1 = lab.replica1;
        replica2 = lab.replica2;
        awaitLinkUp(replica1);
        awaitLinkUp(replica2);
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    /** A shared 2-core machine may stall a node for seconds (GC, a full sync): wait for it. */
    static Jedis slowClient(NodeProcess n) {
        return new Jedis(n.host(), n.port(), 30_000);
    }

    static String digest(NodeProcess n) {
        try (Jedis j = slowClient(n)) {
            return ReplicationIT.str(j.sendCommand(() -> "debug".getBytes(), "DIGEST"));
        }
    }

    @Test
    void replicasMatchTheMasterAfterAWriteLoadWithCutLinks() throws Exception {
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger cuts = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            writers.add(CompletableFuture.runAsync(() -> load(seed, WRITES / THREADS)));
        }
        CompletableFuture<Void> chaos = CompletableFuture.runAsync(() -> cutLinks(loading, cuts));
        CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).join();
        loading.set(false);
        chaos.join();
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(cuts.get()).isGreaterThanOrEqualTo(3);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String m = digest(master);
            assertThat(digest(replica1)).isEqualTo(m);
            assertThat(digest(replica2)).isEqualTo(m);
            try (Jedis jm = slowClient(master); Jedis j1 = slowClient(replica1); Jedis j2 = slowClient(replica2)) {
                long size = jm.dbSize();
                assertThat(j1.dbSize()).isEqualTo(size);
                assertThat(j2.dbSize()).isEqualTo(size);
            }
        });
        assertThat(digest(master)).isNotEqualTo("0".repeat(40));
        var stats = info(master, "stats");
        System.out.printf("consistency: %d writes in %d ms, %d link cuts, sync_full=%s sync_partial_ok=%s sync_partial_err=%s%n",
                WRITES, loadMs, cuts.get(), stats.get("sync_full"), stats.get("sync_partial_ok"), stats.get("sync_partial_err"));
        assertThat(Long.parseLong(stats.get("sync_partial_ok"))).isPositive();
    }

    /** Mixed writes of every type on keys the threads share, pipelined in batches. */
    static void load(int seed, int writes) {
        Random rnd = new Random(seed);
        try (Jedis j = slowClient(master)) {
            for (int done = 0; done < writes; done += BATCH) {
                Pipeline p = j.pipelined();
                for (int i = 0; i < BATCH; i++) write(p, rnd);
                p.sync();
            }
        }
    }

    private static void write(Pipeline p, Random rnd) {
        int k = rnd.nextInt(2000);
        String v = "v" + rnd.nextInt(100_000);
        switch (rnd.nextInt(20)) {
            case 0, 1, 2 -> p.set("s:" + k, v);
            case 3, 4 -> p.incr("c:" + k);
            case 5 -> p.incrBy("c:" + k, rnd.nextInt(1000) - 500);
            case 6, 7 -> p.hset("h:" + (k % 300), "f" + rnd.nextInt(200), v);
            case 8 -> p.hdel("h:" + (k % 300), "f" + rnd.nextInt(200));
            case 9 -> p.rpush("l:" + (k % 200), v);
            case 10 -> p.lpop("l:" + (k % 200));
            case 11, 12 -> p.sadd("set:" + (k % 300), Integer.toString(rnd.nextInt(1000)), "m" + rnd.nextInt(300));
            case 13 -> p.srem("set:" + (k % 300), "m" + rnd.nextInt(300));
            case 14, 15 -> p.zadd("z:" + (k % 300), rnd.nextInt(10_000) / 7.0, "m" + rnd.nextInt(400));
            case 16 -> p.zincrby("z:" + (k % 300), 1.5, "m" + rnd.nextInt(400));
            // Short TTLs: keys expire during and after the load, on the master only (DEL follows).
            case 17 -> p.pexpire("s:" + k, 200 + rnd.nextInt(3000));
            case 18 -> p.psetex("t:" + k, 100 + rnd.nextInt(2000), v);
            default -> p.del("s:" + k, "c:" + k);
        }
    }

    /** Cuts links from the master's side and from each replica's side in turn while the load runs. */
    static void cutLinks(AtomicBoolean loading, AtomicInteger cuts) {
        int turn = 0;
        while (loading.get()) {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                return;
            }
            if (!loading.get()) break;
            NodeProcess target = switch (turn++ % 3) {
                case 0 -> master;
                case 1 -> replica1;
                default -> replica2;
            };
            try (Jedis j = slowClient(target)) {
                long killed = j.clientKill(new redis.clients.jedis.params.ClientKillParams()
                        .type(target == master ? redis.clients.jedis.args.ClientType.REPLICA
                                : redis.clients.jedis.args.ClientType.MASTER));
                if (killed > 0) cuts.incrementAndGet();
            }
        }
    }
}
