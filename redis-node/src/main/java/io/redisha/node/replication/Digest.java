package io.redisha.node.replication;

import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.CommandTable;
import io.redisha.node.keyspace.Database;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.keyspace.hash.HashValue;
import io.redisha.node.keyspace.list.ListValue;
import io.redisha.node.keyspace.set.SetValue;
import io.redisha.node.keyspace.zset.ZSet;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE: a SHA-1 based fingerprint of the dataset, the same on
 * two nodes exactly when they hold the same keys, values and expiry times (whatever the
 * encodings or insertion order), which is how replicas are checked against their master.
 * Keys and the members of sets, hashes and sorted sets are combined with XOR, so the order
 * they are stored in does not matter; list elements are hashed in order. An empty dataset is
 * 40 zeros, as in Redis. The values are not Redis's own (its digest hashes its encodings).
 */
final class Digest {
    private final MessageDigest sha;
    private final MessageDigest inner;

    Digest() {
        try {
            sha = MessageDigest.getInstance("SHA-1");
            inner = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void register(CommandTable t, Keyspace ks) {
        CommandSpec debug = t.lookup("debug");
        if (debug == null || debug.subcommands() == null) return;
        int f = io.redisha.node.command.CommandFlags.ADMIN | io.redisha.node.command.CommandFlags.NOSCRIPT
                | io.redisha.node.command.CommandFlags.LOADING | io.redisha.node.command.CommandFlags.STALE;
        t.sub(debug, "digest", 2, f, (c, a) -> c.reply().bulk(hex(new Digest().dataset(ks))));
        t.sub(debug, "digest-value", -2, f, (c, a) -> digestValues(c, a));
    }

    private static void digestValues(Client c, byte[][] a) {
        Digest d = new Digest();
        Reply r = c.reply();
        r.array(a.length - 2);
        for (int i = 2; i < a.length; i++) {
            Object v = c.db.peek(a[i]);
            r.bulk(hex(v == null ? new byte[20] : d.value(v)));
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The whole dataset: XOR over every key of SHA-1(db, key, value digest, expiry). */
    byte[] dataset(Keyspace ks) {
        byte[] acc = new byte[20];
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0) continue;
            int id = i;
            db.forEach((key, value, expireAt) -> {
                byte[] v = value(value);
                sha.reset();
                putLong(sha, id);
                putBytes(sha, key);
                sha.update(v);
                putLong(sha, expireAt);
                xor(acc, sha.digest());
            });
        }
        return acc;
    }

    /** One value, its type included, without key or expiry. */
    byte[] value(Object v) {
        if (v instanceof byte[] s) {
            inner.reset();
            inner.update((byte) 's');
            putBytes(inner, s);
            return inner.digest();
        }
        if (v instanceof ListValue l) {
            inner.reset();
            inner.update((byte) 'l');
            int n = l.length();
            for (int i = 0; i < n; i++) putBytes(inner, l.get(i));
            return inner.digest();
        }
        byte[] acc = new byte[20];
        char type;
        if (v instanceof SetValue s) {
            type = 'S';
            s.forEach(m -> element(acc, m, null));
        } else if (v instanceof HashValue h) {
            type = 'h';
            h.forEach((f, val) -> element(acc, f, val));
        } else if (v instanceof ZSet z) {
            type = 'z';
            byte[] score = new byte[8];
            z.forEach((m, sc) -> {
                long bits = Double.doubleToLongBits(sc);
                for (int i = 0; i < 8; i++) score[i] = (byte) (bits >>> (56 - 8 * i));
                element(acc, m, score);
            });
        } else {
            type = '?';
        }
        inner.reset();
        inner.update((byte) type);
        inner.update(acc);
        return inner.digest();
    }

    /** Adds one unordered element (a member, or a field and its value) into {@code acc}. */
    private void element(byte[] acc, byte[] a, byte[] b) {
        inner.reset();
        putBytes(inner, a);
        if (b != null) putBytes(inner, b);
        xor(acc, inner.digest());
    }

    private static void xor(byte[] acc, byte[] d) {
        for (int i = 0; i < 20; i++) acc[i] ^= d[i];
    }

    /** Length-prefixed, so that ("ab","c") and ("a","bc") differ. */
    private static void putBytes(MessageDigest md, byte[] b) {
        putLong(md, b.length);
        md.update(b);
    }

    private static void putLong(MessageDigest md, long v) {
        for (int i = 56; i >= 0; i -= 8) md.update((byte) (v >>> i));
    }
}
