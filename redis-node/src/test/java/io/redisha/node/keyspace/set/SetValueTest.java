package io.redisha.node.keyspace.set;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void intsetIsSortedAndConvertsPastTheLimit() {
        SetValue s = SetValue.createFor(b("5"));
        assertThat(s.encoding()).isEqualTo("intset");
        for (int i = SetValue.MAX_INTSET_ENTRIES - 1; i >= 0; i--) s.add(b(Integer.toString(i)));
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(s.intAt(0)).isZero();
        assertThat(s.intAt(511)).isEqualTo(511);
        s.add(b("512"));
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(s.size()).isEqualTo(513);
        assertThat(s.contains(b("0"))).isTrue();
    }

    @Test
    void nonCanonicalIntegersAreStrings() {
        for (String m : new String[] {"01", "+1", "-0", " 1", "9223372036854775808", "a"}) {
            SetValue s = SetValue.createFor(b(m));
            assertThat(s.encoding()).as(m).isEqualTo("hashtable");
        }
        SetValue s = SetValue.createFor(b("-9223372036854775808"));
        assertThat(s.encoding()).isEqualTo("intset");
        s.add(b("-9223372036854775808"));
        s.add(b("1"));
        assertThat(s.contains(b("01"))).isFalse();
        s.add(b("x"));
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(s.contains(b("1"))).isTrue();
        assertThat(s.contains(b("-9223372036854775808"))).isTrue();
        List<String> seen = new ArrayList<>();
        s.forEach(m -> seen.add(new String(m)));
        assertThat(seen).containsExactlyInAnyOrder("-9223372036854775808", "1", "x");
    }

    @Test
    void removeFromBothEncodings() {
        SetValue s = SetValue.createFor(b("1"));
        s.add(b("1"));
        s.add(b("2"));
        assertThat(s.remove(b("a"))).isFalse();
        assertThat(s.remove(b("1"))).isTrue();
        assertThat(s.size()).isEqualTo(1);
        SetValue t = SetValue.createFor(b("a"));
        t.add(b("a"));
        assertThat(t.remove(b("a"))).isTrue();
        assertThat(t.size()).isZero();
    }
}
