package io.redisha.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Truncated or damaged files always fail with an offset; nothing is reported as a complete load. */
class RdbCorruptionTest {
    private static byte[] sampleFile() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RdbWriter().write(RdbSource.of(RdbRoundTripTest.sample()), out);
        return out.toByteArray();
    }

    private static Throwable load(byte[] rdb, RdbValues values) {
        return catchThrowable(() -> new RdbReader(values).read(new ByteArrayInputStream(rdb), new Loaded()));
    }

    @Test
    void truncationAnywhereIsAnEndOfFileError() throws Exception {
        byte[] full = sampleFile();
        int step = Math.max(1, full.length / 300);
        for (int cut = 0; cut < full.length; cut += cut < 300 ? 1 : step) {
            Throwable t = load(Arrays.copyOf(full, cut), new PlainValues());
            assertThat(t).as("cut at %d", cut).isInstanceOf(RdbException.class);
            if (cut >= 9) assertThat(t).hasMessageStartingWith("unexpected end of file at offset " + cut);
        }
        for (int cut = full.length - 9; cut < full.length; cut++) {
            assertThat(load(Arrays.copyOf(full, cut), new PlainValues())).hasMessage("unexpected end of file at offset " + cut);
        }
    }

    @Test
    void flippedBitsAreCaught() throws Exception {
        byte[] full = sampleFile();
        int step = Math.max(1, full.length / 300);
        for (int at = 0; at < full.length; at += at < 300 ? 1 : step) {
            for (int bit : new int[] {at % 8}) {
                byte[] bad = full.clone();
                bad[at] ^= (byte) (1 << bit);
                for (RdbValues values : new RdbValues[] {new PlainValues(), new KeyspaceValues()}) {
                    Throwable t = load(bad, values);
                    assertThat(t).as("bit %d of byte %d", bit, at).isInstanceOf(RdbException.class);
                    assertThat(t.getMessage()).contains("at offset");
                }
            }
        }
    }

    @Test
    void badChecksumNamesTheTrailerOffset() throws Exception {
        byte[] bad = sampleFile();
        bad[bad.length - 3] ^= 0x10;
        assertThat(load(bad, new PlainValues())).isInstanceOf(RdbException.class)
                .hasMessageStartingWith("bad CRC64 checksum").hasMessageEndingWith("at offset " + (bad.length - 8));
    }

    @Test
    void corruptCompactEncodingsAreNamed() throws Exception {
        byte[] lp = Blobs.listpack("a", "b");
        lp[6] = (byte) 0xf7; // no such listpack encoding
        byte[] rdb = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_HASH_LISTPACK).str("h").blob(lp).end(true, 10);
        assertThatThrownBy(() -> Loaded.read(rdb)).isInstanceOf(RdbException.class)
                .hasMessage("corrupt listpack (bad listpack encoding byte 247 at byte 6) at offset 14");

        byte[] odd = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_HASH_LISTPACK).str("h")
                .blob(Blobs.listpack("a", "b", "c")).end(true, 10);
        assertThatThrownBy(() -> Loaded.read(odd)).hasMessageContaining("odd number of elements");

        byte[] zl = Blobs.ziplist("a", "b");
        zl[8] = 5; // count says 5 entries
        byte[] badCount = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_LIST_ZIPLIST).str("l").blob(zl).end(true, 10);
        assertThatThrownBy(() -> Loaded.read(badCount)).hasMessageContaining("corrupt ziplist (ziplist header says 5 elements, found 2)");

        byte[] is = {4, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0};
        byte[] unsorted = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_SET_INTSET).str("s").blob(is).end(true, 10);
        assertThatThrownBy(() -> Loaded.read(unsorted)).hasMessageContaining("corrupt intset (intset not sorted");

        byte[] lzf = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_STRING).str("k")
                .op(0xc3).len(2).len(10).op(5).op('a').end(true, 10);
        assertThatThrownBy(() -> Loaded.read(lzf)).hasMessageStartingWith("corrupt LZF string").hasMessageEndingWith("at offset 14");
    }

    @Test
    void hugeDeclaredLengthsFailAtEndOfFileWithoutAllocatingThem() throws Exception {
        byte[] rdb = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_STRING).str("k").op(0x80).le(0xfffffff0L, 4).end(true, 10);
        assertThat(load(rdb, new PlainValues())).hasMessageContaining("out of range at offset 14");
        byte[] big = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_STRING).str("k").len(2_000_000_000).raw("abc").end(true, 10);
        assertThat(load(big, new PlainValues())).hasMessageStartingWith("unexpected end of file");
        byte[] list = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_LIST).str("k").len(1L << 40).str("a").end(true, 10);
        assertThat(load(list, new PlainValues())).isInstanceOf(RdbException.class);
    }
}
