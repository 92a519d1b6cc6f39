package io.redisha.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The seed's master and its two replicas: three of our nodes on 127.0.30.128, .129 and .130,
 * each started with {@code --bind <its host> --save ""} plus the test's options. The replicas
 * start side by side, since JVM start-up is most of a test class's set-up time. Closing stops
 * the replicas before the master.
 */
public final class ReplicaSet implements AutoCloseable {
    public static final String MASTER_HOST = "127.0.30.128";
    public static final String REPLICA1_HOST = "127.0.30.129";
    public static final String REPLICA2_HOST = "127.0.30.130";

    public final NodeProcess master;
    public final NodeProcess replica1;
    public final NodeProcess replica2;

    private ReplicaSet(NodeProcess master, NodeProcess replica1, NodeProcess replica2) {
        this.master = master;
        this.replica1 = replica1;
        this.replica2 = replica2;
    }

    /**
     * Starts the master with {@code masterOptions}, then both replicas with the options their
     * function gives for the master's port (usually {@link #replicaOf}). Whatever started is
     * stopped again when a node fails to start.
     */
    public static ReplicaSet start(List<String> masterOptions,
                                   IntFunction<List<String>> replica1Options,
                                   IntFunction<List<String>> replica2Options) {
        NodeProcess m = startOn(MASTER_HOST, masterOptions);
        NodeProcess r1 = null;
        CompletableFuture<NodeProcess> second = null;
        try {
            second = CompletableFuture.supplyAsync(() -> startOn(REPLICA2_HOST, replica2Options.apply(m.port())));
            r1 = startOn(REPLICA1_HOST, replica1Options.apply(m.port()));
            return new ReplicaSet(m, r1, second.join());
        } catch (RuntimeException e) {
            // Stop the second replica if it started (if it failed, its failure may be e itself).
            if (second != null) {
                second.handle((node, failed) -> {
                    if (node != null) node.close();
                    return null;
                }).join();
            }
            if (r1 != null) r1.close();
            m.close();
            throw e;
        }
    }

    /** {@code --replicaof 127.0.30.128 <masterPort>} followed by {@code more}. */
    public static List<String> replicaOf(int masterPort, String... more) {
        List<String> options = new ArrayList<>(List.of("--replicaof", MASTER_HOST, Integer.toString(masterPort)));
        options.addAll(List.of(more));
        return options;
    }

    private static NodeProcess startOn(String host, List<String> options) {
        List<String> all = new ArrayList<>(List.of("--bind", host, "--save", ""));
        all.addAll(options);
        return NodeProcess.start(all.toArray(String[]::new));
    }

    @Override
    public void close() {
        replica2.close();
        replica1.close();
        master.close();
    }
}
