package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redisha.testkit.NodeProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class StartupIT {

    @Test
    void badConfigLineStopsStartupWithRedisReport() throws Exception {
        NodeProcess.Result r = NodeProcess.runToExit("port 7001\nmaxclients lots\n");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***",
                "Reading the configuration file, at line 2", ">>> 'maxclients lots'",
                "argument couldn't be parsed into an integer");
    }

    @Test
    void unknownOrLaterFeatureKeysAreRefused() throws Exception {
        NodeProcess.Result r = NodeProcess.runToExit("no-such-directive yes\n");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("at line 1", "Bad directive or wrong number of arguments");
        NodeProcess.Result cli = NodeProcess.runToExit(null, "--port", "abc");
        assertThat(cli.output()).contains(">>> 'port abc'", "argument couldn't be parsed into an integer");
    }

    @Test
    void configFileAndCommandLineTogether() {
        try (NodeProcess n = NodeProcess.startWithConfig("databases 4\nmaxclients 77\n", "--maxclients", "88");
             Jedis j = new Jedis(n.host(), n.port())) {
            assertThat(j.configGet("databases")).containsEntry("databases", "4");
            assertThat(j.configGet("maxclients")).containsEntry("maxclients", "88");
        }
    }

    @Test
    void daemonizeWritesPidfileAndLogfileAndShutdownRemovesIt() throws Exception {
        Path dir = Files.createTempDirectory("daemon-it");
        int port = NodeProcess.freePort();
        Path pid = dir.resolve("redis.pid");
        Path log = dir.resolve("redis.log");
        String conf = "daemonize yes\nport " + port + "\npidfile " + pid + "\nlogfile " + log
                + "\ndir " + dir + "\nmanagement-port -1\n";
        NodeProcess.Result r = NodeProcess.runToExit(conf);
        assertThat(r.exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pid) && accepts(port));
        long daemonPid = Long.parseLong(Files.readString(pid).trim());
        assertThat(ProcessHandle.of(daemonPid)).isPresent();
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            assertThat(j.ping()).isEqualTo("PONG");
            try {
                j.shutdown();
            } catch (Exception expectedConnectionClose) {
                // SHUTDOWN answers by closing the connection.
            }
        } finally {
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(daemonPid).map(p -> !p.isAlive()).orElse(true));
        }
        assertThat(Files.exists(pid)).isFalse();
        String written = Files.readString(log);
        assertThat(written).contains("Redis is now ready to exit, bye bye...");
        // Once: the daemon's output and its log file are the same file.
        assertThat(written.split("Ready to accept connections", -1)).hasSize(2);
    }

    @Test
    void aLogfileTakesTheLogAndStandardOutputStaysQuiet() throws Exception {
        Path log = Files.createTempDirectory("logfile-it").resolve("node.log");
        try (NodeProcess n = NodeProcess.start("--logfile", log.toString())) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Files.exists(log) && Files.readString(log).contains("Ready to accept connections"));
            assertThat(n.output()).doesNotContain("Ready to accept connections");
        }
    }

    @Test
    void unixSocketServesClients() throws Exception {
        Path dir = Files.createTempDirectory("unix-it");
        Path sock = dir.resolve("redis.sock");
        try (NodeProcess n = NodeProcess.start("--unixsocket", sock.toString(), "--unixsocketperm", "700")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sock));
            Process cli = new ProcessBuilder("redis-cli", "-s", sock.toString(), "ping").redirectErrorStream(true).start();
            assertThat(new String(cli.getInputStream().readAllBytes()).trim()).isEqualTo("PONG");
            assertThat(Files.getPosixFilePermissions(sock).toString()).doesNotContain("GROUP", "OTHERS");
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
