package io.redisha.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LzfTest {
    private final Lzf lzf = new Lzf();

    private byte[] roundTrip(byte[] in) {
        byte[] out = new byte[in.length + in.length / 16 + 64];
        int n = lzf.compress(in, in.length, out, out.length);
        assertThat(n).isPositive();
        byte[] back = Lzf.decompress(out, 0, n, in.length);
        assertThat(back).isEqualTo(in);
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void compressesRepetitiveDataAndRestoresIt() {
        byte[] in = "abcabcabcabcabcabcabcabcabcabcabcabcabcabc hello hello hello".repeat(50).getBytes(StandardCharsets.US_ASCII);
        assertThat(roundTrip(in).length).isLessThan(in.length / 5);
        byte[] zeros = new byte[100_000];
        assertThat(roundTrip(zeros).length).isLessThan(1200);
    }

    @Test
    void randomAndMixedInputsOfManySizes() {
        Random r = new Random(7);
        for (int len = 1; len < 3000; len += 1 + len / 7) {
            byte[] in = new byte[len];
            for (int i = 0; i < len; i++) in[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 'a' + r.nextInt(3));
            roundTrip(in);
            r.nextBytes(in);
            roundTrip(in);
        }
    }

    @Test
    void longMatchesAndFarOffsets() {
        Random r = new Random(3);
        byte[] block = new byte[8000];
        r.nextBytes(block);
        byte[] in = new byte[40_000];
        for (int i = 0; i < in.length; i++) in[i] = block[i % block.length];
        roundTrip(in);
    }

    @Test
    void givesUpWhenTheOutputWouldNotFit() {
        byte[] in = new byte[100];
        new Random(5).nextBytes(in);
        assertThat(lzf.compress(in, in.length, new byte[96], 96)).isZero();
    }

    @Test
    void decodesHandMadeStreams() {
        // literal "ab", then a back reference of 4 bytes at distance 2: "ababab"
        byte[] c = {1, 'a', 'b', (byte) (2 << 5), 1};
        assertThat(new String(Lzf.decompress(c, 0, c.length, 6), StandardCharsets.US_ASCII)).isEqualTo("ababab");
    }

    @Test
    void rejectsMalformedStreams() {
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {5, 'a'}, 0, 2, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {0, 'a', (byte) (1 << 5), 9}, 0, 4, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {1, 'a', 'b'}, 0, 3, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
