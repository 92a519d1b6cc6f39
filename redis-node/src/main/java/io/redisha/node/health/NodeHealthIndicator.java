package io.redisha.node.health;

import io.redisha.node.NodeRuntime;
import io.redisha.node.server.ServerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The node's real state: DOWN when the RESP port is not serving or the keyspace thread does not
 * answer within a second; otherwise role, clients and keys per db, read on the owner thread.
 */
@Component("redis")
public class NodeHealthIndicator implements HealthIndicator {
    private final NodeRuntime runtime;

    public NodeHealthIndicator(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        ServerContext ctx = runtime.context();
        if (!runtime.server().isServing()) {
            return Health.down().withDetail("reason", "RESP port is not serving").build();
        }
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        ctx.owner().execute(() -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("role", "master");
            d.put("port", ctx.config.getInt("port"));
            d.put("connected_clients", ctx.clients.connectedCount());
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int i = 0; i < ctx.keyspace.databases(); i++) {
                int n = ctx.keyspace.db(i).size();
                if (n > 0) keys.put("db" + i, n);
            }
            d.put("keys", keys);
            f.complete(d);
        });
        try {
            return Health.up().withDetails(f.get(1, TimeUnit.SECONDS)).build();
        } catch (Exception e) {
            return Health.down().withDetail("reason", "keyspace thread not responding").build();
        }
    }
}
