package io.redisha.node.replication;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.redisha.node.control.Info;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.persistence.rdb.RdbReader;
import io.redisha.node.persistence.KeyspaceLoader;
import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The replica's half of replication: one connection to the master on the owner loop, the
 * handshake (PING, AUTH, REPLCONF, PSYNC), the snapshot transfer and load after FULLRESYNC,
 * then the stream, applied through the dispatcher as the master's client, with the offset
 * counted and acknowledged. A dropped link is retried every second.
 */
@ChannelHandler.Sharable
final class ReplicaLink extends ChannelInboundHandlerAdapter {
    enum State { CONNECT, CONNECTING, HANDSHAKE, TRANSFER, CONNECTED }

    private enum Step { PING, AUTH, PORT, IP, CAPA, PSYNC }

    final String host;
    final int port;
    private final Replication repl;
    private final ServerContext ctx;
    private State state = State.CONNECT;
    private Step step;
    private Channel channel;
    private ByteBuf in;
    private boolean stopped;
    private boolean everSynced;
    long lastIo = System.currentTimeMillis();
    long downSince;
    private long lastAttempt;
    private Client master;

    // Snapshot transfer.
    private String syncReplid;
    private long syncOffset;
    private byte[] eofMark;
    private long bulkLen = -2; // -2: header not read yet
    private ByteBuf payload;
    private ByteBuf held;
    private long received;
    private Path tmpFile;
    private FileChannel tmpOut;

    ReplicaLink(Replication repl, String host, int port) {
        this.repl = repl;
        this.ctx = repl.ctx;
        this.host = host;
        this.port = port;
    }

    boolean up() { return state == State.CONNECTED; }
    boolean syncing() { return state == State.TRANSFER; }
    boolean everSynced() { return everSynced; }

    /** The db the master's stream has selected; only while the link is up. */
    int streamDb() { return master.db.id(); }

    long readOffset() {
        return repl.offset + (state == State.CONNECTED && in != null ? in.readableBytes() : 0);
    }

    String roleState() {
        return switch (state) {
            case CONNECT -> "connect";
            case CONNECTING -> "connecting";
            case HANDSHAKE -> "handshake";
            case TRANSFER -> "sync";
            case CONNECTED -> "connected";
        };
    }

    void syncInfo(Info.Lines l, long now) {
        long read = received;
        l.add("master_sync_total_bytes", bulkLen >= 0 ? bulkLen : -1)
                .add("master_sync_read_bytes", read)
                .add("master_sync_left_bytes", bulkLen >= 0 ? bulkLen - read : -1)
                .add("master_sync_perc", bulkLen > 0 ? String.format(java.util.Locale.ROOT, "%.2f", read * 100.0 / bulkLen) : "0.00")
                .add("master_sync_last_io_seconds_ago", (now - lastIo) / 1000);
    }

    // ---- connection

