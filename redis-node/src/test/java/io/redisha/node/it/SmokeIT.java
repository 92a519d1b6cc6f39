package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class SmokeIT extends NodeTestBase {
    @Test
    void setAndGetThroughJedis() {
        try (Jedis j = new Jedis(node.host(), node.port())) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.set("key1", "100")).isEqualTo("OK");
            assertThat(j.get("key1")).isEqualTo("100");
            assertThatThrownBy(() -> j.sendCommand(() -> "set".getBytes(), "key5"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR wrong number of arguments for 'set' command");
        }
    }
}
