package io.redisha.node.pubsub;

import io.redisha.common.util.Glob;
import io.redisha.node.keyspace.Key;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Channels and patterns with their subscribers; messages go out as push replies. */
public final class PubSub {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);

    private final ServerContext ctx;
    private final Map<Key, Set<Client>> channels = new HashMap<>();
    private final Map<Key, Set<Client>> patterns = new HashMap<>();

    public PubSub(ServerContext ctx) {
        this.ctx = ctx;
    }

    public boolean subscribe(Client c, byte[] channel) {
        if (c.channels == null) c.channels = new LinkedHashSet<>();
        Key k = new Key(channel);
        if (!c.channels.add(k)) return false;
        channels.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean unsubscribe(Client c, byte[] channel) {
        Key k = new Key(channel);
        if (c.channels == null || !c.channels.remove(k)) return false;
        Set<Client> s = channels.get(k);
        if (s != null) {
            s.remove(c);
            if (s.isEmpty()) channels.remove(k);
        }
        return true;
    }

    public boolean psubscribe(Client c, byte[] pattern) {
        if (c.patterns == null) c.patterns = new LinkedHashSet<>();
        Key k = new Key(pattern);
        if (!c.patterns.add(k)) return false;
        patterns.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean punsubscribe(Client c, byte[] pattern) {
        Key k = new Key(pattern);
        if (c.patterns == null || !c.patterns.remove(k)) return false;
        Set<Client> s = patterns.get(k);
        if (s != null) {
            s.remove(c);
            if (s.isEmpty()) patterns.remove(k);
        }
        return true;
    }

    /** Drops every subscription of a client that went away. */
    public void unsubscribeAll(Client c) {
        if (c.channels != null) {
            for (Key k : new ArrayList<>(c.channels)) unsubscribe(c, k.bytes());
        }
        if (c.patterns != null) {
            for (Key k : new ArrayList<>(c.patterns)) punsubscribe(c, k.bytes());
        }
    }

    /** Delivers a message; returns how many clients received it. */
    public long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<Client> subs = channels.get(new Key(channel));
        if (subs != null) {
            for (Client c : subs) {
                Reply r = c.reply();
                r.push(3);
                r.bulk(MESSAGE);
                r.bulk(channel);
                r.bulk(message);
                ctx.flushLater(c);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<Key, Set<Client>> e : patterns.entrySet()) {
                byte[] pat = e.getKey().bytes();
                if (!Glob.matches(pat, channel, false)) continue;
                for (Client c : e.getValue()) {
                    Reply r = c.reply();
                    r.push(4);
                    r.bulk(PMESSAGE);
                    r.bulk(pat);
                    r.bulk(channel);
                    r.bulk(message);
                    ctx.flushLater(c);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    public List<byte[]> activeChannels(byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (Key k : channels.keySet()) {
            if (pattern == null || Glob.matches(pattern, k.bytes(), false)) out.add(k.bytes());
        }
        return out;
    }

    public int subscribers(byte[] channel) {
        Set<Client> s = channels.get(new Key(channel));
        return s == null ? 0 : s.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    public int channelCount() {
        return channels.size();
    }
}
