package io.redisha.sentinel.health;

import io.redisha.sentinel.SentinelRuntime;
import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Sentinel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Each master as this sentinel sees it: ok, sdown, odown or failing over, and whether enough
 * sentinels are reachable to agree on a failover. DOWN when a master could not be failed over.
 */
@Component("sentinel")
public class SentinelHealthIndicator implements HealthIndicator {
    private final SentinelRuntime runtime;

    public SentinelHealthIndicator(SentinelRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        if (runtime.server() == null || !runtime.server().isServing()) {
            return Health.down().withDetail("reason", "RESP port is not serving").build();
        }
        try {
            return runtime.onLoop(() -> build(runtime.sentinel()));
        } catch (RuntimeException e) {
            return Health.down().withDetail("reason", "sentinel thread not responding").build();
        }
    }

    static Health build(Sentinel s) {
        boolean allReachable = true;
        Map<String, Object> masters = new LinkedHashMap<>();
        for (Instance m : s.masters.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            String state = m.is(Instance.FAILOVER_IN_PROGRESS) ? "failing over"
                    : m.is(Instance.O_DOWN) ? "odown" : m.is(Instance.S_DOWN) ? "sdown" : "ok";
            int reachable = 1;
            for (Instance x : m.sentinels.values()) if (!x.link.disconnected && !x.is(Instance.S_DOWN)) reachable++;
            int voters = m.sentinels.size() + 1;
            boolean quorumReachable = reachable >= m.quorum && reachable >= voters / 2 + 1;
            allReachable &= quorumReachable;
            d.put("state", state);
            d.put("address", m.host + ":" + m.port);
            d.put("replicas", m.replicas.size());
            d.put("sentinels", voters);
            d.put("reachableSentinels", reachable);
            d.put("quorum", m.quorum);
            d.put("quorumReachable", quorumReachable);
            d.put("configEpoch", m.configEpoch);
            if (m.lastFailoverOutcome != null) d.put("lastFailover", m.lastFailoverOutcome);
            if (m.lastFailoverReason != null) d.put("lastFailoverReason", m.lastFailoverReason);
            masters.put(m.name, d);
        }
        Health.Builder b = allReachable ? Health.up() : Health.down();
        return b.withDetail("myid", s.myid).withDetail("currentEpoch", s.currentEpoch).withDetail("tilt", s.tilt)
                .withDetail("masters", masters).build();
    }
}
