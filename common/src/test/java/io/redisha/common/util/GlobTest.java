package io.redisha.common.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlobTest {
    private static boolean m(String p, String s) {
        return Glob.matches(p.getBytes(StandardCharsets.UTF_8), s.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void redisPatterns() {
        assertThat(m("*", "")).isTrue();
        assertThat(m("h?llo", "hello")).isTrue();
        assertThat(m("h*llo", "heeeello")).isTrue();
        assertThat(m("h[ae]llo", "hallo")).isTrue();
        assertThat(m("h[ae]llo", "hillo")).isFalse();
        assertThat(m("h[^e]llo", "hallo")).isTrue();
        assertThat(m("h[^e]llo", "hello")).isFalse();
        assertThat(m("h[a-b]llo", "hbllo")).isTrue();
        assertThat(m("h\\*llo", "h*llo")).isTrue();
        assertThat(m("h\\*llo", "hello")).isFalse();
        assertThat(m("key:*", "key:1")).isTrue();
        assertThat(m("key:*", "kez:1")).isFalse();
        assertThat(Glob.matches("Dir*", "dir")).isTrue();
    }

    @Test
    void pathologicalPatternTerminates() {
        String p = "a*".repeat(30) + "b";
        assertThat(m(p, "a".repeat(40))).isFalse();
    }
}
