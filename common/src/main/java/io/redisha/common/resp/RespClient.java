package io.redisha.common.resp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An asynchronous RESP2 client on a caller-chosen Netty event loop: commands are pipelined and
 * answered in order through futures completed on that loop, so a single-threaded owner (the
 * sentinel, the admin) never needs locks. Replies are plain values: {@link String} (simple
 * string), {@code byte[]} (bulk), {@link Long}, {@link List}, {@link RespError}, or null.
 * Once subscribed, messages that no command waits for go to the push listener.
 */
public final class RespClient {
    private final Channel channel;
    private final ArrayDeque<CompletableFuture<Object>> pending = new ArrayDeque<>();
    private volatile Consumer<List<Object>> pushListener;
    private int subscriptions;

    private RespClient(Channel channel) {
        this.channel = channel;
    }

    /**
     * Connects on {@code loop}; the future completes (on the loop) with the client or fails.
     * {@code local} binds the source address when not null.
     */
    public static CompletableFuture<RespClient> connect(EventLoop loop, String host, int port,
                                                        SocketAddress local, int connectTimeoutMs) {
        CompletableFuture<RespClient> result = new CompletableFuture<>();
        RespClient[] holder = new RespClient[1];
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        holder[0] = new RespClient(ch);
                        ch.pipeline().addLast(new RedisDecoder(), new RedisBulkStringAggregator(),
                                new RedisArrayAggregator(), holder[0].new Handler());
                    }
                });
        InetSocketAddress remote = InetSocketAddress.createUnresolved(host, port);
        ChannelFuture f = local == null ? b.connect(new InetSocketAddress(host, port))
                : b.connect(new InetSocketAddress(host, port), local);
        f.addListener((ChannelFuture cf) -> {
            if (cf.isSuccess()) result.complete(holder[0]);
            else result.completeExceptionally(cf.cause() != null ? cf.cause()
                    : new IllegalStateException("connect to " + remote + " failed"));
        });
        return result;
    }

    public static CompletableFuture<RespClient> connect(EventLoop loop, String host, int port) {
        return connect(loop, host, port, null, 5000);
    }

    /** Sends one command; the future fails only when the connection is lost before the reply. */
    public CompletableFuture<Object> send(Object... args) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            write(args, f);
        } else {
            channel.eventLoop().execute(() -> write(args, f));
        }
        return f;
    }

    /** Sends a command whose reply (if any) is not awaited, e.g. PUBLISH fire-and-forget. */
    public void fire(Object... args) {
        send(args);
    }

    private void write(Object[] args, CompletableFuture<Object> f) {
        if (!channel.isActive()) {
            f.completeExceptionally(new IllegalStateException("connection closed"));
            return;
        }
        ByteBuf buf = channel.alloc().buffer();
        buf.writeByte('*').writeBytes(Integer.toString(args.length).getBytes(StandardCharsets.US_ASCII)).writeShort(0x0d0a);
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
            buf.writeByte('$').writeBytes(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII)).writeShort(0x0d0a);
            buf.writeBytes(b).writeShort(0x0d0a);
        }
        String name = String.valueOf(args[0] instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : args[0]);
        // (P)SUBSCRIBE confirmations arrive as pushes, one per channel: they answer no future.
        boolean sub = name.equalsIgnoreCase("subscribe") || name.equalsIgnoreCase("psubscribe");
        if (sub) {
            subscriptions += args.length - 1;
            f.complete("OK");
        } else {
            pending.add(f);
        }
        channel.writeAndFlush(buf);
    }

    /** Receives pub/sub messages ({@code message}, {@code pmessage}, confirmations) as lists. */
    public void onPush(Consumer<List<Object>> listener) {
        this.pushListener = listener;
    }

    /** Runs when the connection closes, for whatever reason. */
    public void onClose(Runnable r) {
        channel.closeFuture().addListener(x -> r.run());
    }

    public boolean isActive() {
        return channel.isActive();
    }

    public int pendingCount() {
        return pending.size();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public void close() {
        channel.close();
    }

    /** Text of a bulk or simple string reply, else null. */
    public static String text(Object reply) {
        if (reply instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (reply instanceof String s) return s;
        if (reply instanceof Long l) return l.toString();
        return null;
    }

    private final class Handler extends SimpleChannelInboundHandler<RedisMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RedisMessage msg) {
            Object v = convert(msg);
            if (subscriptions > 0 && v instanceof List<?> list && isPush(list)) {
                Consumer<List<Object>> l = pushListener;
                @SuppressWarnings("unchecked")
                List<Object> push = (List<Object>) list;
                if (l != null) l.accept(push);
                return;
            }
            CompletableFuture<Object> f = pending.poll();
            if (f != null) f.complete(v);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IllegalStateException closed = new IllegalStateException("connection closed");
            CompletableFuture<Object> f;
            while ((f = pending.poll()) != null) f.completeExceptionally(closed);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static boolean isPush(List<?> list) {
        if (list.isEmpty()) return false;
        String kind = text(list.get(0));
        return kind != null && switch (kind) {
            case "message", "pmessage", "subscribe", "psubscribe", "unsubscribe", "punsubscribe" -> true;
            default -> false;
        };
    }

    static Object convert(RedisMessage msg) {
        if (msg instanceof SimpleStringRedisMessage s) return s.content();
        if (msg instanceof ErrorRedisMessage e) return new RespError(e.content());
        if (msg instanceof IntegerRedisMessage i) return i.value();
        if (msg instanceof FullBulkStringRedisMessage b) {
            if (b.isNull()) return null;
            return ByteBufUtil.getBytes(b.content());
        }
        if (msg instanceof ArrayRedisMessage a) {
            if (a.isNull()) return null;
            List<Object> out = new ArrayList<>(a.children().size());
            for (RedisMessage c : a.children()) out.add(convert(c));
            return out;
        }
        return null;
    }
}
