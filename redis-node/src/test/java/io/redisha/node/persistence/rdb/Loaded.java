package io.redisha.node.persistence.rdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What a test read from an RDB file: aux fields and, per db, key to value and expiry. */
class Loaded implements RdbSink {
    record Entry(Object value, long expireAt) {}

    final Map<String, String> aux = new LinkedHashMap<>();
    final Map<Integer, Map<String, Entry>> dbs = new TreeMap<>();
    final Map<Integer, long[]> sizes = new TreeMap<>();
    private int db = -1;

    static Loaded read(byte[] rdb) throws IOException {
        Loaded l = new Loaded();
        new RdbReader(new PlainValues()).read(new ByteArrayInputStream(rdb), l);
        return l;
    }

    static Loaded read(Path file) throws IOException {
        Loaded l = new Loaded();
        new RdbReader(new PlainValues()).read(file, l);
        return l;
    }

    @Override
    public void aux(byte[] name, byte[] value) {
        aux.put(PlainValues.s(name), PlainValues.s(value));
    }

    @Override
    public void selectDb(int db) {
        this.db = db;
    }

    @Override
    public void resizeDb(long keys, long expires) {
        sizes.put(db, new long[] {keys, expires});
    }

    @Override
    public void entry(byte[] key, Object value, long expireAtMs) {
        if (value instanceof byte[] b) value = PlainValues.s(b);
        dbs.computeIfAbsent(db, k -> new LinkedHashMap<>()).put(PlainValues.s(key), new Entry(value, expireAtMs));
    }

    Map<String, Entry> db(int i) {
        return dbs.getOrDefault(i, Map.of());
    }
}
