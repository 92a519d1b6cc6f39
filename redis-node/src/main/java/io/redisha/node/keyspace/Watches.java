package io.redisha.node.keyspace;

import io.redisha.node.server.Client;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** WATCH bookkeeping: which clients watch which key of which db. */
public final class Watches {
    private final Map<WatchedKey, List<Client>> byKey = new HashMap<>();

    record WatchedKey(int db, Key key) {}

    public void watch(Client c, Database db, byte[] key) {
        Key k = new Key(key);
        WatchedKey wk = new WatchedKey(db.id(), k);
        if (!c.watchedKeys().add(new Key(tag(db.id(), key)))) return;
        byKey.computeIfAbsent(wk, x -> new ArrayList<>()).add(c);
    }

    public void unwatchAll(Client c) {
        if (c.watched == null || c.watched.isEmpty()) return;
        for (Key tagged : c.watched) {
            byte[] t = tagged.bytes();
            int db = ((t[0] & 0xff) << 8) | (t[1] & 0xff);
            byte[] raw = java.util.Arrays.copyOfRange(t, 2, t.length);
            WatchedKey wk = new WatchedKey(db, new Key(raw));
            List<Client> l = byKey.get(wk);
            if (l != null) {
                l.remove(c);
                if (l.isEmpty()) byKey.remove(wk);
            }
        }
        c.watched.clear();
        c.watchDirty = false;
    }

    void touch(Database db, byte[] key) {
        if (byKey.isEmpty()) return;
        List<Client> l = byKey.get(new WatchedKey(db.id(), new Key(key)));
        if (l != null) {
            for (Client c : l) c.watchDirty = true;
        }
    }

    /**
     * Before {@code db} is emptied or replaced: as Redis, only watchers of a key that exists there
     * (or in the db replacing it) see a change.
     */
    void touchAll(Database db, Database replacedWith) {
        if (byKey.isEmpty()) return;
        for (Map.Entry<WatchedKey, List<Client>> e : byKey.entrySet()) {
            byte[] key = e.getKey().key().bytes();
            if (e.getKey().db() == db.id()
                    && (db.holds(key) || (replacedWith != null && replacedWith.holds(key)))) {
                for (Client c : e.getValue()) c.watchDirty = true;
            }
        }
    }

    public int watchedKeyCount() {
        return byKey.size();
    }

    private static byte[] tag(int db, byte[] key) {
        byte[] t = new byte[key.length + 2];
        t[0] = (byte) (db >> 8);
        t[1] = (byte) db;
        System.arraycopy(key, 0, t, 2, key.length);
        return t;
    }
}
