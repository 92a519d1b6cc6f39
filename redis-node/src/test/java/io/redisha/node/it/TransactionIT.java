package io.redisha.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

class TransactionIT extends NodeTestBase {
    @Test
    void execRunsTheQueueInOrder() {
        Transaction t = j.multi();
        t.set("a", "1");
        t.incr("a");
        t.get("a");
        List<Object> res = t.exec();
        assertThat(res).containsExactly("OK", 2L, "2");
    }

    @Test
    void runtimeErrorsDoNotAbortTheRest() {
        j.set("s", "x");
        Transaction t = j.multi();
        t.incr("s");
        t.set("b", "2");
        List<Object> res = t.exec();
        assertThat(res.get(0)).isInstanceOf(JedisDataException.class);
        assertThat(((Exception) res.get(0)).getMessage()).isEqualTo("ERR value is not an integer or out of range");
        assertThat(res.get(1)).isEqualTo("OK");
    }

    @Test
    void queueTimeErrorAbortsWithExecabort() {
        j.sendCommand(() -> "multi".getBytes());
        assertThatThrownBy(() -> j.sendCommand(() -> "set".getBytes(), "a"))
                .hasMessage("ERR wrong number of arguments for 'set' command");
        assertThatThrownBy(() -> j.sendCommand(() -> "exec".getBytes()))
                .hasMessage("EXECABORT Transaction discarded because of previous errors.");
        assertThat(j.exists("a")).isFalse();
    }

    @Test
    void watchedKeyChangedByAnotherClientAbortsExec() {
        try (Jedis other = new Jedis(node.host(), node.port())) {
            j.set("w", "1");
            j.watch("w");
            other.set("w", "2");
            Transaction t = j.multi();
            t.set("w", "3");
            assertThat(t.exec()).isNull();
            assertThat(j.get("w")).isEqualTo("2");
        }
    }

    @Test
    void unchangedWatchedKeyLetsExecRun() {
        j.set("w", "1");
        j.watch("w");
        Transaction t = j.multi();
        t.set("w", "3");
        assertThat(t.exec()).containsExactly("OK");
    }

    @Test
    void errorsOfMisuse() {
        assertThatThrownBy(() -> j.sendCommand(() -> "exec".getBytes())).hasMessage("ERR EXEC without MULTI");
        assertThatThrownBy(() -> j.sendCommand(() -> "discard".getBytes())).hasMessage("ERR DISCARD without MULTI");
        j.sendCommand(() -> "multi".getBytes());
        assertThatThrownBy(() -> j.sendCommand(() -> "multi".getBytes())).hasMessage("ERR MULTI calls can not be nested");
        assertThatThrownBy(() -> j.sendCommand(() -> "watch".getBytes(), "x")).hasMessage("ERR WATCH inside MULTI is not allowed");
        assertThat(j.sendCommand(() -> "discard".getBytes())).isEqualTo("OK".getBytes());
    }
}
