package io.redisha.sentinel.it;

import io.redisha.testkit.SentinelProcess;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** Everything a sentinel publishes, as "channel payload" lines, via PSUBSCRIBE *. */
final class EventRecorder implements AutoCloseable {
    final List<String> events = new CopyOnWriteArrayList<>();
    private final Jedis jedis;
    private final JedisPubSub sub;

    EventRecorder(SentinelProcess s) throws InterruptedException {
        jedis = new Jedis(s.host(), s.port(), 0);
        CountDownLatch subscribed = new CountDownLatch(1);
        sub = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                events.add(channel + " " + message);
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                subscribed.countDown();
            }
        };
        Thread t = new Thread(() -> {
            try {
                jedis.psubscribe(sub, "*");
            } catch (RuntimeException ignored) {
                // closed at the end of the test
            }
        }, "events-" + s.host());
        t.setDaemon(true);
        t.start();
        subscribed.await(10, TimeUnit.SECONDS);
    }

    boolean has(String prefix) {
        for (String e : events) if (e.startsWith(prefix)) return true;
        return false;
    }

    @Override
    public void close() {
        try {
            sub.punsubscribe();
        } catch (RuntimeException ignored) {
            // already gone
        }
        jedis.close();
    }
}
