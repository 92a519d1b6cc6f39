package io.redisha.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.keyspace.hash.HashValue;
import io.redisha.node.keyspace.set.SetValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(Keyspace ks) {
        return Digest.hex(new Digest().dataset(ks));
    }

    /** The same dataset built in another order, with a set past the intset limit in one of them. */
    private static Keyspace build(boolean reversed, long ttl) {
        Keyspace ks = new Keyspace(16);
        SetValue set = SetValue.createFor(b("1"));
        HashValue hash = new HashValue();
        for (int k = 0; k < 600; k++) {
            int i = reversed ? 599 - k : k;
            set.add(b(Integer.toString(i)));
            hash.put(b("f" + i), b("v" + i));
        }
        String[] keys = reversed ? new String[] {"h", "s", "str"} : new String[] {"str", "s", "h"};
        for (String k : keys) {
            switch (k) {
                case "str" -> ks.db(0).add(b("str"), b("value"));
                case "s" -> ks.db(0).add(b("s"), set);
                default -> ks.db(3).add(b("h"), hash);
            }
        }
        ks.db(0).setExpire(b("str"), ttl);
        return ks;
    }

    @Test
    void anEmptyDatasetIsFortyZeros() {
        assertThat(digest(new Keyspace(16))).isEqualTo("0".repeat(40));
    }

    @Test
    void insertionOrderDoesNotMatterButExpiryDoes() {
        String a = digest(build(false, 2_000_000_000_000L));
        assertThat(a).matches("[0-9a-f]{40}").isNotEqualTo("0".repeat(40));
        assertThat(digest(build(true, 2_000_000_000_000L))).isEqualTo(a);
        assertThat(digest(build(false, 2_000_000_000_001L))).isNotEqualTo(a);
    }

    @Test
    void theDbAKeyLivesInMatters() {
        Keyspace one = new Keyspace(16);
        one.db(0).add(b("k"), b("v"));
        Keyspace two = new Keyspace(16);
        two.db(1).add(b("k"), b("v"));
        assertThat(digest(one)).isNotEqualTo(digest(two));
        assertThat(Digest.hex(new Digest().value(b("v")))).isNotEqualTo("0".repeat(40));
    }
}
