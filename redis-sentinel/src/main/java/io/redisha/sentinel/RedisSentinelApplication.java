package io.redisha.sentinel;

import io.redisha.common.process.Daemon;

import io.redisha.common.config.ConfigException;
import io.redisha.sentinel.config.SentinelConfig;
import io.redisha.sentinel.config.SentinelConfigParser;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts a sentinel the way redis-sentinel starts: {@code redis-sentinel /path/sentinel.conf
 * [--key value ...]}. The file is read before Spring so a bad line fails as Redis fails.
 */
@SpringBootApplication
public class RedisSentinelApplication {

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Redis server v=7.0.15 (redis-ha sentinel)");
            return;
        }
        SentinelConfig config;
        try {
            config = SentinelConfigParser.parseArguments(args);
            SentinelConfigParser.checkWritable(config.configFile);
        } catch (ConfigException e) {
            if (e.text() == null && e.file() == null) System.err.println(e.reason());
            else System.err.print(e.fatalReport("7.0.15"));
            System.exit(1);
            return;
        }
        if (!config.dir.isEmpty()) {
            // Like Redis, "dir" is the working directory; relative paths in the file mean it.
            Path d = Path.of(config.dir).toAbsolutePath();
            if (!d.toFile().isDirectory()) {
                System.err.println("Can't chdir to '" + config.dir + "': No such file or directory");
                System.exit(1);
                return;
            }
            config.dir = d.toString();
            // Redis chdirs into "dir": relative log and pid files live there.
            if (!config.logfile.isEmpty()) config.logfile = d.resolve(config.logfile).toString();
            if (!config.pidfile.isEmpty()) config.pidfile = d.resolve(config.pidfile).toString();
        }
        if (config.daemonize && Daemon.daemonizeIfNeeded(config.logfile)) return;
        SpringApplication app = new SpringApplication(RedisSentinelApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setDefaultProperties(springProperties(config));
        app.addInitializers(c -> c.getBeanFactory().registerSingleton("sentinelConfig", config));
        app.run();
    }

    private static Map<String, Object> springProperties(SentinelConfig config) {
        Map<String, Object> p = new HashMap<>();
        int mgmt = config.managementPortResolved();
        p.put("server.port", mgmt);
        if (!config.bind.isEmpty()) {
            String first = config.bind.get(0).startsWith("-") ? config.bind.get(0).substring(1) : config.bind.get(0);
            if (!first.equals("*") && !first.contains(":")) p.put("server.address", first);
        }
        if (mgmt < 0) p.put("spring.main.web-application-type", "none");
        if (!config.logfile.isEmpty() && !Daemon.isDetachedChild()) {
            // Redis writes to its logfile alone. (A daemon's standard output already is the
            // file: a file appender there would double every line.)
            p.put("logging.file.name", config.logfile);
            p.put("logging.threshold.console", "OFF");
        }
        p.put("logging.level.sentinel", switch (config.loglevel) {
            case "debug" -> "DEBUG";
            case "warning" -> "WARN";
            case "nothing" -> "OFF";
            default -> "INFO";
        });
        return p;
    }
}
