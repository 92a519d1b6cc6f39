package io.redisha.node.command;

import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.server.Client;
import io.redisha.node.server.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate every command passes, in Redis's order: lookup and arity, authentication, MULTI
 * queueing, the pub/sub context, then execution, statistics and the after-effects of writes
 * (propagation, clients blocked on the keys). Each rule lives here once.
 */
public final class Dispatcher {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("redis");
    private final CommandTable table;
    private final Keyspace keyspace;
    private final List<Gate> gates = new ArrayList<>();
    private final List<WriteListener> writeListeners = new ArrayList<>();
    private String requirePass = "";
    private long commandsProcessed;
    private long errorReplies;
    private int execDepth;
    private boolean execMultiSent;
    private static final byte[][] MULTI = {"MULTI".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
    private java.util.function.Consumer<Client> unblockedHook = c -> {};

    public Dispatcher(CommandTable table, Keyspace keyspace) {
        this.table = table;
        this.keyspace = keyspace;
    }

    /** A check added by later subsystems (cluster redirect, OOM, read-only replica...). */
    @FunctionalInterface
    public interface Gate {
        /** Returns an error message to refuse the command, or null to let it run. */
        String check(Client c, CommandSpec spec, byte[][] argv);
    }

    /**
     * Hears every command that changed the dataset (replication, AOF), in execution order, as
     * it must be replayed: commands whose effect depends on time or chance are rewritten by
     * their handler through {@link #propagateAs}; a transaction arrives wrapped in MULTI/EXEC.
     */
    @FunctionalInterface
    public interface WriteListener {
        void written(int db, byte[][] argv);
    }

    /**
     * Holds a command back without a reply (writes paused during a FAILOVER): the holder keeps
     * it and runs it through {@link #process} later. Checked after the gates, before MULTI
     * queueing, as Redis checks a pause.
     */
    @FunctionalInterface
    public interface Hold {
        boolean hold(Client c, CommandSpec spec, byte[][] argv);
    }

    private Hold hold;

    public void addGate(Gate g) { gates.add(g); }
    public void hold(Hold h) { hold = h; }
    public void addWriteListener(WriteListener l) { writeListeners.add(l); }
    public void requirePass(String pass) { requirePass = pass == null ? "" : pass; }
    public boolean authRequired() { return !requirePass.isEmpty(); }
    public String requirePass() { return requirePass; }
    public long commandsProcessed() { return commandsProcessed; }
    public long errorReplies() { return errorReplies; }
    public CommandTable table() { return table; }

    public void resetStats() {
        commandsProcessed = 0;
        errorReplies = 0;
        table.resetStats();
    }

    /** Processes one request from a client. */
    public void process(Client c, byte[][] argv) {
        long start = System.nanoTime();
        keyspace.updateTime(start);
        c.lastInteraction = keyspace.now();
        commandsProcessed++;
        Reply r = c.reply();
        CommandSpec spec = table.lookup(argv[0]);
        if (spec == null) {
            reject(c, null, unknownCommand(argv));
            return;
        }
        if (!spec.arityOk(argv.length)) {
            reject(c, spec, "ERR wrong number of arguments for '" + spec.fullName() + "' command");
            return;
        }
        if (spec.subcommands != null && argv.length >= 2) {
            CommandSpec sub = CommandTable.subcommand(spec, argv[1]);
            if (sub == null) {
                reject(c, spec, latin1("ERR unknown subcommand '" + cString(argv[1], 128) + "'. Try "
                        + spec.name.toUpperCase(java.util.Locale.ROOT) + " HELP."));
                return;
            }
            if (!sub.arityOk(argv.length)) {
                reject(c, sub, "ERR wrong number of arguments for '" + sub.fullName() + "' command");
                return;
            }
            spec = sub;
        }
        if (!c.authenticated && !requirePass.isEmpty() && !spec.has(CommandFlags.NO_AUTH)) {
            reject(c, spec, "NOAUTH Authentication required.");
            return;
        }
        if (c.inMulti && spec.has(CommandFlags.NO_MULTI)) {
            reject(c, spec, "ERR Command not allowed inside a transaction");
            return;
        }
        if (c.inPubSubContext() && !spec.has(CommandFlags.PUBSUB_CONTEXT)) {
            reject(c, spec, "ERR Can't execute '" + spec.fullName()
                    + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        for (Gate g : gates) {
            String err = g.check(c, spec, argv);
            if (err != null) {
                reject(c, spec, err);
                return;
            }
        }
        if (hold != null && hold.hold(c, spec, argv)) return;
        if (c.inMulti && !spec.has(CommandFlags.NO_QUEUE)) {
            c.multiQueue.add(new Client.QueuedCommand(spec, argv));
            r.queued();
            return;
        }
        call(c, spec, argv, start);
        if (execDepth == 0 && keyspace.blocking().hasReady()) serveBlocked();
    }

    /** Runs a command body and records its statistics and effects. Used by EXEC too. */
    public void call(Client c, CommandSpec spec, byte[][] argv) {
        call(c, spec, argv, System.nanoTime());
    }

    private void call(Client c, CommandSpec spec, byte[][] argv, long start) {
        long dirtyBefore = keyspace.dirty();
        c.currentArgv = argv;
        c.lastCommand = spec;
        try {
            spec.handler.run(c, argv);
        } catch (RedisError e) {
            c.reply().error(e.getMessage());
            spec.failedCalls++;
            errorReplies++;
        } catch (OutOfMemoryError e) {
            // One huge request must not take the node down: refuse it and keep serving.
            log.warn("Out of memory running '{}' for client {}", spec.fullName(), c.id());
            c.reply().error("ERR out of memory running '" + spec.fullName() + "'");
            spec.failedCalls++;
            errorReplies++;
        } catch (RuntimeException e) {
            log.error("Unexpected error in '{}'", spec.fullName(), e);
            c.reply().error("ERR internal error in '" + spec.fullName() + "': " + e);
            spec.failedCalls++;
            errorReplies++;
        }
        spec.calls++;
        spec.usec += (System.nanoTime() - start) / 1000;
        List<byte[][]> rewritten = c.propagateAs;
        c.propagateAs = null;
        if (keyspace.dirty() != dirtyBefore && !writeListeners.isEmpty() && !spec.has(CommandFlags.NO_QUEUE)) {
            if (execDepth > 0 && !execMultiSent) {
                execMultiSent = true;
                emit(c.db.id(), MULTI);
            }
            if (rewritten == null) {
                emit(c.db.id(), argv);
            } else {
                for (byte[][] r : rewritten) emit(c.db.id(), r);
            }
        }
    }

    /**
     * Replaces what the running command propagates (each call adds one command): a relative
     * TTL becomes absolute, SPOP becomes SREM of what it popped, BLPOP becomes LPOP...
     */
    public static void propagateAs(Client c, byte[]... argv) {
        if (c.propagateAs == null) c.propagateAs = new ArrayList<>(1);
        c.propagateAs.add(argv);
    }

    /** Propagates a change no client command made (an expired key's DEL). */
    public void emit(int db, byte[][] argv) {
        for (WriteListener l : writeListeners) l.written(db, argv);
    }

    /** EXEC runs its queue through here so blocked clients are served after the whole transaction. */
    public void enterExec() { execDepth++; }

    public void exitExec() {
        execDepth--;
        if (execDepth == 0 && execMultiSent) {
            execMultiSent = false;
            emit(-1, EXEC);
        }
        if (execDepth == 0 && keyspace.blocking().hasReady()) serveBlocked();
    }

    /** Runs for each client served by {@link #serveBlocked}: its pipelined commands may go on. */
    public void onUnblocked(java.util.function.Consumer<Client> hook) { unblockedHook = hook; }

    private void serveBlocked() {
        List<Client> served = new ArrayList<>();
        keyspace.blocking().serveReady(blocked -> {
            int before = blocked.reply().pendingBytes();
            CommandSpec spec = blocked.lastCommand;
            byte[][] argv = blocked.currentArgv;
            keyspace.updateTime();
            call(blocked, spec, argv);
            if (blocked.reply().pendingBytes() == before) return false;
            keyspace.blocking().unblock(blocked);
            blocked.flush();
            if (blocked.hasDeferred()) served.add(blocked);
            return true;
        });
        for (Client c : served) unblockedHook.accept(c);
    }

    private void reject(Client c, CommandSpec spec, String error) {
        if (spec != null && spec.handler == execHandler()) {
            // A refused EXEC ends the transaction and says why, as Redis 7 does (even outside
            // MULTI, where it still drops the WATCHed keys).
            c.endMulti();
            keyspace.watches().unwatchAll(c);
            error = "EXECABORT Transaction discarded because of: " + (error.startsWith("ERR ") ? error.substring(4) : error);
        } else if (c.inMulti) {
            c.multiDirty = true;
        }
        if (spec != null) spec.rejectedCalls++;
        errorReplies++;
        c.reply().error(error);
    }

    private CommandHandler execHandler() {
        CommandSpec exec = table.lookup("exec");
        return exec == null ? null : exec.handler;
    }

    /** An error quoting raw client bytes: they go back unchanged, not re-encoded as UTF-8. */
    private void reject(Client c, CommandSpec spec, byte[] error) {
        if (c.inMulti) c.multiDirty = true;
        if (spec != null) spec.rejectedCalls++;
        errorReplies++;
        c.reply().error(error);
    }

    private static byte[] unknownCommand(byte[][] argv) {
        // Redis quotes the arguments until 128 bytes of them are shown; like its printf %s, an
        // argument ends at its first NUL byte.
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            args.append('\'').append(cString(argv[i], 128 - args.length())).append("' ");
        }
        return latin1("ERR unknown command '" + cString(argv[0], 128) + "', with args beginning with: " + args);
    }

    /** The bytes up to the first NUL, at most {@code max}, one char per byte. */
    private static String cString(byte[] b, int max) {
        int n = 0;
        while (n < b.length && n < max && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
