package io.redisha.node.keyspace;

import static io.redisha.node.command.CommandFlags.*;

import io.redisha.common.util.Glob;
import io.redisha.node.command.Args;
import io.redisha.node.command.CommandSpec;
import io.redisha.node.command.CommandTable;
import io.redisha.node.command.Dispatcher;
import io.redisha.node.command.RedisError;
import io.redisha.node.keyspace.hash.ScanParams;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import io.redisha.node.server.ServerContext;
import java.util.ArrayList;
import java.util.List;

/** Generic key commands: DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, expiry, COPY, MOVE, SWAPDB, OBJECT... */
public final class KeyCommands {
    private final ServerContext ctx;
    private final Keyspace ks;

    public KeyCommands(ServerContext ctx) {
        this.ctx = ctx;
        this.ks = ctx.keyspace;
    }

    public void register(CommandTable t) {
        t.group("generic");
        t.add("del", -2, WRITE, 1, -1, 1, this::del);
        t.add("unlink", -2, WRITE | FAST, 1, -1, 1, this::del);
        t.add("exists", -2, READONLY | FAST, 1, -1, 1, this::exists);
        t.add("touch", -2, READONLY | FAST, 1, -1, 1, this::exists);
        t.add("type", 2, READONLY | FAST, 1, 1, 1, (c, a) -> c.reply().simple(Types.typeName(c.db.lookupRead(a[1]))));
        t.add("keys", 2, READONLY, this::keys);
        t.add("scan", -2, READONLY | RANDOM, this::scan);
        t.add("rename", 3, WRITE, 1, 2, 1, (c, a) -> rename(c, a, false));
        t.add("renamenx", 3, WRITE | FAST, 1, 2, 1, (c, a) -> rename(c, a, true));
        t.add("randomkey", 1, READONLY | RANDOM, (c, a) -> c.reply().bulk(c.db.randomKey()));
        t.add("dbsize", 1, READONLY | FAST, (c, a) -> c.reply().integer(c.db.size()));
        t.add("flushdb", -1, WRITE, this::flushdb);
        t.add("flushall", -1, WRITE, this::flushall);
        t.add("expire", -3, WRITE | FAST, 1, 1, 1, (c, a) -> expire(c, a, 1000, true));
        t.add("pexpire", -3, WRITE | FAST, 1, 1, 1, (c, a) -> expire(c, a, 1, true));
        t.add("expireat", -3, WRITE | FAST, 1, 1, 1, (c, a) -> expire(c, a, 1000, false));
        t.add("pexpireat", -3, WRITE | FAST, 1, 1, 1, (c, a) -> expire(c, a, 1, false));
        t.add("ttl", 2, READONLY | FAST, 1, 1, 1, (c, a) -> ttl(c, a, true, false));
        t.add("pttl", 2, READONLY | FAST, 1, 1, 1, (c, a) -> ttl(c, a, false, false));
        t.add("expiretime", 2, READONLY | FAST, 1, 1, 1, (c, a) -> ttl(c, a, true, true));
        t.add("pexpiretime", 2, READONLY | FAST, 1, 1, 1, (c, a) -> ttl(c, a, false, true));
        t.add("persist", 2, WRITE | FAST, 1, 1, 1, (c, a) -> c.reply().integer(c.db.persist(a[1]) ? 1 : 0));
        t.add("copy", -3, WRITE | DENYOOM, 1, 2, 1, this::copy);
        t.add("move", 3, WRITE | FAST, 1, 1, 1, this::move);
        t.add("swapdb", 3, WRITE | FAST, this::swapdb);
        CommandSpec object = t.container("object", -2, 0);
        t.sub(object, "encoding", 3, READONLY, 2, 2, 1, this::objectEncoding);
        t.sub(object, "idletime", 3, READONLY, 2, 2, 1, this::objectIdletime);
        t.sub(object, "refcount", 3, READONLY, 2, 2, 1, this::objectRefcount);
        t.sub(object, "freq", 3, READONLY, 2, 2, 1, this::objectFreq);
        t.sub(object, "help", 2, LOADING | STALE, (c, a) -> objectHelp(c));
    }

    private void del(Client c, byte[][] a) {
        long n = 0;
        for (int i = 1; i < a.length; i++) {
            if (c.db.delete(a[i])) n++;
        }
        c.reply().integer(n);
    }

    private void exists(Client c, byte[][] a) {
        long n = 0;
        for (int i = 1; i < a.length; i++) {
            if (c.db.lookupRead(a[i]) != null) n++;
        }
        c.reply().integer(n);
    }

    private void keys(Client c, byte[][] a) {
        byte[] pattern = a[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : c.db.keys()) {
            if (all || Glob.matches(pattern, k, false)) out.add(k);
        }
        Reply r = c.reply();
        r.array(out.size());
        for (byte[] k : out) r.bulk(k);
    }

