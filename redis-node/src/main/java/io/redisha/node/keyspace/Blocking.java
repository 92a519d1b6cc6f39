package io.redisha.node.keyspace;

import io.redisha.node.server.Client;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Clients blocked on keys (BLPOP, BZPOPMIN, BLMOVE...). A blocked client holds no thread: it
 * sits in a FIFO per key until a change to one of its keys makes it ready, then its command is
 * run again by the dispatcher, in arrival order, or it times out.
 */
public final class Blocking {
    /** What a blocked client's timeout replies. */
    public enum OnTimeout { NULL_ARRAY, NULL_BULK }

    public static final class State {
        final Database db;
        final List<BlockKey> keys;
        final long deadline;
        final OnTimeout onTimeout;
        Object timer;

        State(Database db, List<BlockKey> keys, long deadline, OnTimeout onTimeout) {
            this.db = db;
            this.keys = keys;
            this.deadline = deadline;
            this.onTimeout = onTimeout;
        }

        public long deadline() { return deadline; }
        public OnTimeout onTimeout() { return onTimeout; }
        public Object timer() { return timer; }
        public void timer(Object t) { timer = t; }
    }

    record BlockKey(int db, Key key) {}

    private final Keyspace keyspace;
    private final Map<BlockKey, ArrayDeque<Client>> waiting = new HashMap<>();
    private final Set<BlockKey> ready = new LinkedHashSet<>();
    private BiConsumer<Client, State> timerHook = (c, s) -> {};
    private int blockedClients;

    Blocking(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Lets the server arm a timer for each blocked client with a deadline. */
    public void onBlock(BiConsumer<Client, State> hook) {
        this.timerHook = hook;
    }

    /**
     * Blocks {@code c} on {@code keys}. A client already blocked (its command re-run and still
     * not served) keeps its place and deadline.
     */
    public void block(Client c, Database db, byte[][] keys, int from, int to, long deadline, OnTimeout onTimeout) {
        if (c.blocked != null) return;
        List<BlockKey> bks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            BlockKey bk = new BlockKey(db.id(), new Key(keys[i]));
            if (bks.contains(bk)) continue;
            bks.add(bk);
            waiting.computeIfAbsent(bk, k -> new ArrayDeque<>()).add(c);
        }
        State s = new State(db, bks, deadline, onTimeout);
        c.blocked = s;
        blockedClients++;
        if (deadline > 0) timerHook.accept(c, s);
    }

    public boolean isBlocked(Client c) {
        return c.blocked instanceof State;
    }

    public void unblock(Client c) {
        if (!(c.blocked instanceof State s)) return;
        for (BlockKey bk : s.keys) {
            ArrayDeque<Client> q = waiting.get(bk);
            if (q != null) {
                q.remove(c);
                if (q.isEmpty()) waiting.remove(bk);
            }
        }
        c.blocked = null;
        blockedClients--;
        if (s.timer instanceof java.util.concurrent.Future<?> f) f.cancel(false);
    }

    public int blockedClients() {
        return blockedClients;
    }

    public int blockingKeys() {
        return waiting.size();
    }

    void signal(Database db, byte[] key) {
        if (waiting.isEmpty()) return;
        BlockKey bk = new BlockKey(db.id(), new Key(key));
        if (waiting.containsKey(bk)) ready.add(bk);
    }

    void signalAll(Database db) {
        for (BlockKey bk : waiting.keySet()) {
            if (bk.db() == db.id()) ready.add(bk);
        }
    }

    public boolean hasReady() {
        return !ready.isEmpty();
    }

    /**
     * Serves clients waiting on keys that changed. {@code rerun} runs a client's command again
     * and returns true when the client got its answer (no longer blocked).
     */
    public void serveReady(java.util.function.Predicate<Client> rerun) {
        int rounds = 0;
        while (!ready.isEmpty() && rounds++ < 1000) {
            List<BlockKey> batch = new ArrayList<>(ready);
            ready.clear();
            for (BlockKey bk : batch) {
                ArrayDeque<Client> q = waiting.get(bk);
                if (q == null) continue;
                for (Client c : new ArrayList<>(q)) {
                    if (!(c.blocked instanceof State s)) continue;
                    if (!s.db.exists(bk.key().bytes())) break;
                    c.db = s.db;
                    if (!rerun.test(c)) break;
                }
            }
        }
    }

    public Database dbOf(Client c) {
        return c.blocked instanceof State s ? s.db : null;
    }
}
