package io.redisha.node.persistence.aof;

import io.redisha.node.keyspace.RedisValue;
import io.redisha.node.keyspace.hash.HashValue;
import io.redisha.node.keyspace.list.ListValue;
import io.redisha.node.keyspace.set.SetValue;
import io.redisha.node.keyspace.zset.ZSet;
import io.redisha.node.persistence.rdb.RdbSource;
import io.redisha.node.server.Doubles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A base file as commands ({@code aof-use-rdb-preamble no}): per database a SELECT, then per key
 * the command that rebuilds it (containers in batches of 64 items, as Redis does) and a
 * PEXPIREAT for a key with a TTL.
 */
final class AofBaseCommands {
    private static final int ITEMS_PER_CMD = 64;

    private final OutputStream out;

    private AofBaseCommands(OutputStream out) {
        this.out = out;
    }

    static void write(RdbSource src, OutputStream out, boolean timestamp) throws IOException {
        AofBaseCommands w = new AofBaseCommands(out);
        if (timestamp) out.write(("#TS:" + System.currentTimeMillis() / 1000 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int db = 0; db < src.databases(); db++) {
            if (src.keys(db) == 0) continue;
            w.command(b("SELECT"), b(Integer.toString(db)));
            try {
                src.forEach(db, (key, value, expireAt) -> {
                    try {
                        w.entry(key, value, expireAt);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        out.flush();
    }

    private void entry(byte[] key, Object value, long expireAt) throws IOException {
        if (value instanceof RedisValue c && c.size() == 0) return;
        if (value instanceof byte[] s) {
            command(b("SET"), key, s);
        } else if (value instanceof ListValue l) {
            int n = l.length();
            for (int i = 0; i < n; i += ITEMS_PER_CMD) {
                int m = Math.min(ITEMS_PER_CMD, n - i);
                byte[][] argv = new byte[2 + m][];
                argv[0] = b("RPUSH");
                argv[1] = key;
                for (int j = 0; j < m; j++) argv[2 + j] = l.get(i + j);
                command(argv);
            }
        } else if (value instanceof SetValue s) {
            Batch batch = new Batch(b("SADD"), key, 1);
            if (s.isIntset()) {
                for (int i = 0; i < (int) s.size(); i++) batch.add(b(Long.toString(s.intAt(i))));
            } else {
                int n = s.slots();
                for (int i = 0; i < n; i++) if (s.isLive(i)) batch.add(s.memberAt(i));
            }
            batch.finish();
        } else if (value instanceof HashValue h) {
            Batch batch = new Batch(b("HMSET"), key, 2);
            int n = h.slots();
            for (int i = 0; i < n; i++) {
                if (h.isLive(i)) batch.add(h.fieldAt(i), h.valueAt(i));
            }
            batch.finish();
        } else if (value instanceof ZSet z) {
            Batch batch = new Batch(b("ZADD"), key, 2);
            try {
                z.forEach((member, score) -> {
                    try {
                        batch.add(b(Doubles.g17(score)), member);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            batch.finish();
        } else {
            throw new IllegalArgumentException("cannot rewrite a value of " + value.getClass().getName());
        }
        if (expireAt != 0) command(b("PEXPIREAT"), key, b(Long.toString(expireAt)));
    }

    /** Collects items into commands of at most 64 items each. */
    private final class Batch {
        private final byte[] cmd;
        private final byte[] key;
        private final byte[][] items;
        private int n;

        Batch(byte[] cmd, byte[] key, int width) {
            this.cmd = cmd;
            this.key = key;
            this.items = new byte[ITEMS_PER_CMD * width][];
        }

        void add(byte[]... item) throws IOException {
            for (byte[] x : item) items[n++] = x;
            if (n == items.length) finish();
        }

        void finish() throws IOException {
            if (n == 0) return;
            byte[][] argv = new byte[2 + n][];
            argv[0] = cmd;
            argv[1] = key;
            System.arraycopy(items, 0, argv, 2, n);
            command(argv);
            n = 0;
        }
    }

    private void command(byte[]... argv) throws IOException {
        out.write(('*' + Integer.toString(argv.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
