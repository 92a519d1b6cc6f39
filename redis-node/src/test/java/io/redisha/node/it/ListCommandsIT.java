package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LPosArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisha.testkit.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.util.KeyValue;

/** The non-blocking list commands, replies and errors as Redis 7.0 gives them. */
class ListCommandsIT extends NodeTestBase {
    String p;

    @BeforeEach
    void prefix() {
        // Each test works on its own keys, so no test sees another's data.
        p = UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    String k(String name) {
        return p + name;
    }

    /** The key is absent: an emptied list was removed, so RPUSHX finds nothing to push to. */
    void assertGone(String key) {
        assertThat(j.rpushx(key, "x")).isZero();
    }

    @Test
    void pushesAndLength() {
        assertThat(j.lpush(k("l"), "1", "2", "3")).isEqualTo(3);
        assertThat(j.rpush(k("l"), "4", "5")).isEqualTo(5);
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("3", "2", "1", "4", "5");
        assertThat(j.lpushx(k("none"), "x")).isZero();
        assertThat(j.rpushx(k("none"), "x")).isZero();
        assertThat(j.lpushx(k("l"), "a", "b")).isEqualTo(7);
        assertThat(j.rpushx(k("l"), "z")).isEqualTo(8);
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("b", "a", "3", "2", "1", "4", "5", "z");
        assertThat(j.llen(k("l"))).isEqualTo(8);
        assertThat(j.llen(k("none"))).isZero();
        assertGone(k("none"));
    }

    @Test
    void wrongTypeAndArity() {
        j.set(k("s"), "v");
        assertError(() -> j.lpush(k("s"), "x"), WRONGTYPE);
        assertError(() -> j.rpushx(k("s"), "x"), WRONGTYPE);
        assertError(() -> j.llen(k("s")), WRONGTYPE);
        assertError(() -> j.lrange(k("s"), 0, -1), WRONGTYPE);
        assertError(() -> j.lpop(k("s")), WRONGTYPE);
        assertError(() -> j.lpop(k("s"), 0), WRONGTYPE);
        assertError(() -> j.lindex(k("s"), 0), WRONGTYPE);
        assertError(() -> j.lset(k("s"), 0, "x"), WRONGTYPE);
        assertError(() -> j.lrem(k("s"), 0, "x"), WRONGTYPE);
        assertError(() -> j.ltrim(k("s"), 0, 1), WRONGTYPE);
        assertError(() -> j.lpos(k("s"), "x"), WRONGTYPE);
        assertError(() -> j.lmpop(ListDirection.LEFT, k("s")), WRONGTYPE);
        assertError(() -> raw("lpush", k("l")), "ERR wrong number of arguments for 'lpush' command");
        assertError(() -> raw("lpop", k("l"), "1", "2"), "ERR wrong number of arguments for 'lpop' command");
        assertError(() -> raw("rpop", k("l"), "1", "2"), "ERR wrong number of arguments for 'rpop' command");
        assertError(() -> raw("lmove", k("a"), k("b"), "left"), "ERR wrong number of arguments for 'lmove' command");
    }

    Object raw(String... args) {
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        return j.sendCommand(() -> args[0].getBytes(StandardCharsets.UTF_8), rest);
    }

    @Test
    void popWithAndWithoutCount() {
        j.rpush(k("l"), "a", "b", "c", "d", "e");
        assertThat(j.lpop(k("l"))).isEqualTo("a");
        assertThat(j.rpop(k("l"))).isEqualTo("e");
        assertThat(j.lpop(k("l"), 2)).containsExactly("b", "c");
        assertThat(j.lpop(k("l"), 0)).isEmpty();
        assertThat(j.rpop(k("l"), 10)).containsExactly("d");
        assertGone(k("l"));
        assertThat(j.lpop(k("l"))).isNull();
        assertThat(j.lpop(k("l"), 2)).isNull();
        j.rpush(k("l"), "a");
        assertError(() -> j.lpop(k("l"), -1), "ERR value is out of range, must be positive");
        assertError(() -> raw("lpop", k("l"), "abc"), "ERR value is out of range, must be positive");
    }

    @Test
    void popNullsExactlyAsRedis() throws IOException {
        try (Raw r = new Raw(node)) {
            assertThat(r.call("lpop", k("none"))).isEqualTo("$-1\r\n");
            assertThat(r.call("lpop", k("none"), "0")).isEqualTo("*-1\r\n");
            assertThat(r.call("rpop", k("none"), "3")).isEqualTo("*-1\r\n");
            r.call("rpush", k("l"), "a");
            assertThat(r.call("lpop", k("l"), "0")).isEqualTo("*0\r\n");
            assertThat(r.call("lindex", k("l"), "5")).isEqualTo("$-1\r\n");
            assertThat(r.call("lpos", k("l"), "zz")).isEqualTo("$-1\r\n");
            assertThat(r.call("lpos", k("none"), "zz", "COUNT", "0")).isEqualTo("*0\r\n");
            assertThat(r.call("lmpop", "1", k("none"), "left")).isEqualTo("*-1\r\n");
            assertThat(r.call("lmove", k("none"), k("l"), "left", "left")).isEqualTo("$-1\r\n");
            assertThat(r.call("lrange", k("none"), "0", "-1")).isEqualTo("*0\r\n");
            r.call("hello", "3");
            assertThat(r.call("lpop", k("none"))).isEqualTo("_\r\n");
            assertThat(r.call("lpop", k("none"), "0")).isEqualTo("_\r\n");
            assertThat(r.call("lmpop", "1", k("none"), "left")).isEqualTo("_\r\n");
            assertThat(r.call("lpop", k("l"), "0")).isEqualTo("*0\r\n");
            assertThat(r.call("lpop", k("l"), "5")).isEqualTo("*1\r\n$1\r\na\r\n");
        }
    }

    @Test
    void rangesWithNegativeAndOutOfBoundIndexes() {
        j.rpush(k("l"), "a", "b", "c", "d", "e", "f", "g");
        assertThat(j.lrange(k("l"), 0, 0)).containsExactly("a");
        assertThat(j.lrange(k("l"), -1, -1)).containsExactly("g");
        assertThat(j.lrange(k("l"), -3, -1)).containsExactly("e", "f", "g");
        assertThat(j.lrange(k("l"), 2, -2)).containsExactly("c", "d", "e", "f");
        assertThat(j.lrange(k("l"), -100, 100)).hasSize(7);
        assertThat(j.lrange(k("l"), 5, 2)).isEmpty();
        assertThat(j.lrange(k("l"), 7, 10)).isEmpty();
        assertThat(j.lrange(k("l"), 0, -8)).isEmpty();
        assertThat(j.lrange(k("none"), 0, -1)).isEmpty();
        assertError(() -> raw("lrange", k("l"), "x", "1"), "ERR value is not an integer or out of range");
        assertError(() -> raw("lrange", k("none"), "1", "x"), "ERR value is not an integer or out of range");
    }

    @Test
    void indexAndSet() {
        j.rpush(k("l"), "a", "b", "c");
        assertThat(j.lindex(k("l"), 0)).isEqualTo("a");
        assertThat(j.lindex(k("l"), -1)).isEqualTo("c");
        assertThat(j.lindex(k("l"), -3)).isEqualTo("a");
        assertThat(j.lindex(k("l"), 3)).isNull();
        assertThat(j.lindex(k("l"), -4)).isNull();
        assertThat(j.lindex(k("none"), 0)).isNull();
        // The key is looked up before the index is parsed, as in Redis.
        assertThat(raw("lindex", k("none"), "abc")).isNull();
        assertError(() -> raw("lindex", k("l"), "abc"), "ERR value is not an integer or out of range");
        assertThat(j.lset(k("l"), 0, "A")).isEqualTo("OK");
        assertThat(j.lset(k("l"), -1, "C")).isEqualTo("OK");
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("A", "b", "C");
        assertError(() -> j.lset(k("l"), 3, "x"), "ERR index out of range");
        assertError(() -> j.lset(k("l"), -4, "x"), "ERR index out of range");
        assertError(() -> j.lset(k("none"), 0, "x"), "ERR no such key");
        assertError(() -> raw("lset", k("none"), "abc", "x"), "ERR no such key");
        assertError(() -> raw("lset", k("l"), "abc", "x"), "ERR value is not an integer or out of range");
    }

    @Test
    void insert() {
        j.rpush(k("l"), "a", "c");
        assertThat(j.linsert(k("l"), ListPosition.BEFORE, "c", "b")).isEqualTo(3);
        assertThat(j.linsert(k("l"), ListPosition.AFTER, "c", "d")).isEqualTo(4);
        assertThat(j.linsert(k("l"), ListPosition.BEFORE, "a", "0")).isEqualTo(5);
        assertThat(j.linsert(k("l"), ListPosition.AFTER, "zz", "x")).isEqualTo(-1);
        assertThat(j.linsert(k("none"), ListPosition.AFTER, "a", "x")).isZero();
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("0", "a", "b", "c", "d");
        assertError(() -> raw("linsert", k("l"), "middle", "a", "x"), "ERR syntax error");
        j.set(k("s"), "v");
        // The syntax is checked before the type.
        assertError(() -> raw("linsert", k("s"), "middle", "a", "x"), "ERR syntax error");
        assertError(() -> raw("linsert", k("s"), "before", "a", "x"), WRONGTYPE);
    }

    @Test
    void insertIntoALargeListKeepsOrder() {
        for (int i = 0; i < 300; i++) j.rpush(k("l"), Integer.toString(i));
        j.linsert(k("l"), ListPosition.BEFORE, "10", "x");
        j.linsert(k("l"), ListPosition.AFTER, "290", "y");
        List<String> all = j.lrange(k("l"), 0, -1);
        assertThat(all).hasSize(302);
        assertThat(all.subList(9, 12)).containsExactly("9", "x", "10");
        assertThat(all.subList(290, 294)).containsExactly("289", "290", "y", "291");
    }

    @Test
    void remove() {
        j.rpush(k("l"), "a", "b", "a", "c", "a", "b", "a");
        assertThat(j.lrem(k("l"), 2, "a")).isEqualTo(2);
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("b", "c", "a", "b", "a");
        assertThat(j.lrem(k("l"), -1, "a")).isEqualTo(1);
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("b", "c", "a", "b");
        assertThat(j.lrem(k("l"), 0, "b")).isEqualTo(2);
        assertThat(j.lrem(k("l"), 0, "zz")).isZero();
        assertThat(j.lrem(k("none"), 0, "a")).isZero();
        assertThat(j.lrem(k("l"), 0, "c")).isEqualTo(1);
        assertThat(j.lrem(k("l"), -5, "a")).isEqualTo(1);
        assertGone(k("l"));
        assertError(() -> raw("lrem", k("l"), "x", "a"), "ERR value is not an integer or out of range");
        j.rpush(k("m"), "a", "b", "a");
        assertThat(raw("lrem", k("m"), "-9223372036854775808", "a")).isEqualTo(2L);
    }

    @Test
    void trim() {
        j.rpush(k("l"), "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(j.ltrim(k("l"), 1, -2)).isEqualTo("OK");
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("2", "3", "4", "5", "6", "7", "8");
        j.ltrim(k("l"), -3, 100);
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("6", "7", "8");
        j.ltrim(k("l"), 0, 0);
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("6");
        j.ltrim(k("l"), 5, 2);
        assertGone(k("l"));
        assertThat(j.ltrim(k("none"), 0, 1)).isEqualTo("OK");
        j.rpush(k("m"), "1", "2");
        j.ltrim(k("m"), -100, -50);
        assertGone(k("m"));
        assertError(() -> raw("ltrim", k("m"), "a", "1"), "ERR value is not an integer or out of range");
    }

    @Test
    void position() {
        j.rpush(k("l"), "a", "b", "c", "1", "2", "3", "c", "c");
        assertThat(j.lpos(k("l"), "c")).isEqualTo(2);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().rank(2))).isEqualTo(6);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().rank(-1))).isEqualTo(7);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().rank(-2))).isEqualTo(6);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams(), 0)).containsExactly(2L, 6L, 7L);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams(), 2)).containsExactly(2L, 6L);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().rank(-1), 2)).containsExactly(7L, 6L);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().maxlen(2))).isNull();
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().maxlen(3))).isEqualTo(2);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().rank(-1).maxlen(1))).isEqualTo(7);
        assertThat(j.lpos(k("l"), "c", LPosParams.lPosParams().rank(10))).isNull();
        assertThat(j.lpos(k("l"), "zz")).isNull();
        assertThat(j.lpos(k("l"), "zz", LPosParams.lPosParams(), 0)).isEmpty();
        assertThat(j.lpos(k("none"), "c")).isNull();
        assertThat(j.lpos(k("none"), "c", LPosParams.lPosParams(), 1)).isEmpty();
        // The smallest long cannot be negated: Redis then takes every match from the tail.
        assertThat(raw("lpos", k("l"), "c", "RANK", "-9223372036854775808", "COUNT", "1")).isEqualTo(List.of(7L, 6L, 2L));
        assertError(() -> raw("lpos", k("l"), "c", "RANK", "0"), "ERR RANK can't be zero: use 1 to start from the "
                + "first match, 2 from the second ... or use negative to start from the end of the list");
        assertError(() -> raw("lpos", k("l"), "c", "RANK", "x"), "ERR value is not an integer or out of range");
        assertError(() -> raw("lpos", k("l"), "c", "COUNT", "-1"), "ERR COUNT can't be negative");
        assertError(() -> raw("lpos", k("l"), "c", "COUNT", "x"), "ERR COUNT can't be negative");
        assertError(() -> raw("lpos", k("l"), "c", "MAXLEN", "-1"), "ERR MAXLEN can't be negative");
        assertError(() -> raw("lpos", k("l"), "c", "RANK"), "ERR syntax error");
        assertError(() -> raw("lpos", k("l"), "c", "foo", "1"), "ERR syntax error");
    }

    @Test
    void moveBetweenLists() {
        j.rpush(k("a"), "1", "2", "3");
        assertThat(j.lmove(k("a"), k("b"), ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("1");
        assertThat(j.lmove(k("a"), k("b"), ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo("3");
        assertThat(j.lrange(k("b"), 0, -1)).containsExactly("3", "1");
        assertThat(j.lmove(k("b"), k("b"), ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("3");
        assertThat(j.lrange(k("b"), 0, -1)).containsExactly("1", "3");
        assertThat(j.lmove(k("a"), k("a"), ListDirection.LEFT, ListDirection.LEFT)).isEqualTo("2");
        assertThat(j.lrange(k("a"), 0, -1)).containsExactly("2");
        assertThat(j.rpoplpush(k("a"), k("c"))).isEqualTo("2");
        assertGone(k("a"));
        assertThat(j.rpoplpush(k("a"), k("c"))).isNull();
        assertThat(j.lmove(k("a"), k("c"), ListDirection.LEFT, ListDirection.LEFT)).isNull();
        j.set(k("s"), "v");
        assertThat(j.lmove(k("none"), k("s"), ListDirection.LEFT, ListDirection.LEFT)).isNull();
        assertError(() -> j.lmove(k("b"), k("s"), ListDirection.LEFT, ListDirection.LEFT), WRONGTYPE);
        assertError(() -> j.rpoplpush(k("s"), k("b")), WRONGTYPE);
        assertThat(j.lrange(k("b"), 0, -1)).containsExactly("1", "3");
        assertError(() -> raw("lmove", k("b"), k("c"), "middle", "left"), "ERR syntax error");
        assertError(() -> raw("lmove", k("none"), k("c"), "left", "up"), "ERR syntax error");
    }

    @Test
    void multiPop() {
        j.rpush(k("b"), "a", "b", "c", "d", "e");
        KeyValue<String, List<String>> kv = j.lmpop(ListDirection.LEFT, k("a"), k("b"));
        assertThat(kv.getKey()).isEqualTo(k("b"));
        assertThat(kv.getValue()).containsExactly("a");
        kv = j.lmpop(ListDirection.RIGHT, 2, k("a"), k("b"));
        assertThat(kv.getValue()).containsExactly("e", "d");
        kv = j.lmpop(ListDirection.LEFT, 10, k("a"), k("b"));
        assertThat(kv.getValue()).containsExactly("b", "c");
        assertGone(k("b"));
        assertThat(j.lmpop(ListDirection.LEFT, k("a"), k("b"))).isNull();
        assertError(() -> raw("lmpop", "0", k("a"), "left"), "ERR numkeys should be greater than 0");
        assertError(() -> raw("lmpop", "x", k("a"), "left"), "ERR numkeys should be greater than 0");
        assertError(() -> raw("lmpop", "3", k("a"), "left"), "ERR syntax error");
        assertError(() -> raw("lmpop", "9223372036854775807", k("a"), "left"), "ERR syntax error");
        assertError(() -> raw("lmpop", "1", k("a"), "middle"), "ERR syntax error");
        assertError(() -> raw("lmpop", "1", k("a"), "left", "count", "0"), "ERR count should be greater than 0");
        assertError(() -> raw("lmpop", "1", k("a"), "left", "count", "1", "count", "1"), "ERR syntax error");
        assertError(() -> raw("lmpop", "1", k("a"), "left", "count"), "ERR syntax error");
        j.set(k("s"), "v");
        j.rpush(k("c"), "x");
        assertError(() -> j.lmpop(ListDirection.LEFT, k("a"), k("s"), k("c")), WRONGTYPE);
        assertThat(j.lmpop(ListDirection.LEFT, k("c"), k("s")).getValue()).containsExactly("x");
    }

    @Test
    void manyElementsThroughBothEnds() {
        String[] vals = new String[1000];
        for (int i = 0; i < vals.length; i++) vals[i] = "v" + i;
        j.rpush(k("l"), vals);
        j.lpush(k("l"), "h2", "h1");
        assertThat(j.llen(k("l"))).isEqualTo(1002);
        assertThat(j.lindex(k("l"), 0)).isEqualTo("h1");
        assertThat(j.lindex(k("l"), 501)).isEqualTo("v499");
        assertThat(j.lpop(k("l"), 600)).hasSize(600).endsWith("v597");
        assertThat(j.rpop(k("l"), 400)).hasSize(400).startsWith("v999");
        assertThat(j.lrange(k("l"), 0, -1)).containsExactly("v598", "v599");
    }

    @Test
    void throughLettuceOverResp3() {
        RedisClient client = RedisClient.create("redis://" + node.host() + ":" + node.port());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            assertThat(r.rpush(k("l"), "a", "b", "c", "b")).isEqualTo(4);
            assertThat(r.lrange(k("l"), 0, -1)).containsExactly("a", "b", "c", "b");
            assertThat(r.lpos(k("l"), "b", LPosArgs.Builder.rank(-1))).isEqualTo(3);
            assertThat(r.lpos(k("l"), "b", 0)).containsExactly(1L, 3L);
            assertThat(r.lpop(k("l"), 2)).containsExactly("a", "b");
            assertThat(r.lpop(k("none"))).isNull();
            assertThat(r.lmpop(LMPopArgs.Builder.right().count(5), k("none"), k("l")).getValue())
                    .containsExactly("b", "c");
            assertThat(r.llen(k("l"))).isZero();
        } finally {
            client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
        }
    }

    /** A bare RESP connection, to check reply bytes no client library shows (nil array vs nil bulk). */
    static final class Raw implements AutoCloseable {
        final Socket s;
        final InputStream in;
        final OutputStream out;

        Raw(NodeProcess node) throws IOException {
            s = new Socket(node.host(), node.port());
            s.setSoTimeout(5000);
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        String call(String... args) throws IOException {
            send(args);
            return read();
        }

        /** Writes one command, or several at once when given as separate arrays by {@link #pipeline}. */
        void send(String... args) throws IOException {
            out.write(encode(args));
            out.flush();
        }

        void pipeline(String[]... commands) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (String[] c : commands) all.writeBytes(encode(c));
            out.write(all.toByteArray());
            out.flush();
        }

        private static byte[] encode(String... args) {
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }

        String read() throws IOException {
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            readReply(reply);
            return reply.toString(StandardCharsets.UTF_8);
        }

        int available() throws IOException {
            return in.available();
        }

        private void readReply(ByteArrayOutputStream reply) throws IOException {
            String line = readLine();
            reply.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            char t = line.charAt(0);
            if (t == '$' || t == '=' || t == '!') {
                int n = Integer.parseInt(line.substring(1, line.length() - 2));
                if (n >= 0) reply.writeBytes(in.readNBytes(n + 2));
            } else if (t == '*' || t == '~' || t == '%' || t == '>') {
                int n = Integer.parseInt(line.substring(1, line.length() - 2));
                if (t == '%') n *= 2;
                for (int i = 0; i < n; i++) readReply(reply);
            }
        }

        private String readLine() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                b.append((char) c);
                if (c == '\n') break;
            }
            if (b.length() == 0) throw new IOException("connection closed");
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }
}
