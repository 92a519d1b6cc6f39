package io.redisha.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encodings older Redis versions wrote (and 7.2's listpack sets), read back exactly. */
class RdbLegacyEncodingsTest {
    static final long FAR_SECONDS = 2_000_000_000L; // 2033: the seconds opcode holds a signed 32-bit time
    static final String[] LIST = {"a", "1", "-1", "12", "13", "-129", "300", "70000", "-8388608", "8388608",
            "2147483648", "-9223372036854775808", "", "x".repeat(70), "y".repeat(300)};

    /** A version 9 file (Redis 5/6) with ziplists, a zipmap, a quicklist, string scores, second expiries. */
    static byte[] redis6File() throws Exception {
        Blobs.Raw r = new Blobs.Raw(9);
        r.op(Rdb.OP_AUX).str("redis-ver").str("6.2.0");
        r.op(Rdb.OP_SELECTDB).len(0).op(Rdb.OP_RESIZEDB).len(11).len(1);
        r.op(Rdb.TYPE_LIST_ZIPLIST).str("lz").blob(Blobs.ziplist(LIST));
        r.op(Rdb.TYPE_LIST_QUICKLIST).str("lq").len(2).blob(Blobs.ziplist("a", "b")).blob(Blobs.ziplist(LIST));
        r.op(Rdb.TYPE_HASH_ZIPLIST).str("hz").blob(Blobs.ziplist("f1", "v1", "f2", "2", "f3", "-70000"));
        r.op(Rdb.TYPE_HASH_ZIPMAP).str("hm").blob(Blobs.zipmap("f", "v", "long", "z".repeat(300), "n", "5"));
        r.op(Rdb.TYPE_ZSET_ZIPLIST).str("zz").blob(Blobs.ziplist("a", "1", "b", "1.5", "c", "-inf", "d", "inf", "e", "-3"));
        r.op(Rdb.TYPE_ZSET).str("zs").len(3).str("a").op(3).raw("2.5").str("b").op(254).str("c").op(255);
        r.op(Rdb.TYPE_SET).str("s").len(3).str("x").str("1").str("y");
        byte[] is16 = {2, 0, 0, 0, 3, 0, 0, 0, (byte) 0xfe, (byte) 0xff, 5, 0, 0, 1};
        r.op(Rdb.TYPE_SET_INTSET).str("is16").blob(is16);
        byte[] is64 = new byte[8 + 16];
        RdbWriter.putLe(is64, 0, 8, 4);
        RdbWriter.putLe(is64, 4, 2, 4);
        RdbWriter.putLe(is64, 8, Long.MIN_VALUE, 8);
        RdbWriter.putLe(is64, 16, 1L << 40, 8);
        r.op(Rdb.TYPE_SET_INTSET).str("is64").blob(is64);
        r.op(Rdb.OP_EXPIRETIME).le(FAR_SECONDS, 4).op(Rdb.TYPE_STRING).str("exp").str("v");
        r.op(Rdb.OP_IDLE).len(1000).op(Rdb.TYPE_STRING).str("idle").str("12345");
        r.op(Rdb.OP_SELECTDB).len(3);
        r.op(Rdb.OP_FREQ).op(7).op(Rdb.TYPE_STRING).str("k3").str("in db 3");
        return r.end(true, 9);
    }

    @Test
    void readsRedis6Encodings() throws Exception {
        Loaded l = Loaded.read(redis6File());
        Map<String, Loaded.Entry> d = l.db(0);
        assertThat(d.get("lz").value()).isEqualTo(List.of(LIST));
        List<String> lq = new java.util.ArrayList<>(List.of("a", "b"));
        lq.addAll(List.of(LIST));
        assertThat(d.get("lq").value()).isEqualTo(lq);
        assertThat(d.get("hz").value()).isEqualTo(Map.of("f1", "v1", "f2", "2", "f3", "-70000"));
        assertThat(d.get("hm").value()).isEqualTo(Map.of("f", "v", "long", "z".repeat(300), "n", "5"));
        assertThat(d.get("zz").value()).isEqualTo(Map.of("a", 1.0, "b", 1.5, "c", Double.NEGATIVE_INFINITY,
                "d", Double.POSITIVE_INFINITY, "e", -3.0));
        assertThat(d.get("zs").value()).isEqualTo(Map.of("a", 2.5, "b", Double.POSITIVE_INFINITY, "c", Double.NEGATIVE_INFINITY));
        assertThat(d.get("s").value()).isEqualTo(Set.of("x", "1", "y"));
        assertThat(d.get("is16").value()).isEqualTo(Set.of("-2", "5", "256"));
        assertThat(d.get("is64").value()).isEqualTo(Set.of("-9223372036854775808", "1099511627776"));
        assertThat(d.get("exp")).isEqualTo(new Loaded.Entry("v", FAR_SECONDS * 1000));
        assertThat(d.get("idle")).isEqualTo(new Loaded.Entry("12345", 0));
        assertThat(l.db(3)).containsExactly(Map.entry("k3", new Loaded.Entry("in db 3", 0)));
        assertThat(l.aux).containsEntry("redis-ver", "6.2.0");
    }

    @Test
    void realRedisReadsTheSameFromTheseEncodings(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RealRedis.installed());
        Files.write(dir.resolve("dump.rdb"), redis6File());
        Loaded l = Loaded.read(dir.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.start(dir)) {
            assertThat(redis.contents(16)).isEqualTo(l.dbs);
        }
        byte[] v10 = redis7File();
        Files.write(dir.resolve("dump.rdb"), v10);
        try (RealRedis redis = RealRedis.start(dir)) {
            assertThat(redis.contents(16)).isEqualTo(Loaded.read(v10).dbs);
        }
    }

    /** Version 10 types written by hand: quicklist 2 with a plain and a packed node, listpack hash and zset. */
    static byte[] redis7File() throws Exception {
        Blobs.Raw r = new Blobs.Raw(10);
        r.op(Rdb.OP_SELECTDB).len(0);
        r.op(Rdb.TYPE_LIST_QUICKLIST_2).str("q2").len(3)
                .len(Rdb.QUICKLIST_NODE_PACKED).blob(Blobs.listpack("a", "7", "-5", "x".repeat(100)))
                .len(Rdb.QUICKLIST_NODE_PLAIN).str("p".repeat(5000))
                .len(Rdb.QUICKLIST_NODE_PACKED).blob(Blobs.listpack("z".repeat(5000), "9223372036854775807"));
        r.op(Rdb.TYPE_HASH_LISTPACK).str("hl").blob(Blobs.listpack("f", "1", "g", "text"));
        r.op(Rdb.TYPE_ZSET_LISTPACK).str("zl").blob(Blobs.listpack("m", "1", "n", "2.25", "o", "-inf"));
        return r.end(true, 10);
    }

    @Test
    void readsRedis7HandMadeEncodings() throws Exception {
        Loaded l = Loaded.read(redis7File());
        assertThat(l.db(0).get("q2").value()).isEqualTo(List.of("a", "7", "-5", "x".repeat(100), "p".repeat(5000),
                "z".repeat(5000), "9223372036854775807"));
        assertThat(l.db(0).get("hl").value()).isEqualTo(Map.of("f", "1", "g", "text"));
        assertThat(l.db(0).get("zl").value()).isEqualTo(Map.of("m", 1.0, "n", 2.25, "o", Double.NEGATIVE_INFINITY));
    }

    @Test
    void readsRedis72ListpackSetsAndSkipsModuleAux() throws Exception {
        Blobs.Raw r = new Blobs.Raw(11);
        // Module AUX data: module id, "when" (UINT opcode + value), then typed values up to EOF.
        r.op(Rdb.OP_MODULE_AUX).len(0x1234567890L).len(Rdb.MODULE_OP_UINT).len(2)
                .len(Rdb.MODULE_OP_STRING).str("payload").len(Rdb.MODULE_OP_SINT).len(5)
                .len(Rdb.MODULE_OP_DOUBLE).le(0, 8).len(Rdb.MODULE_OP_FLOAT).le(0, 4).len(Rdb.MODULE_OP_EOF);
        r.op(Rdb.OP_SELECTDB).len(1);
        r.op(Rdb.TYPE_SET_LISTPACK).str("sl").blob(Blobs.listpack("a", "b", "100", "-3"));
        Loaded l = Loaded.read(r.end(true, 11));
        assertThat(l.db(1).get("sl").value()).isEqualTo(Set.of("a", "b", "100", "-3"));
    }

    @Test
    void oldVersionsWithoutChecksumAndZeroChecksums() throws Exception {
        Blobs.Raw r = new Blobs.Raw(4);
        r.op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_STRING).str("k").str("v");
        assertThat(Loaded.read(r.end(false, 4)).db(0)).containsKey("k");
        Blobs.Raw z = new Blobs.Raw(10);
        z.op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_STRING).str("k").str("v");
        assertThat(Loaded.read(z.end(false, 10)).db(0)).containsKey("k");
    }

    @Test
    void refusesWhatItCannotLoad() throws Exception {
        assertThatThrownBy(() -> Loaded.read(new Blobs.Raw(12).end(true, 12)))
                .isInstanceOf(RdbException.class).hasMessageContaining("can't handle RDB format version 12");
        assertThatThrownBy(() -> Loaded.read("REDIX0009\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .isInstanceOf(RdbException.class).hasMessageContaining("wrong signature");
        byte[] fn = new Blobs.Raw(10).op(Rdb.OP_FUNCTION2).str("#!lua name=lib\nredis.register_function('f', function() return 1 end)").end(true, 10);
        assertThatThrownBy(() -> Loaded.read(fn)).isInstanceOf(RdbException.class).hasMessageContaining("functions")
                .hasMessageContaining("at offset 9");
        Map<String, String> libs = new LinkedHashMap<>();
        new RdbReader(new PlainValues()).read(new ByteArrayInputStream(fn), new Loaded() {
            @Override
            public void function(byte[] code, long offset) {
                libs.put("lib", PlainValues.s(code));
            }
        });
        assertThat(libs.get("lib")).startsWith("#!lua");
        byte[] module = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_MODULE_2).str("k").len(1).end(true, 10);
        assertThatThrownBy(() -> Loaded.read(module)).isInstanceOf(RdbException.class).hasMessageContaining("module value")
                .hasMessageContaining("at offset 11");
        byte[] stream = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(Rdb.TYPE_STREAM_LISTPACKS_2).str("k").len(0).end(true, 10);
        assertThatThrownBy(() -> Loaded.read(stream)).isInstanceOf(RdbException.class).hasMessageContaining("stream");
        byte[] unknown = new Blobs.Raw(10).op(Rdb.OP_SELECTDB).len(0).op(99).str("k").end(true, 10);
        assertThatThrownBy(() -> Loaded.read(unknown)).isInstanceOf(RdbException.class)
                .hasMessage("unknown object type 99 at offset 11");
    }
}
