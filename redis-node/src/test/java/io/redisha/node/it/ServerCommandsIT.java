package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redisha.testkit.NodeProcess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class ServerCommandsIT extends NodeTestBase {
    @Test
    void infoHasRedisSectionsAndFields() {
        try (Jedis j = new Jedis(node.host(), node.port())) {
            j.set("a", "1");
            j.expire("a", 1000);
            String info = j.info();
            assertThat(info).startsWith("# Server\r\nredis_version:7.0.15\r\n");
            assertThat(info).contains("# Clients\r\nconnected_clients:", "# Memory\r\nused_memory:", "# Persistence\r\n",
                    "# Stats\r\ntotal_connections_received:", "# Replication\r\nrole:master\r\n", "# CPU\r\nused_cpu_sys:",
                    "# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=0\r\n", "tcp_port:" + node.port() + "\r\n",
                    "keyspace_hits:", "instantaneous_ops_per_sec:");
            assertThat(j.info("replication")).startsWith("# Replication\r\n").doesNotContain("# Server");
            assertThat(j.info("commandstats")).contains("cmdstat_set:calls=1,");
        }
    }

    @Test
    void netByteCountersCountEveryByteOfRequestsAndReplies() {
        try (Jedis j = new Jedis(node.host(), node.port())) {
            String first = j.info("stats");
            j.ping();
            String second = j.info("stats");
            byte[] reply = first.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long firstReply = ("$" + reply.length + "\r\n").length() + reply.length + 2;
            // Output: the first INFO's own reply and "+PONG\r\n"; input: PING and the second INFO.
            assertThat(stat(second, "total_net_output_bytes") - stat(first, "total_net_output_bytes"))
                    .isEqualTo(firstReply + 7);
            assertThat(stat(second, "total_net_input_bytes") - stat(first, "total_net_input_bytes"))
                    .isEqualTo("*1\r\n$4\r\nPING\r\n".length() + "*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n".length());
        }
    }

    private static long stat(String info, String field) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError(field + " missing from " + info);
    }

    @Test
    void configGetSetResetstat() {
        try (Jedis j = new Jedis(node.host(), node.port())) {
            assertThat(j.configGet("port")).containsEntry("port", Integer.toString(node.port()));
            assertThat(j.configGet("maxclient*")).containsEntry("maxclients", "10000");
            assertThat(j.configSet("maxclients", "2000")).isEqualTo("OK");
            assertThat(j.configGet("maxclients")).containsEntry("maxclients", "2000");
            assertThat(j.configSet("proto-max-bulk-len", "2mb")).isEqualTo("OK");
            assertThat(j.configGet("proto-max-bulk-len")).containsEntry("proto-max-bulk-len", "2097152");
            assertThatThrownBy(() -> j.configSet("port", "1"))
                    .hasMessage("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config");
            assertThatThrownBy(() -> j.configSet("maxclients", "abc"))
                    .hasMessage("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer");
            assertThatThrownBy(() -> j.configSet("nosuch", "1"))
                    .hasMessage("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
            assertThat(j.configGet("nosuch")).isEmpty();
            assertThat(j.configResetStat()).isEqualTo("OK");
            assertThat(j.info("stats")).contains("keyspace_hits:0");
        }
    }

    @Test
    void commandIntrospection() {
        try (Jedis j = new Jedis(node.host(), node.port())) {
            long count = (Long) j.sendCommand(() -> "command".getBytes(), "count");
            assertThat(count).isGreaterThan(50);
            assertThat(j.commandGetKeys("mset", "a", "1", "b", "2")).containsExactly("a", "b");
            assertThatThrownBy(() -> j.commandGetKeys("ping", "x")).hasMessage("ERR The command has no key arguments");
            assertThatThrownBy(() -> j.commandGetKeys("nosuch", "a")).hasMessage("ERR Invalid command specified");
            List<?> info = (List<?>) j.sendCommand(() -> "command".getBytes(), "info", "get");
            List<?> get = (List<?>) info.get(0);
            assertThat(new String((byte[]) get.get(0))).isEqualTo("get");
            assertThat(get.get(1)).isEqualTo(2L);
            assertThat(get).hasSize(10);
            assertThat(j.commandList()).contains("get", "set", "client", "info");
            assertThat(j.sendCommand(() -> "command".getBytes(), "docs", "get")).isNotNull();
        }
    }

    @Test
    void clientCommands() {
        try (Jedis j = new Jedis(node.host(), node.port()); Jedis other = new Jedis(node.host(), node.port())) {
            j.clientSetname("tester");
            assertThat(j.clientGetname()).isEqualTo("tester");
            long id = j.clientId();
            other.ping();
            String list = j.clientList();
            assertThat(list).contains("id=" + id + " ", "name=tester", "cmd=client|list");
            assertThat(j.clientInfo()).contains("name=tester");
            long otherId = other.clientId();
            assertThat(j.sendCommand(() -> "client".getBytes(), "kill", "id", Long.toString(otherId))).isEqualTo(1L);
            assertThatThrownBy(() -> j.clientSetname("a b"))
                    .hasMessage("ERR Client names cannot contain spaces, newlines or special characters.");
            assertThatThrownBy(() -> j.sendCommand(() -> "client".getBytes(), "nosuch"))
                    .hasMessage("ERR unknown subcommand 'nosuch'. Try CLIENT HELP.");
        }
    }

    @Test
    void lettuceSpeaksResp3WithUs() {
        RedisClient client = RedisClient.create(RedisURI.create(node.host(), node.port()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().set("l", "v");
            assertThat(c.sync().get("l")).isEqualTo("v");
            Map<String, String> cfg = c.sync().configGet("databases");
            assertThat(cfg).containsEntry("databases", "16");
            assertThat(c.sync().clientList()).contains("resp=3");
            assertThat(c.sync().time()).hasSize(2);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void authAndHello() {
        try (NodeProcess secured = NodeProcess.start("--requirepass", "s3cret")) {
            try (Jedis j = new Jedis(secured.host(), secured.port())) {
                assertThatThrownBy(() -> j.get("a")).hasMessage("NOAUTH Authentication required.");
                assertThatThrownBy(() -> j.auth("wrong"))
                        .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
                assertThat(j.auth("s3cret")).isEqualTo("OK");
                assertThat(j.auth("default", "s3cret")).isEqualTo("OK");
                assertThat(j.set("a", "1")).isEqualTo("OK");
            }
            RedisClient client = RedisClient.create(RedisURI.builder().withHost(secured.host())
                    .withPort(secured.port()).withPassword("s3cret".toCharArray()).build());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                assertThat(c.sync().get("a")).isEqualTo("1");
            } finally {
                client.shutdown();
            }
        }
    }
}
