package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

class PubSubIT extends NodeTestBase {
    @Test
    void jedisSubscriberGetsChannelAndPatternMessages() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        JedisPubSub sub = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                got.add(channel + "=" + message);
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                got.add(pattern + ":" + channel + "=" + message);
            }
        };
        Thread t = new Thread(() -> {
            try (Jedis j = new Jedis(node.host(), node.port())) {
                j.subscribe(sub, "news");
            }
        });
        t.start();
        try (Jedis pub = new Jedis(node.host(), node.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> pub.pubsubNumSub("news").get("news") == 1L);
            sub.psubscribe("n*");
            await().atMost(Duration.ofSeconds(5)).until(() -> pub.pubsubNumPat() == 1L);
            assertThat(pub.pubsubChannels()).containsExactly("news");
            assertThat(pub.publish("news", "hello")).isEqualTo(2);
            assertThat(pub.publish("other", "x")).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
            assertThat(got).containsExactlyInAnyOrder("news=hello", "n*:news=hello");
        }
        sub.unsubscribe();
        sub.punsubscribe();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void subscribedResp2ClientMayOnlyUsePubSubCommands() {
        try (Jedis j = new Jedis(node.host(), node.port())) {
            j.getConnection().sendCommand(() -> "subscribe".getBytes(), "c");
            j.getConnection().getObjectMultiBulkReply();
            j.getConnection().sendCommand(() -> "get".getBytes(), "x");
            Object reply;
            try {
                reply = j.getConnection().getOne();
            } catch (Exception e) {
                reply = e.getMessage();
            }
            assertThat(reply.toString()).isEqualTo("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
        }
    }

    @Test
    void lettuceResp3SubscriberReceivesPushMessages() {
        RedisClient client = RedisClient.create(RedisURI.create(node.host(), node.port()));
        try (StatefulRedisPubSubConnection<String, String> conn = client.connectPubSub()) {
            List<String> got = new CopyOnWriteArrayList<>();
            conn.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    got.add(channel + "=" + message);
                }
            });
            conn.sync().subscribe("ch");
            // RESP3 lets a subscribed connection run ordinary commands too.
            assertThat(conn.sync().ping()).isEqualTo("PONG");
            try (Jedis pub = new Jedis(node.host(), node.port())) {
                assertThat(pub.publish("ch", "m1")).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> got.contains("ch=m1"));
        } finally {
            client.shutdown();
        }
    }
}
