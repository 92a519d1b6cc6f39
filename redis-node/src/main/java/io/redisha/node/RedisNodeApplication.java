package io.redisha.node;

import io.redisha.common.process.Daemon;

import io.redisha.common.config.ConfigException;
import io.redisha.common.config.ConfigFile;
import io.redisha.common.config.ConfigLine;
import io.redisha.node.config.NodeConfig;
import io.redisha.node.replication.Replication;
import io.redisha.node.server.ServerContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts a node the way redis-server starts: {@code redis-node [config-file] [--key value ...]}.
 * The Redis-style arguments are read here, before Spring, so a bad line fails as Redis fails;
 * Spring then wires the node, the management port and its health.
 */
@SpringBootApplication
public class RedisNodeApplication {

    /**
     * Netty's leak detector, on by default, records a stack trace for one buffer in 128: at two
     * buffers a request that is a measurable share of a request's CPU and an occasional slow
     * reply. It stays available with -Dio.netty.leakDetection.level=...
     */
    private static void quietLeakDetector() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    public static void main(String[] args) {
        NodeConfig config;
        try {
            config = parseArguments(args);
        } catch (ConfigException e) {
            System.err.print(e.fatalReport(ServerContext.REDIS_VERSION));
            System.exit(1);
            return;
        }
        Replication.logRole(!config.get("replicaof").isEmpty());
        if (config.getBool("daemonize") && Daemon.daemonizeIfNeeded(config.get("logfile"))) {
            return;
        }
        quietLeakDetector();
        SpringApplication app = new SpringApplication(RedisNodeApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setDefaultProperties(springProperties(config));
        app.addInitializers(c -> c.getBeanFactory().registerSingleton("nodeConfig", config));
        app.run();
    }

    static NodeConfig parseArguments(String[] args) {
        NodeConfig config = new NodeConfig();
        List<ConfigLine> lines = new ArrayList<>();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            if (args[0].equals("-v") || args[0].equals("--version")) {
                System.out.println("Redis server v=" + ServerContext.REDIS_VERSION + " (redis-ha node)");
                System.exit(0);
            }
            Path file = Path.of(args[0]).toAbsolutePath();
            config.configFile(file);
            lines.addAll(ConfigFile.read(file));
            i = 1;
        }
        lines.addAll(ConfigFile.fromCommandLine(List.of(args).subList(i, args.length)));
        config.load(lines);
        return config;
    }

    private static Map<String, Object> springProperties(NodeConfig config) {
        Map<String, Object> p = new HashMap<>();
        int mgmt = config.managementPort();
        p.put("server.port", mgmt);
        List<String> bind = config.getList("bind");
        if (!bind.isEmpty()) {
            String first = bind.get(0).startsWith("-") ? bind.get(0).substring(1) : bind.get(0);
            if (!first.equals("*") && !first.contains(":")) p.put("server.address", first);
        }
        if (mgmt < 0) p.put("spring.main.web-application-type", "none");
        String logfile = config.get("logfile");
        if (!logfile.isEmpty() && !Daemon.isDetachedChild()) {
            // Redis writes to its logfile alone. (A daemon's standard output already is the
            // file: a file appender there would double every line.)
            p.put("logging.file.name", logfile);
            p.put("logging.threshold.console", "OFF");
        }
        p.put("logging.level.root", switch (config.get("loglevel")) {
            case "debug" -> "DEBUG";
            case "verbose" -> "INFO";
            case "warning" -> "WARN";
            case "nothing" -> "OFF";
            default -> "INFO";
        });
        return p;
    }
}
