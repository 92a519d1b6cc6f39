package io.redisha.node.server;

import io.netty.channel.EventLoop;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.Dispatcher;
import io.redisha.node.config.ConfigParam;
import io.redisha.node.config.NodeConfig;
import io.redisha.node.control.Info;
import io.redisha.node.keyspace.Blocking;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.persistence.Persistence;
import io.redisha.node.pubsub.PubSub;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What command families need of the running node: config, keyspace, command table, clients,
 * pub/sub, counters, and the owner thread on which all of it is touched.
 */
public final class ServerContext {
    public static final String REDIS_VERSION = "7.0.15";

    public final NodeConfig config;
    public final Keyspace keyspace;
    public final CommandTable table;
    public final Dispatcher dispatcher;
    public final ClientRegistry clients = new ClientRegistry();
    public final ServerStats stats = new ServerStats();
    public final PubSub pubsub = new PubSub(this);
    public final Info info = new Info();
    public final Persistence persistence;
    public final io.redisha.node.replication.Replication replication;
    public final String runId;
    public final long startTimeMillis = System.currentTimeMillis();
    private final List<Client> pendingFlush = new ArrayList<>();
    private EventLoop owner;
    private Runnable shutdownHandler = () -> {};
    private volatile boolean shutdownPrepared;
    private volatile boolean serving;
    // Read on every socket read, so resolved once instead of looked up by name each time.
    private final ConfigParam queryBufferLimit;

    public ServerContext(NodeConfig config) {
        this.config = config;
        this.keyspace = new Keyspace(config.getInt("databases"));
        this.table = new CommandTable();
        this.dispatcher = new Dispatcher(table, keyspace);
        this.dispatcher.requirePass(config.get("requirepass"));
        config.param("requirepass").onChange(() -> dispatcher.requirePass(config.get("requirepass")));
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.queryBufferLimit = config.param("client-query-buffer-limit");
        keyspace.blocking().onBlock(this::armBlockTimeout);
        dispatcher.onUnblocked(this::resumeDeferred);
        this.persistence = new Persistence(this);
        this.replication = new io.redisha.node.replication.Replication(this);
    }

    /** client-query-buffer-limit, as it is now. */
    public long queryBufferLimit() {
        return queryBufferLimit.asLong();
    }

    private final List<java.util.function.Consumer<Client>> closeListeners = new ArrayList<>();

    /** Hears every client that goes away (a replica's link, a client waiting in WAIT). */
    public void onClientClosed(java.util.function.Consumer<Client> l) { closeListeners.add(l); }

    private void armBlockTimeout(Client c, Blocking.State state) {
        long delay = Math.max(0, state.deadline() - System.currentTimeMillis());
        state.timer(owner.schedule(() -> {
            if (c.blocked != state) return;
            keyspace.blocking().unblock(c);
            if (state.onTimeout() == Blocking.OnTimeout.NULL_BULK) c.reply().nullBulk(); else c.reply().nullArray();
            resumeDeferred(c);
            flushPending();
        }, delay, TimeUnit.MILLISECONDS));
    }

    public EventLoop owner() { return owner; }
    void owner(EventLoop loop) { owner = loop; }

    public boolean serving() { return serving; }
    void serving(boolean s) { serving = s; }

    /** Asks the application to shut down (SHUTDOWN, SIGTERM); the handler saves and exits. */
    public void onShutdown(Runnable r) { shutdownHandler = r; }
    public void requestShutdown() { shutdownHandler.run(); }

    /** Set once SHUTDOWN wrote what it had to, so the exit path does not write it again. */
    public boolean shutdownPrepared() { return shutdownPrepared; }
    public void shutdownPrepared(boolean b) { shutdownPrepared = b; }

    /** Queues a client that got output outside its own request (pub/sub message, unblocked). */
    public void flushLater(Client c) {
        if (!c.pendingFlush) {
            c.pendingFlush = true;
            pendingFlush.add(c);
        }
    }

    private boolean endOfLoopFlushQueued;

    /** Flushes the client after the I/O of this event-loop turn, with everyone else's replies. */
    public void flushAtEndOfLoop(Client c) {
        flushLater(c);
        if (!endOfLoopFlushQueued) {
            endOfLoopFlushQueued = true;
            owner.execute(() -> {
                endOfLoopFlushQueued = false;
                flushPending();
            });
        }
    }

    /** Runs before replies leave: what the commands wrote to the AOF buffer reaches the file first. */
    public void beforeReplies() {
        persistence.beforeReplies();
    }

    public void flushPending() {
        if (pendingFlush.isEmpty()) return;
        for (Client c : pendingFlush) c.flush();
        pendingFlush.clear();
    }

    /** Runs commands that were pipelined behind a blocking command, now that it was served. */
    public void resumeDeferred(Client c) {
        while (c.hasDeferred() && !keyspace.blocking().isBlocked(c) && !c.closed && !c.closeAfterReply) {
            byte[][] argv = c.deferred().remove(0);
            dispatcher.process(c, argv);
        }
        flushLater(c);
    }

    /** Forgets a closed client everywhere it may be referenced. Owner thread. */
    public void clientClosed(Client c) {
        if (c.closed) return;
        c.closed = true;
        keyspace.watches().unwatchAll(c);
        keyspace.blocking().unblock(c);
        pubsub.unsubscribeAll(c);
        clients.remove(c);
        for (java.util.function.Consumer<Client> l : closeListeners) l.accept(c);
        c.reply().release();
    }

    public long uptimeSeconds() {
        return (System.currentTimeMillis() - startTimeMillis) / 1000;
    }
}
