package io.redisha.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {
    @Test
    void checkValueOfTheJonesVariant() {
        // The value Redis's own crc64 test expects for "123456789".
        assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe9c6d914c4b8d9caL);
        assertThat(Crc64.of(new byte[0])).isZero();
    }

    @Test
    void slicedPathMatchesBytewiseUpdatesAtEverySplit() {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        long whole = Crc64.of(data);
        for (int split = 0; split <= 40; split++) {
            long c = Crc64.update(0, data, 0, split);
            c = Crc64.update(c, data, split, data.length - split);
            assertThat(c).isEqualTo(whole);
        }
        long bytewise = 0;
        for (byte b : data) bytewise = Crc64.update(bytewise, new byte[] {b}, 0, 1);
        assertThat(bytewise).isEqualTo(whole);
    }
}
