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
import java.util.Arrays;
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
    private boolean awaitingOwner;  // an unauthenticated client's command is running on the owner
    private List<byte[][]> batch = new ArrayList<>();

    ClientHandler(ServerContext ctx) {
        this.ctx = ctx;
        this.owner = ctx.owner();
        this.parser = new RequestParser(ctx.config.getLong("proto-max-bulk-len"));
    }

    @Override
    public void channelActive(ChannelHandlerContext ch) {
        ctx.stats.connectionsReceived.increment();
        if (!ctx.clients.reserve((int) Math.min(Integer.MAX_VALUE, ctx.config.getLong("maxclients")))) {
            ctx.stats.rejectedConnections.increment();
            ch.writeAndFlush(MAX_CLIENTS.duplicate()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        reserved = true;
        inline = ch.channel().eventLoop() == owner;
        onOwner(() -> {
            Client c = new Client(ctx.clients.nextId(), ch.channel(), ctx.keyspace.db(0));
            c.authenticated = !ctx.dispatcher.authRequired();
            c.beforeFlush = ctx::beforeReplies;
            c.stats = ctx.stats;
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
        if (cumulation.readableBytes() > ctx.queryBufferLimit()) {
            // Redis closes such a client without a reply.
            dropCumulation();
            reserved = false;
            ch.close();
            return;
        }
        drain(ch);
    }

    /**
     * Parses and runs what the buffer holds. An unauthenticated client gets one command at a
     * time, each parsed after the previous one ran, so the limits apply as in Redis.
     */
    private void drain(ChannelHandlerContext ch) {
        while (reserved && cumulation != null && !awaitingOwner) {
            boolean unauth = ctx.dispatcher.authRequired() && (client == null || !client.authenticated);
            boolean ok = parser.parse(cumulation, batch, unauth);
            if (!cumulation.isReadable()) dropCumulation(); else cumulation.discardSomeReadBytes();
            boolean ran = !batch.isEmpty();
            if (ran && inline) {
                // Run here, on the owner, before the next parse: the list can be used again,
                // unless a big pipeline grew it (an idle client should not keep that).
                run(batch);
                if (batch.size() > REUSED_BATCH) batch = new ArrayList<>(); else batch.clear();
            } else if (ran) {
                List<byte[][]> cmds = batch;
                batch = new ArrayList<>();
                if (unauth && ok && cumulation != null) {
                    // The rest waits until the owner ran this one and the auth state is known.
                    awaitingOwner = true;
                    owner.execute(() -> {
                        runAndFlush(cmds);
                        ch.executor().execute(() -> {
                            awaitingOwner = false;
                            drain(ch);
                        });
                    });
                    return;
                } else {
                    owner.execute(() -> runAndFlush(cmds));
                }
            }
            if (!ok) {
                protocolError();
                return;
            }
            if (!unauth || !ran) return;
        }
    }

    private void protocolError() {
        // Latin-1: the offending byte of "expected '$', got 'x'" goes out unchanged, as in Redis.
        byte[] err = ("-ERR Protocol error: " + parser.error() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        onOwner(() -> {
            // After QUIT Redis reads nothing more, so it never sees the bad bytes.
            if (!client.closeAfterReply) client.reply().raw(err);
            client.closeAfterReply = true;
            client.flush();
        });
        reserved = false;
        dropCumulation();
    }

    private void dropCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    private void runAndFlush(List<byte[][]> cmds) {
        run(cmds);
        client.flush();
        ctx.flushPending();
    }

    private void run(List<byte[][]> cmds) {
        Client c = client;
        for (int j = 0, n = cmds.size(); j < n; j++) {
            if (c.closeAfterReply || c.closed) break;
            if (n > 1 && j % PREFETCH_WINDOW == 0) prefetch(c, cmds, j, Math.min(n, j + PREFETCH_WINDOW));
            byte[][] argv = cmds.get(j);
            if (ctx.keyspace.blocking().isBlocked(c)) {
                // A blocked client's later pipelined commands wait, as in Redis.
                c.deferred().add(argv);
                continue;
            }
            ctx.dispatcher.process(c, argv);
        }
    }

    private static final int PREFETCH_WINDOW = 16;
    private static final int REUSED_BATCH = 64;
    private static int sink;
    private final byte[][] firstKeys = new byte[PREFETCH_WINDOW][];

    /**
     * A big keyspace makes each lookup a chain of cache misses; touching the keys of the next
     * commands of a pipelined batch first lets the CPU wait for those misses side by side
     * rather than one after the other. Most commands have their first key at argv[1]; for the
     * others this touches a few lines for nothing. A window at a time, so that what was
     * touched is still in the cache when its command runs.
     */
    private void prefetch(Client c, List<byte[][]> cmds, int from, int to) {
        int n = 0;
        for (int j = from; j < to; j++) {
            byte[][] argv = cmds.get(j);
            if (argv.length > 1) firstKeys[n++] = argv[1];
        }
        sink += c.db.touch(firstKeys, n);
        Arrays.fill(firstKeys, 0, n, null);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ch) {
        if (inline && client != null) {
            if (ctx.persistence.aofLogging()) {
                // Redis writes the AOF once per event-loop turn: the replies of every client
                // served in this turn wait for that one write (and fsync).
                ctx.flushAtEndOfLoop(client);
            } else {
                client.flush();
                ctx.flushPending();
            }
        }
        ch.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ch) {
        dropCumulation();
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
