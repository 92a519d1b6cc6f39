package io.redisha.sentinel.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisha.sentinel.config.SentinelConfig;
import io.redisha.sentinel.failover.Failover;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hello message teaches a sentinel: peers, epochs, and a newer master address. */
class HelloTest {
    static final String PEER = "2".repeat(40);
    @TempDir
    Path dir;
    Sentinel s;
    Monitor monitor;
    Instance m;
    final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        SentinelConfig c = new SentinelConfig();
        c.configFile = dir.resolve("sentinel.conf");
        Files.writeString(c.configFile, "sentinel monitor mymaster 10.0.0.1 6379 2\n");
        c.myid = "1".repeat(40);
        s = new Sentinel(c, null);
        s.events.publisher((ch, msg) -> events.add(ch + " " + msg));
        monitor = new Monitor(s);
        monitor.failover(new Failover(s, monitor));
        m = monitor.createMaster("mymaster", "10.0.0.1", 6379, 2);
    }

    @Test
    void aNewPeerIsAddedAndItsEpochAdopted() throws Exception {
        monitor.processHello("10.0.0.9,26379," + PEER + ",4,mymaster,10.0.0.1,6379,0");
        assertThat(m.sentinels).containsKey(PEER);
        assertThat(events).contains("+sentinel sentinel " + PEER + " 10.0.0.9 26379 @ mymaster 10.0.0.1 6379",
                "+new-epoch 4");
        assertThat(s.currentEpoch).isEqualTo(4);
        assertThat(Files.readString(s.config.configFile))
                .contains("sentinel known-sentinel mymaster 10.0.0.9 26379 " + PEER).contains("sentinel current-epoch 4");
        // Our own hello, seen through the master's channel, is ignored.
        monitor.processHello("10.0.0.8,26379," + s.myid + ",9,mymaster,10.0.0.1,6379,0");
        assertThat(s.currentEpoch).isEqualTo(4);
    }

    @Test
    void aNewerConfigEpochMovesTheMaster() {
        monitor.processHello("10.0.0.9,26379," + PEER + ",3,mymaster,10.0.0.2,6379,3");
        assertThat(m.host).isEqualTo("10.0.0.2");
        assertThat(m.configEpoch).isEqualTo(3);
        assertThat(events).contains("+config-update-from sentinel " + PEER + " 10.0.0.9 26379 @ mymaster 10.0.0.1 6379",
                "+switch-master mymaster 10.0.0.1 6379 10.0.0.2 6379",
                "+slave slave 10.0.0.1:6379 10.0.0.1 6379 @ mymaster 10.0.0.2 6379");
        // An older configuration changes nothing.
        monitor.processHello("10.0.0.9,26379," + PEER + ",3,mymaster,10.0.0.7,6379,2");
        assertThat(m.host).isEqualTo("10.0.0.2");
    }

    @Test
    void aSentinelSeenAtANewAddressReplacesItsOldEntry() {
        monitor.processHello("10.0.0.9,26379," + PEER + ",0,mymaster,10.0.0.1,6379,0");
        monitor.processHello("10.0.0.10,26379," + PEER + ",0,mymaster,10.0.0.1,6379,0");
        assertThat(m.sentinels).hasSize(1);
        assertThat(m.sentinels.get(PEER).host).isEqualTo("10.0.0.10");
        assertThat(events).anyMatch(e -> e.startsWith("-dup-sentinel master mymaster 10.0.0.1 6379"));
    }

    @Test
    void malformedHellosAreIgnored() {
        monitor.processHello("garbage");
        monitor.processHello("10.0.0.9,x," + PEER + ",0,mymaster,10.0.0.1,6379,0");
        monitor.processHello("10.0.0.9,26379," + PEER + ",0,othermaster,10.0.0.1,6379,0");
        assertThat(m.sentinels).isEmpty();
    }
}
