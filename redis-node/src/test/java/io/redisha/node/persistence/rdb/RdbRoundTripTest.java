package io.redisha.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.keyspace.hash.HashValue;
import io.redisha.node.keyspace.list.ListValue;
import io.redisha.node.keyspace.set.SetValue;
import io.redisha.node.keyspace.zset.ZSet;
import java.util.ArrayList;
import java.util.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RdbRoundTripTest {
    static final long FAR = 4_102_444_800_000L; // 2100-01-01

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every string and container shape the writer handles, in dbs 0 and 5, with TTLs. */
    static Keyspace sample() {
        Keyspace ks = new Keyspace(16);
        Database d0 = ks.db(0);
        String[] strings = {"", "0", "-1", "127", "-128", "128", "32767", "-32768", "32768", "2147483647",
                "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808", "007", "-0", "+5",
                "1.5", "hello", "x".repeat(21), "abc".repeat(1000), "\u0000\u00ff\r\n binary"};
        for (int i = 0; i < strings.length; i++) d0.add(b("s" + i), b(strings[i]));
        byte[] random = new byte[5000];
        new java.util.Random(1).nextBytes(random);
        d0.add(b("random"), random);

        HashValue small = new HashValue();
        small.put(b("f1"), b("v1"));
        small.put(b("n"), b("12345"));
        d0.add(b("hsmall"), small);
        HashValue big = new HashValue();
        for (int i = 0; i < 1000; i++) big.put(b("field:" + i), b(i % 7 == 0 ? "v".repeat(100) : Integer.toString(i)));
        d0.add(b("hbig"), big);

        SetValue ints = new SetValue();
        for (long v : new long[] {1, -5, 40000, -70000, 1L << 40, Long.MIN_VALUE, Long.MAX_VALUE}) ints.addInt(v);
        d0.add(b("iset"), ints);
        SetValue ints16 = new SetValue();
        for (int i = 0; i < 100; i++) ints16.addInt(i * 3);
        d0.add(b("iset16"), ints16);
        SetValue bigInts = new SetValue();
        for (int i = 0; i < 600; i++) bigInts.addInt(i);
        d0.add(b("isetbig"), bigInts);
        SetValue strs = SetValue.createFor(b("a"));
        for (String m : new String[] {"a", "b", "c", "10", "long member ".repeat(5)}) strs.add(b(m));
        d0.add(b("sset"), strs);

        ListValue smallList = new ListValue();
        for (String e : new String[] {"a", "1", "-300", "70000", "5000000000", "x".repeat(100), ""}) smallList.add(b(e));
        d0.add(b("lsmall"), smallList);
        ListValue bigList = new ListValue();
        for (int i = 0; i < 5000; i++) bigList.add(b(i % 3 == 0 ? "element-" + i : Integer.toString(i - 2500)));
        d0.add(b("lbig"), bigList);

        ZSet zsmall = new ZSet();
        zsmall.put(b("a"), 1);
        zsmall.put(b("b"), -2.5);
        zsmall.put(b("c"), Double.POSITIVE_INFINITY);
        zsmall.put(b("d"), Double.NEGATIVE_INFINITY);
        zsmall.put(b("e"), 0.1);
        zsmall.put(b("f"), 1e300);
        d0.add(b("zsmall"), zsmall);
        ZSet zbig = new ZSet();
        for (int i = 0; i < 500; i++) zbig.put(b("member" + i), i * 1.25 - 100);
        d0.add(b("zbig"), zbig);
        ZSet zlong = new ZSet();
        zlong.put(b("m".repeat(80)), 3);
        d0.add(b("zlong"), zlong);

        d0.add(b("ttl-string"), b("v"));
        d0.setExpire(b("lbig"), FAR + 2);
        d0.setExpire(b("zsmall"), FAR + 3);
        d0.setExpire(b("ttl-string"), FAR);
        d0.setExpire(b("hsmall"), FAR + 1);
        d0.setExpire(b("iset"), 1_000L); // long expired: still written, as Redis does

        Database d5 = ks.db(5);
        d5.add(b("s0"), b("in db 5"));
        d5.add(b("other"), b("12"));
        d5.setExpire(b("other"), FAR + 5);
        return ks;
    }

    /** The sample as plain collections, keyed by db then key. */
    static Map<Integer, Map<String, Loaded.Entry>> expected(Keyspace ks) {
        Map<Integer, Map<String, Loaded.Entry>> all = new HashMap<>();
        for (int i = 0; i < ks.databases(); i++) {
            Map<String, Loaded.Entry> m = new LinkedHashMap<>();
            ks.db(i).forEach((k, v, exp) -> m.put(PlainValues.s(k), new Loaded.Entry(plain(v), exp)));
            if (!m.isEmpty()) all.put(i, m);
        }
        return all;
    }

    static Object plain(Object v) {
        if (v instanceof byte[] s) return PlainValues.s(s);
        if (v instanceof HashValue h) {
            Map<String, String> m = new LinkedHashMap<>();
            h.forEach((f, x) -> m.put(PlainValues.s(f), PlainValues.s(x)));
            return m;
        }
        if (v instanceof SetValue s) {
            Set<String> m = new LinkedHashSet<>();
            s.forEach(x -> m.add(PlainValues.s(x)));
            return m;
        }
        if (v instanceof ListValue l) {
            List<String> m = new ArrayList<>();
            for (int i = 0; i < l.length(); i++) m.add(PlainValues.s(l.get(i)));
            return m;
        }
        if (v instanceof ZSet z) {
            Map<String, Double> m = new LinkedHashMap<>();
            z.forEach((x, score) -> m.put(PlainValues.s(x), score));
            return m;
        }
        throw new IllegalArgumentException(v.getClass().getName());
    }

    static byte[] write(Keyspace ks, RdbWriter w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(RdbSource.of(ks), out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void everyTypeRoundTrips(boolean compression, boolean checksum) throws IOException {
        Keyspace ks = sample();
        byte[] rdb = write(ks, new RdbWriter().compression(compression).checksum(checksum).ctime(1700000000).usedMemory(123456));
        assertThat(new String(rdb, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
        if (!checksum) assertThat(java.util.Arrays.copyOfRange(rdb, rdb.length - 8, rdb.length)).containsOnly(0);
        Loaded l = Loaded.read(rdb);
        assertThat(l.dbs).isEqualTo(expected(ks));
        assertThat(l.aux).containsExactly(Map.entry("redis-ver", "7.0.15"), Map.entry("redis-bits", "64"),
                Map.entry("ctime", "1700000000"), Map.entry("used-mem", "123456"), Map.entry("aof-base", "0"));
        assertThat(l.sizes.get(0)).containsExactly(ks.db(0).size(), 5);
        assertThat(l.sizes.get(5)).containsExactly(2, 1);
    }

    @Test
    void compressionShrinksLongRepetitiveStrings() throws IOException {
        Keyspace ks = sample();
        assertThat(write(ks, new RdbWriter().compression(true)).length)
                .isLessThan(write(ks, new RdbWriter().compression(false)).length - 2500);
    }

    @Test
    void replicationAuxFieldsInRedisOrder() throws IOException {
        byte[] rdb = write(new Keyspace(16), new RdbWriter().replication(3, "a".repeat(40), 123456789012L).aofBase(true));
        Loaded l = Loaded.read(rdb);
        assertThat(l.aux.keySet()).containsExactly("redis-ver", "redis-bits", "ctime", "used-mem",
                "repl-stream-db", "repl-id", "repl-offset", "aof-base");
        assertThat(l.aux).containsEntry("repl-stream-db", "3").containsEntry("repl-id", "a".repeat(40))
                .containsEntry("repl-offset", "123456789012").containsEntry("aof-base", "1");
        assertThat(l.dbs).isEmpty();
    }

    @Test
    void keyspaceValuesRebuildOurClassesWithTheirEncodings() throws IOException {
        Keyspace ks = sample();
        byte[] rdb = write(ks, new RdbWriter());
        Keyspace back = new Keyspace(16);
        RdbReader.forKeyspace().read(new ByteArrayInputStream(rdb), new RdbSink() {
            int db;

            @Override
            public void selectDb(int d) {
                db = d;
            }

            @Override
            public void entry(byte[] key, Object value, long expireAtMs) {
                back.db(db).add(key, value);
                if (expireAtMs != 0) back.db(db).setExpire(key, expireAtMs);
            }
        });
        assertThat(expected(back)).isEqualTo(expected(ks));
        assertThat(back.db(0).peek(b("hsmall"))).isInstanceOfSatisfying(HashValue.class, h -> assertThat(h.isListpack()).isTrue());
        assertThat(back.db(0).peek(b("hbig"))).isInstanceOfSatisfying(HashValue.class, h -> assertThat(h.isListpack()).isFalse());
        assertThat(back.db(0).peek(b("iset16"))).isInstanceOfSatisfying(SetValue.class, s -> assertThat(s.isIntset()).isTrue());
        assertThat(back.db(0).peek(b("isetbig"))).isInstanceOfSatisfying(SetValue.class, s -> assertThat(s.isIntset()).isFalse());
        assertThat(back.db(0).peek(b("sset"))).isInstanceOfSatisfying(SetValue.class, s -> assertThat(s.isIntset()).isFalse());
        assertThat(back.db(0).peek(b("zsmall"))).isInstanceOfSatisfying(ZSet.class, z -> assertThat(z.isListpack()).isTrue());
        assertThat(back.db(0).peek(b("zbig"))).isInstanceOfSatisfying(ZSet.class, z -> assertThat(z.isListpack()).isFalse());
        assertThat(back.db(0).peek(b("zlong"))).isInstanceOfSatisfying(ZSet.class, z -> assertThat(z.isListpack()).isFalse());
        assertThat(back.db(0).peek(b("lbig"))).isInstanceOfSatisfying(ListValue.class, x -> assertThat(x.length()).isEqualTo(5000));
    }

    @Test
    void checksumCanBeIgnoredOnRead() throws IOException {
        byte[] rdb = write(sample(), new RdbWriter());
        rdb[rdb.length - 1] ^= 1;
        Loaded l = new Loaded();
        new RdbReader(new PlainValues()).verifyChecksum(false).read(new ByteArrayInputStream(rdb), l);
        assertThat(l.dbs).isEqualTo(expected(sample()));
    }
}
