package io.redisha.sentinel.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Set;

/** One client of the sentinel's RESP port. */
public final class Conn {
    public final long id;
    public final Channel channel;
    public final long createdAt = System.currentTimeMillis();
    public long lastInteraction = createdAt;
    public String name = "";
    public String libName = "";
    public String libVer = "";
    public String lastCommand = "NULL";
    public boolean authenticated;
    public int protocol = 2;
    public final Set<String> channels = new LinkedHashSet<>();
    public final Set<String> patterns = new LinkedHashSet<>();

    public Conn(long id, Channel channel, boolean authenticated) {
        this.id = id;
        this.channel = channel;
        this.authenticated = authenticated;
    }

    public int subscriptions() {
        return channels.size() + patterns.size();
    }

    public String addr() {
        return format((InetSocketAddress) channel.remoteAddress());
    }

    public String laddr() {
        return format((InetSocketAddress) channel.localAddress());
    }

    private static String format(InetSocketAddress a) {
        if (a == null) return "";
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    public RespWriter writer() {
        return new RespWriter(channel.alloc(), protocol);
    }

    public void send(RespWriter w) {
        channel.writeAndFlush(w.buffer());
    }
}
