package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class HealthIT {

    @Test
    void healthReportsRealStateAndPrometheusExportsFigures() throws Exception {
        int mgmt = NodeProcess.freePort();
        try (NodeProcess n = NodeProcess.start("--management-port", Integer.toString(mgmt));
             Jedis j = new Jedis(n.host(), n.port())) {
            j.set("a", "1");
            j.select(3);
            j.set("b", "1");
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + mgmt;
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get(http, base + "/actuator/health").statusCode() == 200);
            String body = get(http, base + "/actuator/health").body();
            assertThat(body).contains("\"status\":\"UP\"", "\"role\":\"master\"", "\"db0\":1", "\"db3\":1", "\"connected_clients\":");
            String prom = get(http, base + "/actuator/prometheus").body();
            assertThat(prom).contains("redis_instantaneous_ops_per_sec", "redis_connected_clients", "redis_keyspace_hits_total",
                    "redis_used_memory_bytes");

            // A stalled keyspace thread makes the node DOWN (503) while it lasts.
            Thread stall = new Thread(() -> {
                try (Jedis s = new Jedis(n.host(), n.port())) {
                    s.sendCommand(() -> "debug".getBytes(), "sleep", "4");
                }
            });
            stall.start();
            await().atMost(Duration.ofSeconds(3)).until(() -> get(http, base + "/actuator/health").statusCode() == 503);
            assertThat(get(http, base + "/actuator/health").body()).contains("keyspace thread not responding");
            stall.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> get(http, base + "/actuator/health").statusCode() == 200);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
