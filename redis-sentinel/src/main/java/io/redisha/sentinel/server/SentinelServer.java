package io.redisha.sentinel.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.redisha.common.config.ArgSplitter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sentinel's RESP port. Connections live on the sentinel's single loop, so command handlers
 * read and change the sentinel state directly.
 */
public final class SentinelServer {
    private static final Logger log = LoggerFactory.getLogger("sentinel");

    private final EventLoopGroup group;
    private final BiConsumer<Conn, String[]> dispatcher;
    private final Map<Long, Conn> clients = new LinkedHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    private long nextId = 1;
    private boolean authRequired;
    public long totalConnections;
    public long totalCommands;

    public SentinelServer(EventLoopGroup group, BiConsumer<Conn, String[]> dispatcher) {
        this.group = group;
        this.dispatcher = dispatcher;
    }

    public void authRequired(boolean v) {
        this.authRequired = v;
    }

    public Map<Long, Conn> clients() {
        return clients;
    }

    public boolean isServing() {
        for (Channel c : listeners) if (c.isActive()) return true;
        return false;
    }

    public void listen(List<String> binds, int port) throws IOException {
        List<String> addrs = binds.isEmpty() ? List.of("*") : binds;
        for (String a : addrs) {
            boolean optional = a.startsWith("-");
            String host = optional ? a.substring(1) : a;
            if (host.equals("*")) host = "0.0.0.0";
            if (host.equals("::*")) host = "::";
            try {
                Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new RedisDecoder(true), new RedisBulkStringAggregator(),
                                        new RedisArrayAggregator(), new Handler());
                            }
                        }).bind(new InetSocketAddress(host, port)).sync().channel();
                listeners.add(ch);
            } catch (Exception e) {
                if (optional) continue;
                throw new IOException("Warning: Could not create server TCP listening socket " + host + ":" + port
                        + ": " + e.getMessage(), e);
            }
        }
    }

    public void close() {
        for (Channel c : listeners) c.close().awaitUninterruptibly();
        for (Conn c : new ArrayList<>(clients.values())) c.channel.close();
    }

    private final class Handler extends SimpleChannelInboundHandler<RedisMessage> {
        private Conn conn;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            conn = new Conn(nextId++, ctx.channel(), !authRequired);
            clients.put(conn.id, conn);
            totalConnections++;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (conn != null) clients.remove(conn.id);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RedisMessage msg) {
            String[] args = toArgs(msg);
            if (args == null || args.length == 0) return;
            conn.lastInteraction = System.currentTimeMillis();
            totalCommands++;
            try {
                dispatcher.accept(conn, args);
            } catch (RuntimeException e) {
                log.warn("Command {} failed: {}", args[0], e.toString());
                RespWriter w = conn.writer();
                w.error("ERR " + e.getMessage());
                conn.send(w);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof io.netty.handler.codec.DecoderException) {
                RespWriter w = conn.writer();
                w.error("ERR Protocol error: " + cause.getMessage());
                ctx.writeAndFlush(w.buffer()).addListener(f -> ctx.close());
                return;
            }
            ctx.close();
        }
    }

    static String[] toArgs(RedisMessage msg) {
        if (msg instanceof InlineCommandRedisMessage inline) {
            List<String> words = ArgSplitter.split(inline.content());
            return words == null ? null : words.toArray(new String[0]);
        }
        if (msg instanceof ArrayRedisMessage a) {
            String[] out = new String[a.children().size()];
            for (int i = 0; i < out.length; i++) {
                RedisMessage c = a.children().get(i);
                if (!(c instanceof FullBulkStringRedisMessage b) || b.isNull()) return null;
                out[i] = new String(ByteBufUtil.getBytes(b.content()), StandardCharsets.UTF_8);
            }
            return out;
        }
        return null;
    }
}
