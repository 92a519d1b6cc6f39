package io.redisha.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection: accumulates bytes, parses every complete command of a read into a batch,
 * runs the batch on the keyspace owner (inline when the connection lives on the owner's loop),
 * and flushes the replies once per batch.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private static final ByteBuf MAX_CLIENTS = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "-ERR max number of clients reached\r\n", StandardCharsets.US_ASCII));

    private final ServerContext ctx;
    private final EventLoop owner;
    private final RequestParser parser;
    private ByteBuf cumulation;
    private Client client;          // created and used on the owner thread
    private boolean reserved;
    private boolean inline;         // this channel's loop is the owner: no hand-over
    private List<byte[][]> batch = new ArrayList<>();

    ClientHandler(ServerContext ctx) {
        this.ctx = ctx;
        this.owner = ctx.owner();
        this.parser = new RequestParser(ctx.config.getLong("proto-max-bulk-len"));
    }

    @Override
    public void channelActive(ChannelHandlerContext ch) {
        ctx.stats.connectionsReceived.increment();
        if (!ctx.clients.reserve(ctx.config.getInt("maxclients"))) {
            ctx.stats.rejectedConnections.increment();
            ch.writeAndFlush(MAX_CLIENTS.duplicate()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        reserved = true;
        inline = ch.channel().eventLoop() == owner;
        onOwner(() -> {
            Client c = new Client(ctx.clients.nextId(), ch.channel(), ctx.keyspace.db(0));
            c.authenticated = !ctx.dispatcher.authRequired();
            ctx.clients.add(c);
            client = c;
        });
        ch.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ch, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (!reserved) {
            in.release();
            return;
        }
        ctx.stats.netInputBytes.add(in.readableBytes());
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ch.alloc(), cumulation, in);
        boolean authRequired = ctx.dispatcher.authRequired() && (client == null || !client.authenticated);
        boolean ok = parser.parse(cumulation, batch, authRequired);
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else if (cumulation.readableBytes() > ctx.config.getLong("client-query-buffer-limit")) {
            // Redis closes such a client without a reply.
            ch.close();
            return;
        } else {
            cumulation.discardSomeReadBytes();
        }
        if (!batch.isEmpty()) {
            List<byte[][]> cmds = batch;
            batch = new ArrayList<>();
            if (inline) run(cmds); else owner.execute(() -> {
                run(cmds);
                client.flush();
                ctx.flushPending();
            });
        }
        if (!ok) {
            String err = "-ERR Protocol error: " + parser.error() + "\r\n";
            onOwner(() -> {
                client.reply().raw(err.getBytes(StandardCharsets.UTF_8));
                client.closeAfterReply = true;
                client.flush();
            });
            reserved = false;
            if (cumulation != null) {
                cumulation.release();
                cumulation = null;
            }
        }
    }

    private void run(List<byte[][]> cmds) {
        Client c = client;
        for (byte[][] argv : cmds) {
            if (c.closeAfterReply || c.closed) break;
            if (ctx.keyspace.blocking().isBlocked(c)) {
                // A blocked client's later pipelined commands wait, as in Redis.
                c.deferred().add(argv);
                continue;
            }
            ctx.dispatcher.process(c, argv);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ch) {
        if (inline && client != null) {
            client.flush();
            ctx.flushPending();
        }
        ch.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ch) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (reserved || client != null) {
            ctx.clients.release();
            reserved = false;
            onOwner(() -> {
                if (client != null) ctx.clientClosed(client);
            });
        }
        ch.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ch, Throwable cause) {
        ch.close();
    }

    private void onOwner(Runnable r) {
        if (owner.inEventLoop()) r.run(); else owner.execute(r);
    }
}
