package io.redisha.sentinel.api;

import io.redisha.common.util.Glob;
import io.redisha.sentinel.server.Conn;
import io.redisha.sentinel.server.RespWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Channel and pattern subscriptions of the sentinel's clients; every event is published here. */
public final class PubSubHub {
    private final Map<String, Set<Conn>> channels = new LinkedHashMap<>();
    private final Map<String, Set<Conn>> patterns = new LinkedHashMap<>();

    public int channelCount() { return channels.size(); }
    public int patternCount() { return patterns.size(); }

    void subscribe(Conn c, String ch) {
        if (c.channels.add(ch)) {
            channels.computeIfAbsent(ch, k -> new LinkedHashSet<>()).add(c);
            watchClose(c);
        }
    }

    void psubscribe(Conn c, String p) {
        if (c.patterns.add(p)) {
            patterns.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(c);
            watchClose(c);
        }
    }

    boolean unsubscribe(Conn c, String ch) {
        if (!c.channels.remove(ch)) return false;
        Set<Conn> s = channels.get(ch);
        if (s != null && s.remove(c) && s.isEmpty()) channels.remove(ch);
        return true;
    }

    boolean punsubscribe(Conn c, String p) {
        if (!c.patterns.remove(p)) return false;
        Set<Conn> s = patterns.get(p);
        if (s != null && s.remove(c) && s.isEmpty()) patterns.remove(p);
        return true;
    }

    private void watchClose(Conn c) {
        if (c.subscriptions() == 1) {
            c.channel.closeFuture().addListener(f -> c.channel.eventLoop().execute(() -> {
                for (String ch : Set.copyOf(c.channels)) unsubscribe(c, ch);
                for (String p : Set.copyOf(c.patterns)) punsubscribe(c, p);
            }));
        }
    }

    /** Returns how many clients received it. */
    public int publish(String channel, String message) {
        int n = 0;
        Set<Conn> s = channels.get(channel);
        if (s != null) {
            for (Conn c : s) {
                RespWriter w = c.writer();
                w.push(3);
                w.bulk("message");
                w.bulk(channel);
                w.bulk(message);
                c.send(w);
                n++;
            }
        }
        byte[] chBytes = channel.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (Map.Entry<String, Set<Conn>> e : patterns.entrySet()) {
            if (!Glob.matches(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), chBytes, false)) continue;
            for (Conn c : e.getValue()) {
                RespWriter w = c.writer();
                w.push(4);
                w.bulk("pmessage");
                w.bulk(e.getKey());
                w.bulk(channel);
                w.bulk(message);
                c.send(w);
                n++;
            }
        }
        return n;
    }
}
