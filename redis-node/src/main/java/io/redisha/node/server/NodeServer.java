package io.redisha.node.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side: listeners on every bind address (and the unix socket), the keyspace owner
 * loop, and optional extra I/O loops ({@code io-threads} > 1) that parse and hand batches over.
 */
public final class NodeServer {
    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);

    private final ServerContext ctx;
    private EventLoopGroup ownerGroup;
    private EventLoopGroup ioGroup;
    private EventLoopGroup acceptGroup;
    private final List<Channel> listeners = new ArrayList<>();

    public NodeServer(ServerContext ctx) {
        this.ctx = ctx;
    }

    public ServerContext context() {
        return ctx;
    }

    private static IoHandlerFactory ioFactory() {
        return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** Creates the owner loop; commands can be registered and run on it before {@link #listen()}. */
    public void startOwner() {
        ownerGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("keyspace"), ioFactory());
        ctx.owner(ownerGroup.next());
        int ioThreads = ctx.config.getInt("io-threads");
        ioGroup = ioThreads > 1
                ? new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("io"), ioFactory())
                : ownerGroup;
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("accept"), ioFactory());
    }

    /** Binds every listener; throws with Redis's wording when an address cannot be bound. */
    public void listen() throws IOException {
        int port = ctx.config.getInt("port");
        if (port != 0) {
            for (String addr : ctx.config.getList("bind")) {
                boolean optional = addr.startsWith("-");
                String host = optional ? addr.substring(1) : addr;
                if (host.equals("*")) host = "0.0.0.0";
                if (host.equals("::*")) host = "::";
                try {
                    listeners.add(bootstrap(tcpChannel()).bind(new InetSocketAddress(host, port)).sync().channel());
                    log.info("Listening on {}:{}", host, port);
                } catch (Exception e) {
                    if (optional) continue;
                    throw new IOException("Could not create server TCP listening socket " + host + ":" + port
                            + ": " + e.getMessage(), e);
                }
            }
        }
        String unix = ctx.config.get("unixsocket");
        if (!unix.isEmpty()) {
            if (!Epoll.isAvailable()) throw new IOException("unixsocket needs the native epoll transport");
            Path path = Path.of(unix);
            Files.deleteIfExists(path);
            try {
                listeners.add(bootstrap(EpollServerDomainSocketChannel.class)
                        .bind(new DomainSocketAddress(path.toString())).sync().channel());
            } catch (Exception e) {
                throw new IOException("Failed opening Unix socket: " + e.getMessage(), e);
            }
            String perm = ctx.config.get("unixsocketperm");
            if (!perm.equals("0")) Files.setPosixFilePermissions(path, permissions(Integer.parseInt(perm, 8)));
            log.info("The server is now ready to accept connections at {}", unix);
        }
        ctx.serving(true);
    }

    private static Class<? extends ServerChannel> tcpChannel() {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> type) {
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 511)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ClientHandler(ctx));
                    }
                });
        if (type != EpollServerDomainSocketChannel.class) {
            b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
            int keepalive = ctx.config.getInt("tcp-keepalive");
            if (keepalive > 0) {
                b.childOption(ChannelOption.SO_KEEPALIVE, true);
                if (Epoll.isAvailable()) {
                    b.childOption(EpollChannelOption.TCP_KEEPIDLE, keepalive)
                            .childOption(EpollChannelOption.TCP_KEEPINTVL, Math.max(1, keepalive / 3))
                            .childOption(EpollChannelOption.TCP_KEEPCNT, 3);
                }
            }
        }
        return b;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) s.add(order[i]);
        }
        return s;
    }

    /** Stops accepting and closes every connection. */
    public void stopListening() {
        ctx.serving(false);
        for (Channel ch : listeners) ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        listeners.clear();
        String unix = ctx.config.get("unixsocket");
        if (!unix.isEmpty()) {
            try {
                Files.deleteIfExists(Path.of(unix));
            } catch (IOException ignored) {
                // nothing to clean
            }
        }
    }

    public void shutdown() {
        stopListening();
        if (acceptGroup != null) acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (ioGroup != null && ioGroup != ownerGroup) ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (ownerGroup != null) ownerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    public boolean isServing() {
        if (!ctx.serving()) return false;
        for (Channel ch : listeners) {
            if (!ch.isActive()) return false;
        }
        return !listeners.isEmpty();
    }
}
