package io.redisha.sentinel;

import io.redisha.common.process.Daemon;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.redisha.sentinel.api.Api;
import io.redisha.sentinel.config.SentinelConfig;
import io.redisha.sentinel.failover.Failover;
import io.redisha.sentinel.monitor.Instance;
import io.redisha.sentinel.monitor.Monitor;
import io.redisha.sentinel.monitor.Sentinel;
import io.redisha.sentinel.server.SentinelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The sentinel's lifecycle inside Spring: one event-loop thread owns the sentinel state, serves
 * the RESP port and runs the outgoing links and the 100 ms timer.
 */
@Component
public class SentinelRuntime implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger("sentinel");
    static final long TICK_MS = 100;

    private final SentinelConfig config;
    private final ApplicationContext app;
    private EventLoopGroup group;
    private EventLoop loop;
    private Sentinel sentinel;
    private Monitor monitor;
    private SentinelServer server;
    private volatile boolean running;

    public SentinelRuntime(SentinelConfig config, ApplicationContext app) {
        this.config = config;
        this.app = app;
    }

    @Override
    public void start() {
        log.warn("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        log.warn("Redis version={}, bits=64, commit=00000000, modified=0, pid={}, just started", "7.0.15",
                ProcessHandle.current().pid());
        log.warn("Configuration loaded");
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sentinel"), NioIoHandler.newFactory());
        loop = group.next();
        try {
            onLoop(() -> {
                sentinel = new Sentinel(config, loop);
                monitor = new Monitor(sentinel);
                monitor.failover(new Failover(sentinel, monitor));
                Api api = new Api(sentinel, monitor);
                server = new SentinelServer(group, api::dispatch);
                server.authRequired(config.requirepass != null);
                api.server(server);
                api.onShutdown(this::shutdownFromCommand);
                monitor.load();
                return null;
            });
            server.listen(config.bind, config.port);
        } catch (IOException e) {
            log.warn("{}", e.getMessage());
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException(e.getMessage(), e);
        }
        log.info("Running mode=sentinel, port={}.", config.port);
        onLoop(() -> {
            sentinel.flushConfig();
            log.info("Sentinel new configuration saved on disk");
            log.warn("Sentinel ID is {}", sentinel.myid);
            for (Instance m : sentinel.masters.values()) sentinel.events.warn("+monitor", m, "quorum " + m.quorum);
            return null;
        });
        writePidFile();
        loop.scheduleAtFixedRate(() -> {
            try {
                monitor.tick();
            } catch (RuntimeException e) {
                log.warn("Sentinel timer failed: {}", e.toString(), e);
            }
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Runs on the owner loop and waits: for start-up and for the health endpoint. */
    public <T> T onLoop(Callable<T> work) {
        try {
            return loop.submit(work).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(c.getMessage(), c);
        }
    }

    public Sentinel sentinel() { return sentinel; }
    public SentinelServer server() { return server; }

    private void writePidFile() {
        try {
            Daemon.writePidFile(config.pidfile);
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
        log.warn("User requested shutdown...");
        try {
            onLoop(() -> {
                sentinel.flushConfig();
                server.close();
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Error while shutting down: {}", e.getMessage());
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (!config.pidfile.isEmpty()) {
            try {
                Files.deleteIfExists(Path.of(config.pidfile));
            } catch (IOException ignored) {
                // already gone
            }
        }
        log.warn("Sentinel is now ready to exit, bye bye...");
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