    void connect() {
        if (stopped || state != State.CONNECT) return;
        state = State.CONNECTING;
        lastAttempt = System.currentTimeMillis();
        lastIo = lastAttempt;
        Bootstrap b = new Bootstrap().group(ctx.owner())
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, ctx.config.getLong("repl-timeout") * 1000))
                .handler(this);
        InetSocketAddress local = sourceAddress();
        ChannelFuture f = local == null ? b.connect(host, port) : b.connect(new InetSocketAddress(host, port), local);
        f.addListener((ChannelFuture cf) -> {
            if (cf.isSuccess()) return;
            if (local != null && !stopped && !(cf.cause() instanceof ConnectException)) {
                // As Redis's best-effort bind: a source address that cannot be used is dropped.
                // Only a failed bind: a master not listening yet must not make this replica
                // connect (and be listed by the master and its sentinels) from 127.0.0.1.
                b.connect(host, port).addListener((ChannelFuture again) -> {
                    if (!again.isSuccess()) connectFailed(again.cause());
                });
            } else {
                connectFailed(cf.cause());
            }
        });
    }

    private void connectFailed(Throwable cause) {
        if (stopped) return;
        Replication.log.warn("Error condition on socket for SYNC: {}", osError(cause));
        state = State.CONNECT;
    }

    /**
     * The system's words for a failed connect, as Redis logs them ("Connection refused"). Netty
     * words them "finishConnect(..) failed with error(-111): Connection refused" (epoll) or
     * "Connection refused: /127.0.0.1:6379" (NIO).
     */
    static String osError(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        if (m == null) return "connection failed";
        return NETTY_WORDS.matcher(m).replaceAll("");
    }

    private static final Pattern NETTY_WORDS = Pattern.compile("^.*failed with error\\(-?\\d+\\): |: /\\S*$");

    /** The node's first bind address, so the master sees the address this node serves on. */
    private InetSocketAddress sourceAddress() {
        for (String a : ctx.config.getList("bind")) {
            String h = a.startsWith("-") ? a.substring(1) : a;
            if (h.equals("*") || h.equals("::*") || h.equals("0.0.0.0") || h.contains(":")) return null;
            return new InetSocketAddress(h, 0);
        }
        return null;
    }

    /** REPLICAOF elsewhere or NO ONE: closes the link for good, keeping the data. */
    void stop() {
        stopped = true;
        if (channel != null) channel.close();
        if (state == State.CONNECTED) {
            repl.canPsync = true;
            repl.masterDb = master.db.id();
        }
        releaseTransfer();
        state = State.CONNECT;
    }

    @Override
    public void channelActive(ChannelHandlerContext ch) {
        if (stopped) {
            ch.close();
            return;
        }
        channel = ch.channel();
        Replication.log.info("MASTER <-> REPLICA sync started");
        state = State.HANDSHAKE;
        lastIo = System.currentTimeMillis();
        step = Step.PING;
        send("PING");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ch) {
        if (ch.channel() != channel) return;
        if (in != null) {
            in.release();
            in = null;
        }
        releaseTransfer();
        channel = null;
        if (master != null) ctx.clientClosed(master);
        if (stopped) return;
        if (state == State.CONNECTED) {
            Replication.log.info("Connection with master lost.");
            repl.canPsync = true;
            repl.masterDb = master.db.id();
            downSince = System.currentTimeMillis();
        }
        master = null;
        state = State.CONNECT;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ch, Throwable cause) {
        Replication.log.warn("Replication link error: {}", cause.toString());
        ch.close();
    }

    private void send(String... args) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(Resp.command(args)));
    }

    void sendAck() {
        if (state == State.CONNECTED && channel != null) send("REPLCONF", "ACK", Long.toString(repl.offset));
    }

    void cronSecond(long now) {
        long timeout = ctx.config.getLong("repl-timeout") * 1000;
        if (state == State.CONNECT) {
            if (now - lastAttempt >= 1000) connect();
            return;
        }
        if (now - lastIo > timeout && channel != null) {
            Replication.log.warn(state == State.CONNECTED ? "MASTER timeout: no data nor PING received..."
                    : "Timeout connecting to the MASTER...");
            channel.close();
            return;
        }
        sendAck();
    }

    // ---- input

    @Override
    public void channelRead(ChannelHandlerContext ch, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (stopped || ch.channel() != channel) {
            buf.release();
            return;
        }
        lastIo = System.currentTimeMillis();
        in = in == null ? buf : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ch.alloc(), in, buf);
        try {
            drain();
        } catch (RuntimeException | IOException e) {
            Replication.log.warn("Replication error, dropping the link with the master: {}", e.toString());
            ch.close();
        }
        if (in != null) {
            if (!in.isReadable()) {
                in.release();
                in = null;
            } else {
                in.discardSomeReadBytes();
            }
        }
        ctx.flushPending();
    }

    private void drain() throws IOException {
        while (in != null && in.isReadable() && channel != null && channel.isOpen()) {
            switch (state) {
                case HANDSHAKE -> {
                    String line = line();
                    if (line == null) return;
                    if (!line.isEmpty()) handshakeReply(line);
                }
                case TRANSFER -> {
                    if (!transfer()) return;
                }
                case CONNECTED -> {
                    if (!applyStream()) return;
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** One reply line without its CRLF; "" for a keep-alive newline; null when incomplete. */
    private String line() {
        int p = in.readerIndex();
        if (in.getByte(p) == '\n') {
            in.readerIndex(p + 1);
            return "";
        }
        int eol = Resp.lineEnd(in, p);
        if (eol < 0) return null;
        String s = in.toString(p, eol - p, StandardCharsets.UTF_8);
        in.readerIndex(eol + 2);
        return s;
    }

    private void handshakeReply(String line) {
        switch (step) {
            case PING -> {
                if (line.startsWith("-") && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM")
                        && !line.startsWith("-ERR operation not permitted")) {
                    fail("Error reply to PING from master: '" + line + "'");
                    return;
                }
                String pass = ctx.config.get("masterauth");
                if (!pass.isEmpty()) {
                    step = Step.AUTH;
                    String user = ctx.config.get("masteruser");
                    if (user.isEmpty()) send("AUTH", pass); else send("AUTH", user, pass);
                    return;
                }
                sendPort();
            }
            case AUTH -> {
                if (line.startsWith("-")) {
                    fail("Unable to AUTH to MASTER: " + line);
                    return;
                }
                sendPort();
            }
            case PORT -> {
                String ip = ctx.config.get("replica-announce-ip");
                if (!ip.isEmpty()) {
                    step = Step.IP;
                    send("REPLCONF", "ip-address", ip);
                } else {
                    sendCapa();
                }
            }
            case IP -> sendCapa();
            case CAPA -> sendPsync();
            case PSYNC -> psyncReply(line);
        }
    }

    private void sendPort() {
        step = Step.PORT;
        int announce = ctx.config.getInt("replica-announce-port");
        send("REPLCONF", "listening-port", Integer.toString(announce != 0 ? announce : ctx.config.getInt("port")));
    }

    private void sendCapa() {
        step = Step.CAPA;
        send("REPLCONF", "capa", "eof", "capa", "psync2");
    }

    private void sendPsync() {
        step = Step.PSYNC;
        if (repl.canPsync) {
            Replication.log.info("Trying a partial resynchronization (request {}:{}).", repl.replid, repl.offset + 1);
            if (repl.failover.inProgress()) {
                // Our FAILOVER: the target takes over as master when it sees our own history.
                send("PSYNC", repl.replid, Long.toString(repl.offset + 1), "FAILOVER");
            } else {
                send("PSYNC", repl.replid, Long.toString(repl.offset + 1));
            }
        } else {
            Replication.log.info("Partial resynchronization not possible (no cached master)");
            send("PSYNC", "?", "-1");
        }
    }

    private void psyncReply(String line) {
        if (line.startsWith("+FULLRESYNC")) {
            String[] w = line.split(" ");
            if (w.length < 3) {
                fail("Bad FULLRESYNC reply: " + line);
                return;
            }
            syncReplid = w[1];
            syncOffset = Long.parseLong(w[2]);
            repl.failover.accepted();
            Replication.log.info("Full resync from master: {}:{}", syncReplid, syncOffset);
            state = State.TRANSFER;
            bulkLen = -2;
            eofMark = null;
            return;
        }
        if (line.startsWith("+CONTINUE")) {
            String newId = line.length() > 10 ? line.substring(10).trim() : "";
            if (!newId.isEmpty() && !newId.equals(repl.replid)) {
                // The master's history continues ours under a new id: remember the old one (PSYNC2).
                repl.replid2 = repl.replid;
                repl.secondOffset = repl.offset + 1;
                repl.replid = newId;
                Replication.log.info("Master replication ID changed to {}", newId);
                repl.master.disconnectReplicas();
            }
            Replication.log.info("Successful partial resynchronization with master.");
            repl.failover.accepted();
            repl.createBacklog();
            online(repl.masterDb);
            return;
        }
        if (repl.failover.inProgress()) {
            Replication.log.warn("Unexpected reply to PSYNC from master: {}", line);
            repl.failover.rejected();
            return;
        }
        fail("Unexpected reply to PSYNC from master: " + line);
    }

    private void fail(String why) {
        Replication.log.warn(why);
        channel.close();
    }

    private void online(int db) {
        master = new Client(ctx.clients.nextId(), channel, ctx.keyspace.db(Math.min(db, ctx.keyspace.databases() - 1)));
        master.flags |= Client.FLAG_MASTER;
        master.authenticated = true;
        // Listed by CLIENT LIST (flag M) and killed by CLIENT KILL TYPE master, as in Redis.
        ctx.clients.add(master);
        state = State.CONNECTED;
        everSynced = true;
        Replication.log.info("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization or finished loading.");
        sendAck();
    }

    // ---- snapshot transfer

    /** Reads the snapshot; true once it is loaded (the stream follows). */
    private boolean transfer() throws IOException {
        if (bulkLen == -2) {
            String header = line();
            if (header == null) return false;
            if (header.isEmpty()) return true; // keep-alive while the master prepares the snapshot
            if (header.startsWith("-")) {
                fail("MASTER aborted replication with an error: " + header);
                return false;
            }
            if (!header.startsWith("$")) {
                fail("Bad protocol from MASTER, the first byte is not '$' (we received '" + header + "')");
                return false;
            }
            startTransfer(header);
            return true;
        }
        if (eofMark == null) {
            int n = (int) Math.min(in.readableBytes(), bulkLen - received);
            store(in, n);
            if (received < bulkLen) return false;
        } else {
            // The last bytes read may be the start of the mark: they wait in "held" until known.
            int copied = in.readableBytes();
            held.writeBytes(in);
            int at = indexOf(held, held.readerIndex(), eofMark);
            if (at < 0) {
                store(held, Math.max(0, held.readableBytes() - eofMark.length));
                held.discardReadBytes();
                return false;
            }
            store(held, at - held.readerIndex());
            // Whatever followed the mark is already the stream: it goes back to the input.
            int after = held.writerIndex() - (at + eofMark.length);
            in.readerIndex(in.readerIndex() - Math.min(after, copied));
        }
        load();
        return true;
    }

    /**
     * repl-diskless-load: "disabled" writes the payload to a temp file in dir (then the dump
     * file) and loads it from there; "swapdb", and "on-empty-db" while the dataset is empty,
     * load it from memory as it came from the socket.
     */
    private void startTransfer(String header) throws IOException {
        String mode = ctx.config.get("repl-diskless-load");
        boolean toDisk = mode.equals("disabled") || (mode.equals("on-empty-db") && ctx.keyspace.totalKeys() > 0);
        String target = toDisk ? "disk" : "parser";
        received = 0;
        if (header.startsWith("$EOF:")) {
            eofMark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
            bulkLen = -1;
            held = Unpooled.buffer(256);
            Replication.log.info("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to {}", target);
        } else {
            bulkLen = Long.parseLong(header.substring(1));
            Replication.log.info("MASTER <-> REPLICA sync: receiving {} bytes from master to {}", bulkLen, target);
        }
        if (toDisk) {
            Path dir = Path.of(ctx.config.get("dir"));
            tmpFile = dir.resolve("temp-" + System.currentTimeMillis() / 1000 + "." + ProcessHandle.current().pid() + ".rdb");
            tmpOut = FileChannel.open(tmpFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            payload = Unpooled.buffer(bulkLen > 0 ? (int) Math.min(bulkLen, 1 << 26) : 1 << 16);
        }
    }

    /** Moves {@code n} bytes of the transfer from {@code src} to the temp file or the memory buffer. */
    private void store(ByteBuf src, int n) throws IOException {
        if (n <= 0) return;
        if (tmpOut != null) {
            int left = n;
            while (left > 0) left -= src.readBytes(tmpOut, left);
        } else {
            payload.writeBytes(src, n);
        }
        received += n;
    }

    private void load() throws IOException {
        Path file = null;
        if (tmpOut != null) {
            tmpOut.force(true);
            tmpOut.close();
            tmpOut = null;
            // As Redis: the master's snapshot becomes this node's dump file, then it is loaded.
            file = Path.of(ctx.config.get("dir")).resolve(ctx.config.get("dbfilename"));
            Files.move(tmpFile, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmpFile = null;
        }
        Replication.log.info("MASTER <-> REPLICA sync: Flushing old data");
        Keyspace ks = ctx.keyspace;
        for (int i = 0; i < ks.databases(); i++) ks.db(i).flush();
        ks.addDirty(1);
        // A replica keeps keys that are already expired: the master's DEL removes them.
        KeyspaceLoader sink = new KeyspaceLoader(ks, "the master's RDB", false);
        Replication.log.info("MASTER <-> REPLICA sync: Loading DB in memory");
        RdbReader reader = RdbReader.forKeyspace().verifyChecksum(ctx.config.getBool("rdbchecksum"));
        try {
            if (file != null) {
                reader.read(file, sink);
            } else {
                try (ByteBufInputStream s = new ByteBufInputStream(payload)) {
                    reader.read(s, sink);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < ks.databases(); i++) ks.db(i).flush();
            throw new IOException("Failed trying to load the MASTER synchronization DB from "
                    + (file != null ? "disk" : "socket") + ": " + e.getMessage(), e);
        } finally {
            releaseTransfer();
        }
        repl.replid = syncReplid;
        repl.replid2 = Replication.ZERO_ID;
        repl.secondOffset = -1;
        repl.offset = syncOffset;
        repl.backlog = null;
        repl.createBacklog();
        // Our own replicas hold another history now: they must sync again.
        repl.master.disconnectReplicas();
        Replication.log.info("MASTER <-> REPLICA sync: Finished with success");
        online(sink.streamDb() < 0 ? 0 : sink.streamDb());
    }

    private static int indexOf(ByteBuf buf, int from, byte[] mark) {
        int last = buf.writerIndex() - mark.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (buf.getByte(i + j) != mark[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private void releaseTransfer() {
        if (payload != null) {
            payload.release();
            payload = null;
        }
        if (held != null) {
            held.release();
            held = null;
        }
        if (tmpOut != null) {
            try {
                tmpOut.close();
            } catch (IOException ignored) {
                // the file goes anyway
            }
            tmpOut = null;
        }
        if (tmpFile != null) {
            try {
                Files.deleteIfExists(tmpFile);
            } catch (IOException ignored) {
                // a stale temp file is harmless
            }
            tmpFile = null;
        }
        bulkLen = -2;
        received = 0;
    }

    // ---- the stream

    /** Applies one command of the stream; false when it has not fully arrived. */
    private boolean applyStream() {
        int start = in.readerIndex();
        byte[][] argv = Resp.next(in);
        if (argv == null) return false;
        int end = in.readerIndex();
        byte[] raw = new byte[end - start];
        in.getBytes(start, raw);
        if (argv.length > 0) {
            if (argv.length >= 2 && is(argv[0], "replconf") && is(argv[1], "getack")) {
                sendAck();
            } else {
                repl.applyingMaster = true;
                // The master's commands see keys whose time passed as alive and keep past
                // expiry times, as Redis's master client does: its DEL removes them.
                boolean wasLoading = ctx.keyspace.loading();
                ctx.keyspace.loading(true);
                try {
                    ctx.dispatcher.process(master, argv);
                } finally {
                    ctx.keyspace.loading(wasLoading);
                    repl.applyingMaster = false;
                }
                ByteBuf discarded = master.reply().take();
                if (discarded != null) discarded.release();
            }
        }
        // What we applied reaches our own replicas byte for byte, and counts in our offset.
        repl.feed(raw);
        return true;
    }

    private static boolean is(byte[] a, String lower) {
        return new String(a, StandardCharsets.US_ASCII).equalsIgnoreCase(lower);
    }
}
