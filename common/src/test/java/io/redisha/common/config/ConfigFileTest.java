package io.redisha.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @Test
    void splitsQuotedArgumentsLikeRedis() {
        assertThat(ArgSplitter.split("set k \"a b\\x41\\n\"")).containsExactly("set", "k", "a bA\n");
        assertThat(ArgSplitter.split("requirepass 'it\\'s'")).containsExactly("requirepass", "it's");
        assertThat(ArgSplitter.split("save \"\"")).containsExactly("save", "");
        assertThat(ArgSplitter.split("set k \"unbalanced")).isNull();
        assertThat(ArgSplitter.split("set k \"a\"b")).isNull();
    }

    @Test
    void readsDirectivesWithLineNumbersAndIncludes(@TempDir Path dir) throws Exception {
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "maxclients 5\n");
        Path main = dir.resolve("redis.conf");
        Files.writeString(main, "# comment\n\nport 7001\ninclude " + inc + "\n  bind 127.0.0.1   ::1\n");
        List<ConfigLine> lines = ConfigFile.read(main);
        assertThat(lines).extracting(ConfigLine::name).containsExactly("port", "maxclients", "bind");
        assertThat(lines.get(0).lineNumber()).isEqualTo(3);
        assertThat(lines.get(1).file()).isEqualTo(inc.toString());
        assertThat(lines.get(2).args()).containsExactly("bind", "127.0.0.1", "::1");
    }

    @Test
    void unbalancedQuotesNameTheLine() {
        assertThatThrownBy(() -> ConfigFile.parse("x.conf", "port 1\nrequirepass \"oops\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.lineNumber()).isEqualTo(2);
                    assertThat(ce.fatalReport("7.0.15")).contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***",
                            "Reading the configuration file, at line 2", ">>> 'requirepass \"oops'");
                });
    }

    @Test
    void commandLineOptionsBecomeLines() {
        List<ConfigLine> lines = ConfigFile.fromCommandLine(List.of("--port", "7001", "--replicaof", "127.0.0.1 6379", "--save", ""));
        assertThat(lines).extracting(ConfigLine::args).containsExactly(
                List.of("port", "7001"), List.of("replicaof", "127.0.0.1", "6379"), List.of("save", ""));
        assertThatThrownBy(() -> ConfigFile.fromCommandLine(List.of("port"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void memoryUnits() {
        assertThat(MemoryUnits.parse("1k")).isEqualTo(1000);
        assertThat(MemoryUnits.parse("1kb")).isEqualTo(1024);
        assertThat(MemoryUnits.parse("2MB")).isEqualTo(2 * 1024 * 1024);
        assertThat(MemoryUnits.parse("1g")).isEqualTo(1_000_000_000L);
        assertThat(MemoryUnits.parse("1gb")).isEqualTo(1L << 30);
        assertThat(MemoryUnits.parse("42")).isEqualTo(42);
        assertThatThrownBy(() -> MemoryUnits.parse("12xb")).isInstanceOf(NumberFormatException.class);
    }
}
