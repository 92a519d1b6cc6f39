package io.redisha.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputBufferLimitsTest {
    @Test
    void aSettingChangesOnlyTheClassesItNames() {
        String v = OutputBufferLimits.normalise(List.of("replica", "1mb", "512kb", "10"), OutputBufferLimits.DEFAULT);
        assertThat(v).isEqualTo("normal 0 0 0 slave 1048576 524288 10 pubsub 33554432 8388608 60");
        v = OutputBufferLimits.normalise(List.of("pubsub", "0", "0", "0", "normal", "1gb", "0", "0"), v);
        assertThat(v).isEqualTo("normal 1073741824 0 0 slave 1048576 524288 10 pubsub 0 0 0");
        assertThat(OutputBufferLimits.parse(v)[OutputBufferLimits.REPLICA].softSeconds()).isEqualTo(10);
    }

    @Test
    void badSettingsAreRefusedWithRedisReasons() {
        String d = OutputBufferLimits.DEFAULT;
        assertThatThrownBy(() -> OutputBufferLimits.normalise(List.of("master", "1", "1", "1"), d))
                .hasMessage("Invalid client class specified in buffer limit configuration.");
        assertThatThrownBy(() -> OutputBufferLimits.normalise(List.of("normal", "1", "1"), d))
                .hasMessage("Wrong number of arguments in buffer limit configuration.");
        assertThatThrownBy(() -> OutputBufferLimits.normalise(List.of("normal", "-1", "1", "1"), d))
                .hasMessage("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }
}
