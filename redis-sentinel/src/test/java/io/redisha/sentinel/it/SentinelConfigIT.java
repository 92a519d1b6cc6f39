package io.redisha.sentinel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import io.redisha.testkit.SentinelProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S1: start-up failures print what redis-sentinel prints and exit with 1, from the jar and the launcher. */
class SentinelConfigIT {

    @Test
    void authPassBeforeMonitorStopsStartUpAsInTheSeed() throws Exception {
        NodeProcess.Result r = SentinelProcess.runToExit("""
                daemonize yes
                sentinel auth-pass mymaster 123456
                sentinel monitor mymaster 192.168.30.128 6379 2
                sentinel down-after-milliseconds mymaster 30000
                """);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).isEqualTo("""

                *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
                Reading the configuration file, at line 2
                >>> 'sentinel auth-pass mymaster 123456'
                No such master with specified name.
                """);
    }

    @Test
    void unknownSentinelStatementAndMissingFile() throws Exception {
        NodeProcess.Result r = SentinelProcess.runToExit("port 26379\nsentinel foo bar\n");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains(">>> 'sentinel foo bar'").contains("Unrecognized sentinel configuration statement.");
        NodeProcess.Result none = SentinelProcess.runToExit(null, "--port", "26399");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.output()).contains("Sentinel needs config file on disk to save state. Exiting...");
    }

    @Test
    void aLogfileTakesTheLogAndStandardOutputStaysQuiet() throws Exception {
        Path log = Files.createTempDirectory("redis-sentinel-it").resolve("sentinel.log");
        try (SentinelProcess s = SentinelProcess.start("127.0.30.130", 26382, """
                logfile "%s"
                sentinel monitor mymaster 127.0.30.128 6479 2
                """.formatted(log))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                    && Files.readString(log).contains("+monitor master mymaster 127.0.30.128 6479 quorum 2"));
            assertThat(s.output()).doesNotContain("+monitor");
        }
    }

    @Test
    void daemonizeWritesPidAndLogFilesAsInTheSeed() throws Exception {
        Path dir = Files.createTempDirectory("redis-sentinel-it");
        Path pid = dir.resolve("sentinel.pid"), log = dir.resolve("sentinel.log");
        NodeProcess.Result r = SentinelProcess.runToExit("""
                port 26381
                bind 127.0.30.129
                daemonize yes
                pidfile "%s"
                logfile "%s"
                dir "%s"
                management-port -1
                sentinel monitor mymaster 127.0.30.128 6479 2
                sentinel auth-pass mymaster 123456
                sentinel down-after-milliseconds mymaster 30000
                """.formatted(pid, log, dir));
        assertThat(r.exitCode()).isZero();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(pid)
                    && Files.readString(log).contains("+monitor master mymaster 127.0.30.128 6479 quorum 2"));
            assertThat(Files.readString(log)).containsPattern("\\d+:X .* # Sentinel ID is [0-9a-f]{40}");
        } finally {
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void launcherScriptStartsTheJarLikeRedisSentinel() throws Exception {
        Path dir = Files.createTempDirectory("redis-sentinel-it");
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "sentinel monitor mymaster 127.0.30.128 6479 0\n");
        String launcher = System.getProperty("redis.sentinel.launcher", "bin/redis-sentinel");
        ProcessBuilder pb = new ProcessBuilder(List.of(launcher, conf.toString())).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("Reading the configuration file, at line 1")
                .contains(">>> 'sentinel monitor mymaster 127.0.30.128 6479 0'").contains("Quorum must be 1 or greater.");
    }
}