    private static final RedisError INT_RANGE =
            new RedisError("ERR value is out of range, value must between -2147483648 and 2147483647");

    /** A database index as Redis's getIntFromObjectOrReply reads it (canonical integer, int range). */
    public static long dbIndex(byte[] b, RedisError err) {
        long id = Args.parseLong(b, err == null ? RedisError.NOT_INTEGER : err);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) throw err == null ? INT_RANGE : err;
        return id;
    }

    private void scan(Client c, byte[][] a) {
        long cursor = ScanParams.parseCursor(a[1]);
        long count = 10;
        byte[] pattern = null;
        String type = null;
        for (int i = 2; i < a.length; i++) {
            boolean more = i + 1 < a.length;
            if (Args.is(a[i], "count") && more) {
                count = Args.parseLong(a[++i]);
                if (count < 1) throw RedisError.SYNTAX;
            } else if (Args.is(a[i], "match") && more) {
                pattern = a[++i];
                if (pattern.length == 1 && pattern[0] == '*') pattern = null;
            } else if (Args.is(a[i], "type") && more) {
                type = Args.str(a[++i]).toLowerCase(java.util.Locale.ROOT);
            } else {
                throw RedisError.SYNTAX;
            }
        }
        List<byte[]> found = new ArrayList<>();
        long next = c.db.scan(cursor, count, found);
        List<byte[]> out = new ArrayList<>(found.size());
        for (byte[] k : found) {
            if (pattern != null && !Glob.matches(pattern, k, false)) continue;
            if (type != null && !type.equals(Types.typeName(c.db.peek(k)))) continue;
            out.add(k);
        }
        Reply r = c.reply();
        r.array(2);
        r.bulk(Long.toUnsignedString(next));
        r.array(out.size());
        for (byte[] k : out) r.bulk(k);
    }

    private void rename(Client c, byte[][] a, boolean nx) {
        Database db = c.db;
        Object v = db.lookupWrite(a[1]);
        if (v == null) throw RedisError.NO_SUCH_KEY;
        if (java.util.Arrays.equals(a[1], a[2])) {
            c.reply().raw(nx ? ZERO : OK);
            return;
        }
        long when = db.expireAt(a[1]);
        if (db.lookupWrite(a[2]) != null) {
            if (nx) {
                c.reply().integer(0);
                return;
            }
            db.delete(a[2]);
        }
        db.delete(a[1]);
        db.add(a[2], v);
        if (when > 0) db.setExpire(a[2], when);
        if (nx) c.reply().integer(1); else c.reply().ok();
    }

    private static final byte[] ZERO = ":0\r\n".getBytes();
    private static final byte[] DEL = Args.bytes("DEL");
    private static final byte[] PEXPIREAT = Args.bytes("PEXPIREAT");
    private static final byte[] OK = "+OK\r\n".getBytes();

    private static boolean flushMode(byte[][] a) {
        if (a.length > 2) throw RedisError.SYNTAX;
        if (a.length == 2 && !Args.is(a[1], "async") && !Args.is(a[1], "sync")) throw RedisError.SYNTAX;
        return true;
    }

    private void flushdb(Client c, byte[][] a) {
        flushMode(a);
        c.db.flush();
        ks.addDirty(1);
        c.reply().ok();
    }

    private void flushall(Client c, byte[][] a) {
        flushMode(a);
        for (int i = 0; i < ks.databases(); i++) ks.db(i).flush();
        ks.addDirty(1);
        c.reply().ok();
    }

    private void expire(Client c, byte[][] a, long unit, boolean relative) {
        boolean nx = false, xx = false, gt = false, lt = false;
        for (int i = 3; i < a.length; i++) {
            if (Args.is(a[i], "nx")) nx = true;
            else if (Args.is(a[i], "xx")) xx = true;
            else if (Args.is(a[i], "gt")) gt = true;
            else if (Args.is(a[i], "lt")) lt = true;
            else throw new RedisError("ERR Unsupported option " + Args.str(a[i]));
        }
        if (nx && (xx || gt || lt)) {
            throw new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) throw new RedisError("ERR GT and LT options at the same time are not compatible");
        String name = c.lastCommand.name();
        long when = Args.parseLong(a[2]);
        if (when > Long.MAX_VALUE / unit || when < Long.MIN_VALUE / unit) {
            throw new RedisError("ERR invalid expire time in '" + name + "' command");
        }
        when *= unit;
        if (relative) {
            long base = ks.now();
            if ((when > 0 && when > Long.MAX_VALUE - base) || (when < 0 && when < Long.MIN_VALUE + base)) {
                throw new RedisError("ERR invalid expire time in '" + name + "' command");
            }
            when += base;
        }
        Database db = c.db;
        long current = db.expireAt(a[1]);
        if (current == -2) {
            c.reply().integer(0);
            return;
        }
        boolean volatileKey = current > 0;
        if ((nx && volatileKey) || (xx && !volatileKey)
                || (gt && (!volatileKey || when <= current)) || (lt && volatileKey && when >= current)) {
            c.reply().integer(0);
            return;
        }
        // While the AOF is replayed a past time is kept, as Redis does: a later command in the
        // file may still depend on the key, and expiry deletes it once loading ends.
        if (when <= ks.now() && !ks.loading()) {
            db.delete(a[1]);
            Dispatcher.propagateAs(c, DEL, a[1]);
        } else {
            db.setExpire(a[1], when);
            db.modified(a[1]);
            // An absolute time, so a replica or an AOF replay later does not extend the TTL.
            Dispatcher.propagateAs(c, PEXPIREAT, a[1], Args.longBytes(when));
        }
        c.reply().integer(1);
    }

    private void ttl(Client c, byte[][] a, boolean seconds, boolean absolute) {
        long when = c.db.expireAt(a[1]);
        if (when < 0) {
            c.reply().integer(when);
            return;
        }
        long v = absolute ? when : Math.max(0, when - ks.now());
        if (seconds) v = absolute ? v / 1000 : (v + 500) / 1000;
        c.reply().integer(v);
    }

    private void copy(Client c, byte[][] a) {
        Database dst = c.db;
        boolean replace = false;
        for (int i = 3; i < a.length; i++) {
            if (Args.is(a[i], "replace")) {
                replace = true;
            } else if (Args.is(a[i], "db") && i + 1 < a.length) {
                long id = dbIndex(a[++i], null);
                if (id < 0 || id >= ks.databases()) throw new RedisError("ERR DB index is out of range");
                dst = ks.db((int) id);
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (dst == c.db && java.util.Arrays.equals(a[1], a[2])) {
            throw new RedisError("ERR source and destination objects are the same");
        }
        Object v = c.db.lookupRead(a[1]);
        if (v == null) {
            c.reply().integer(0);
            return;
        }
        if (dst.lookupWrite(a[2]) != null) {
            if (!replace) {
                c.reply().integer(0);
                return;
            }
            dst.delete(a[2]);
        }
        long when = c.db.expireAt(a[1]);
        dst.add(a[2], Types.copy(v));
        if (when > 0) dst.setExpire(a[2], when);
        c.reply().integer(1);
    }

    private void move(Client c, byte[][] a) {
        long id = dbIndex(a[2], null);
        if (id < 0 || id >= ks.databases()) throw new RedisError("ERR DB index is out of range");
        Database dst = ks.db((int) id);
        if (dst == c.db) throw new RedisError("ERR source and destination objects are the same");
        Object v = c.db.lookupWrite(a[1]);
        if (v == null || dst.lookupWrite(a[1]) != null) {
            c.reply().integer(0);
            return;
        }
        long when = c.db.expireAt(a[1]);
        c.db.delete(a[1]);
        dst.add(a[1], v);
        if (when > 0) dst.setExpire(a[1], when);
        c.reply().integer(1);
    }

    private void swapdb(Client c, byte[][] a) {
        long x = dbIndex(a[1], new RedisError("ERR invalid first DB index"));
        long y = dbIndex(a[2], new RedisError("ERR invalid second DB index"));
        if (x < 0 || x >= ks.databases() || y < 0 || y >= ks.databases()) {
            throw new RedisError("ERR DB index is out of range");
        }
        if (x != y) ks.swapDb((int) x, (int) y);
        ks.addDirty(1);
        c.reply().ok();
    }

    private void objectEncoding(Client c, byte[][] a) {
        Object v = c.db.peek(a[2]);
        c.reply().bulk(v == null ? null : Types.encoding(v));
    }

    private void objectIdletime(Client c, byte[][] a) {
        if (c.db.peek(a[2]) == null) {
            c.reply().nullBulk();
            return;
        }
        if (ks.lfu()) {
            throw new RedisError("ERR An LFU maxmemory policy is selected, idle time not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        c.reply().integer(c.db.idleSeconds(a[2]));
    }

    private void objectRefcount(Client c, byte[][] a) {
        Object v = c.db.peek(a[2]);
        if (v == null) c.reply().nullBulk();
        else c.reply().integer(v instanceof byte[] b && Types.encoding(b).equals("int")
                && Args.parseLong(b) >= 0 && Args.parseLong(b) < 10000 ? Integer.MAX_VALUE : 1);
    }

    private void objectFreq(Client c, byte[][] a) {
        if (c.db.peek(a[2]) == null) {
            c.reply().nullBulk();
            return;
        }
        if (ks.lfu()) {
            c.reply().integer(c.db.frequency(a[2]));
            return;
        }
        throw new RedisError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
    }

    private void objectHelp(Client c) {
        String[] lines = {
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP",
            "    Prints this help."};
        c.reply().lines(lines);
    }
}
