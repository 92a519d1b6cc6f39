package io.redisha.node;

import io.redisha.common.process.Daemon;
import io.redisha.node.command.Commands;
import io.redisha.node.config.NodeConfig;
import io.redisha.node.server.NodeServer;
import io.redisha.node.server.ServerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The node's lifecycle inside Spring: builds the server context, binds the listeners, runs the
 * periodic jobs (serverCron) on the owner thread, and shuts down cleanly on SHUTDOWN or SIGTERM.
 */
@Component
public class NodeRuntime implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger("redis");

    private final NodeConfig config;
    private final ServerContext ctx;
    private final NodeServer server;
    private final ApplicationContext app;
    private volatile boolean running;

    public NodeRuntime(NodeConfig config, ApplicationContext app) {
        this.config = config;
        this.app = app;
        this.ctx = new ServerContext(config);
        Commands.registerAll(ctx);
        this.server = new NodeServer(ctx);
    }

    public ServerContext context() { return ctx; }
    public NodeServer server() { return server; }

    @Override
    public void start() {
        log.info("oO0OoO0OoO0Oo Redis-compatible node is starting oO0OoO0OoO0Oo");
        log.info("Redis version={}, bits=64, pid={}, just started", ServerContext.REDIS_VERSION, ProcessHandle.current().pid());
        if (config.configFile() != null) log.info("Configuration loaded from {}", config.configFile());
        server.startOwner();
        ctx.onShutdown(this::shutdownFromCommand);
        loadData();
        try {
            server.listen();
        } catch (IOException e) {
            log.error("{}", e.getMessage());
            server.shutdown();
            throw new IllegalStateException(e.getMessage(), e);
        }
        writePidFile();
        ctx.owner().execute(ctx.replication::start);
        long period = Math.max(1, 1000 / config.getInt("hz"));
        ctx.owner().scheduleAtFixedRate(new ServerCron(ctx), period, period, TimeUnit.MILLISECONDS);
        running = true;
        log.info("Ready to accept connections tcp");
    }

    /** Loads the dataset on the owner thread before any client can connect. */
    private void loadData() {
        try {
            ctx.owner().submit(() -> {
                ctx.persistence.load();
                return null;
            }).get();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.error("{}", cause.getMessage());
            server.shutdown();
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private void writePidFile() {
        try {
            Daemon.writePidFile(config.get("pidfile"));
        } catch (IOException e) {
            log.warn("Failed to write PID file: {}", e.getMessage());
        }
    }

    private void shutdownFromCommand() {
        Thread t = new Thread(() -> System.exit(SpringApplication.exit(app, () -> 0)), "shutdown");
        t.start();
    }

    @Override
    public void stop() {
        if (!running) return;
        running = false;
        log.info("User requested shutdown...");
        if (!ctx.shutdownPrepared()) {
            // SIGTERM: write what SHUTDOWN would have written.
            try {
                ctx.owner().submit(() -> ctx.persistence.prepareForShutdown(false, false)).get();
            } catch (Exception e) {
                log.warn("Error preparing for shutdown: {}", e.getMessage());
            }
        }
        server.shutdown();
        String pidfile = config.get("pidfile");
        if (!pidfile.isEmpty()) {
            try {
                Files.deleteIfExists(Path.of(pidfile));
                log.info("Removing the pid file.");
            } catch (IOException ignored) {
                // already gone
            }
        }
        log.info("Redis is now ready to exit, bye bye...");
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
