package io.redisha.node.health;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.redisha.node.NodeRuntime;
import io.redisha.node.server.ServerContext;
import org.springframework.stereotype.Component;

/** Node figures for /actuator/prometheus; read without locks, so a scrape may be a moment old. */
@Component
public class NodeMetrics implements MeterBinder {
    private final NodeRuntime runtime;

    public NodeMetrics(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ServerContext ctx = runtime.context();
        Gauge.builder("redis.instantaneous.ops.per.sec", ctx.stats, s -> s.instantaneousOps())
                .description("Commands per second, averaged over the last 1.6 s").register(registry);
        Gauge.builder("redis.connected.clients", ctx.clients, c -> c.connectedCount()).register(registry);
        Gauge.builder("redis.used.memory.bytes", ctx, x -> Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                .register(registry);
        Gauge.builder("redis.keys", ctx.keyspace, k -> k.totalKeys()).register(registry);
        FunctionCounter.builder("redis.keyspace.hits", ctx.keyspace, k -> k.stats().keyspaceHits).register(registry);
        FunctionCounter.builder("redis.keyspace.misses", ctx.keyspace, k -> k.stats().keyspaceMisses).register(registry);
        FunctionCounter.builder("redis.commands.processed", ctx.dispatcher, d -> d.commandsProcessed()).register(registry);
        FunctionCounter.builder("redis.expired.keys", ctx.keyspace, k -> k.stats().expiredKeys).register(registry);
    }
}
