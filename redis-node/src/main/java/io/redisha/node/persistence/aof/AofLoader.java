package io.redisha.node.persistence.aof;

import io.netty.channel.embedded.EmbeddedChannel;
import io.redisha.node.keyspace.Keyspace;
import io.redisha.node.persistence.rdb.RdbException;
import io.redisha.node.persistence.rdb.RdbReader;
import io.redisha.node.persistence.KeyspaceLoader;
import io.redisha.node.persistence.rdb.RdbSink;
import io.redisha.node.server.Client;
import io.redisha.node.server.ServerContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the files of a manifest, in order, through the real dispatcher with an internal
 * client: authenticated, its replies dropped, blocking commands answering at once. A base
 * may start with an RDB preamble. A torn last command is cut off (aof-load-truncated) or
 * refused; anything else malformed stops the start naming the file and the byte offset.
 */
final class AofLoader {
    private static final Logger log = LoggerFactory.getLogger("redis");
    private static final byte[] MULTI = "multi".getBytes(StandardCharsets.US_ASCII);

    enum Result { OK, EMPTY, TRUNCATED }

    private final ServerContext ctx;
    private final Keyspace ks;
    private final boolean loadTruncated;
    private final EmbeddedChannel channel = new EmbeddedChannel();

    AofLoader(ServerContext ctx, boolean loadTruncated) {
        this.ctx = ctx;
        this.ks = ctx.keyspace;
        this.loadTruncated = loadTruncated;
    }

    /** Loads every file of the manifest; throws (the node must not start) on any fatal problem. */
    void loadAll(Path dir, AofManifest m) throws IOException {
        long start = System.nanoTime();
        List<AofManifest.Entry> files = m.loadOrder();
        try {
            for (int i = 0; i < files.size(); i++) {
                AofManifest.Entry e = files.get(i);
                boolean last = i == files.size() - 1;
                Path f = dir.resolve(e.name());
                if (!Files.exists(f)) throw new IOException("The AOF file " + e.name() + " doesn't exist");
                long t = System.nanoTime();
                Result r = loadFile(f, e.name(), last);
                if (r == Result.TRUNCATED && !last) throw new IOException("Fatal error: the truncated file is not the last file");
                log.info("DB loaded from {} file {}: {} seconds", e.type() == 'b' ? "base" : "incr", e.name(), seconds(t));
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        log.info("DB loaded from append only file: {} seconds", seconds(start));
    }

    private static String seconds(long startNanos) {
        return String.format("%.3f", (System.nanoTime() - startNanos) / 1e9);
    }

    private Result loadFile(Path file, String name, boolean last) throws IOException {
        if (Files.size(file) == 0) return Result.EMPTY;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = 0;
            if (startsWithRdb(ch)) {
                log.info("Reading RDB base file on AOF loading...");
                RdbReader reader = RdbReader.forKeyspace().verifyChecksum(ctx.config.getBool("rdbchecksum"));
                ch.position(0);
                try {
                    reader.read(Channels.newInputStream(ch), preambleSink());
                } catch (RdbException ex) {
                    throw new IOException("Error reading the RDB base file " + name + ", AOF loading aborted ("
                            + file + ": " + ex.getMessage() + ")", ex);
                }
                start = reader.endOffset();
                ch.position(start);
                log.info("Reading the remaining AOF tail...");
            }
            return replay(file, name, last, Channels.newInputStream(ch), start);
        }
    }

    private static boolean startsWithRdb(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(5);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read the signature
        }
        return !b.hasRemaining() && new String(b.array(), StandardCharsets.US_ASCII).equals("REDIS");
    }

    /** The preamble's keys as they are, expired ones too: later commands in the file may use them. */
    private RdbSink preambleSink() {
        return new KeyspaceLoader(ks, "the AOF base", false);
    }

    private Result replay(Path file, String name, boolean last, InputStream in, long start) throws IOException {
        AofCommandReader reader = new AofCommandReader(new java.io.BufferedInputStream(in, 1 << 16), start);
        Client c = new Client(0, channel, ks.db(0));
        c.authenticated = true;
        long validUpTo = start;
        long validBeforeMulti = start;
        try {
            while (true) {
                long before = reader.offset();
                byte[][] argv;
                try {
                    argv = reader.next();
                } catch (AofCommandReader.Truncated t) {
                    return truncated(file, name, last, validUpTo);
                } catch (AofCommandReader.BadFormat bad) {
                    throw new IOException("Bad file format reading the append only file " + name + " at offset " + bad.offset
                            + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest> ("
                            + bad.getMessage() + ")");
                }
                if (argv == null) break;
                if (ctx.table.lookup(argv[0]) == null) {
                    throw new IOException("Unknown command '" + new String(argv[0], StandardCharsets.ISO_8859_1)
                            + "' reading the append only file " + name + " at offset " + before);
                }
                if (!c.inMulti && argv.length == 1 && java.util.Arrays.equals(lower(argv[0]), MULTI)) validBeforeMulti = before;
                // Blocking commands answer at once, as inside a transaction.
                c.inExec = true;
                ctx.dispatcher.process(c, argv);
                c.reply().release();
                validUpTo = reader.offset();
            }
            if (c.inMulti) {
                log.warn("Revert incomplete MULTI/EXEC transaction in AOF file {}", name);
                c.endMulti();
                return truncated(file, name, last, validBeforeMulti);
            }
            return Result.OK;
        } finally {
            c.reply().release();
        }
    }

    private static byte[] lower(byte[] b) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) if (out[i] >= 'A' && out[i] <= 'Z') out[i] += 32;
        return out;
    }

    private Result truncated(Path file, String name, boolean last, long validUpTo) throws IOException {
        if (!loadTruncated) {
            throw new IOException("Unexpected end of file reading the append only file " + name + ". You can: "
                    + "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                    + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        }
        if (!last) return Result.TRUNCATED;
        log.warn("!!! Warning: short read while loading the AOF file {}!!!", name);
        log.warn("!!! Truncating the AOF {} at offset {} !!!", name, validUpTo);
        try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE)) {
            w.truncate(validUpTo);
            w.force(true);
        } catch (IOException e) {
            throw new IOException("Error truncating the AOF file " + name + ": " + e.getMessage(), e);
        }
        log.warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
        return Result.TRUNCATED;
    }
}
