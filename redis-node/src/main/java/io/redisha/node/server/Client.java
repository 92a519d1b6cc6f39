package io.redisha.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.redisha.node.command.CommandSpec;
import io.redisha.node.keyspace.Database;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One connection's state as the keyspace owner sees it: selected db, auth, protocol, MULTI
 * queue, subscriptions, blocking. Only the owner thread touches it, except {@link #authenticated}
 * which the I/O thread reads to apply the unauthenticated request limits.
 */
public final class Client {
    private final long id;
    private final Channel channel;
    private final Reply reply;
    private final long createdAt = System.currentTimeMillis();

    public Database db;
    public volatile boolean authenticated;
    public String name;
    public String libName;
    public String libVersion;
    public String user = "default";
    public long lastInteraction = System.currentTimeMillis();
    public CommandSpec lastCommand;
    public byte[][] currentArgv;
    public boolean closeAfterReply;
    public boolean closed;
    /** Set for connections the server opens itself or that act as a master link. */
    public int flags;
    /** The link to this node's master: its commands are applied, never answered nor refused by gates. */
    public static final int FLAG_MASTER = 1;
    /** A replica of this node: its socket carries the replication stream. */
    public static final int FLAG_REPLICA = 2;

    // MULTI/EXEC
    public boolean inMulti;
    /** True while EXEC runs the queue: blocking commands must answer at once then. */
    public boolean inExec;
    public boolean multiDirty;       // a queue-time error: EXEC aborts
    public boolean watchDirty;       // a watched key changed: EXEC returns nil
    public List<QueuedCommand> multiQueue;
    public Set<io.redisha.node.keyspace.Key> watched;

    // Pub/sub
    public Set<io.redisha.node.keyspace.Key> channels;
    public Set<io.redisha.node.keyspace.Key> patterns;

    // Blocking
    public Object blocked;           // the blocking state, owned by keyspace.Blocking
    public boolean pendingFlush;
    /** What the running command propagates instead of itself (see Dispatcher.propagateAs). */
    public List<byte[][]> propagateAs;
    private List<byte[][]> deferred;
    /** Runs before a reply leaves (the AOF write of the batch: an answered write is logged first). */
    public Runnable beforeFlush;
    /** Where the bytes sent count for INFO's total_net_output_bytes; null for internal clients. */
    public ServerStats stats;

    public record QueuedCommand(CommandSpec spec, byte[][] argv) {}

    public Client(long id, Channel channel, Database db) {
        this.id = id;
        this.channel = channel;
        this.reply = new Reply(channel.alloc());
        this.db = db;
    }

    public long id() { return id; }
    public Channel channel() { return channel; }
    public Reply reply() { return reply; }
    public long createdAt() { return createdAt; }

    /** Commands pipelined behind a blocking command, run once it is served. */
    public List<byte[][]> deferred() {
        if (deferred == null) deferred = new ArrayList<>();
        return deferred;
    }

    public boolean hasDeferred() {
        return deferred != null && !deferred.isEmpty();
    }

    public int subscriptionCount() {
        return (channels == null ? 0 : channels.size()) + (patterns == null ? 0 : patterns.size());
    }

    /** RESP2 clients with subscriptions may only send (P)(UN)SUBSCRIBE, PING, QUIT, RESET. */
    public boolean inPubSubContext() {
        return reply.protocol() == 2 && subscriptionCount() > 0;
    }

    public void startMulti() {
        inMulti = true;
        multiDirty = false;
        if (multiQueue == null) multiQueue = new ArrayList<>(); else multiQueue.clear();
    }

    public void endMulti() {
        inMulti = false;
        multiDirty = false;
        if (multiQueue != null) multiQueue.clear();
    }

    public Set<io.redisha.node.keyspace.Key> watchedKeys() {
        if (watched == null) watched = new HashSet<>();
        return watched;
    }

    /** Sends what was written since the last flush. Called on the owner thread. */
    public void flush() {
        pendingFlush = false;
        ByteBuf b = reply.take();
        if (b == null) return;
        if (beforeFlush != null) beforeFlush.run();
        if (closed || !channel.isActive()) {
            b.release();
            return;
        }
        if (stats != null) stats.netOutputBytes.add(b.readableBytes());
        if (closeAfterReply) {
            channel.writeAndFlush(b).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        } else {
            // No future to complete and notify per reply; a failed write reaches exceptionCaught.
            channel.writeAndFlush(b, channel.voidPromise());
        }
    }

    /** Since when the output has been over its class's soft limit (0: it is not). */
    public long obufSoftLimitSince;

    /** Output held outside the reply buffer and the socket (a replica's stream during its sync). */
    public long heldOutput;

    /** Bytes of output handed over but not yet written to the socket (CLIENT LIST omem, output buffer limits). */
    public long outputBytes() {
        io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return heldOutput + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    public String address() {
        return format(channel.remoteAddress());
    }

    public String localAddress() {
        return format(channel.localAddress());
    }

    private static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return host + ":" + i.getPort();
        }
        return a == null ? "" : a.toString();
    }

    public boolean isUnixSocket() {
        return !(channel.remoteAddress() instanceof InetSocketAddress);
    }
}
