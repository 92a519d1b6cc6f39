package io.redisha.node.persistence.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The open incremental file and the commands not yet written to it. Commands are serialized as
 * RESP into one growing array (a SELECT first whenever the database changes); the owner thread
 * writes the array with one call per batch, before the batch's replies leave.
 */
final class AofLog {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] DIGITS = new byte[64][];

    static {
        for (int i = 0; i < DIGITS.length; i++) DIGITS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] buf = new byte[16 * 1024];
    private int len;
    private int selectedDb = -1;
    private long lastTimestamp;
    private FileChannel channel;
    private Path path;
    private long fileSize;
    /** Written but not yet fsynced (read by the fsync thread). */
    private volatile boolean unsynced;

    void open(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        path = file;
        fileSize = channel.size();
        // Each file is replayed by a fresh client in db 0: its first command needs a SELECT.
        selectedDb = -1;
    }

    /** Hands the open file over (to be fsynced and closed elsewhere) and forgets it. */
    FileChannel detach() {
        FileChannel c = channel;
        channel = null;
        path = null;
        return c;
    }

    boolean isOpen() { return channel != null; }
    FileChannel channel() { return channel; }
    Path path() { return path; }
    long fileSize() { return fileSize; }
    int buffered() { return len; }

    void append(int db, byte[][] argv, boolean timestamps) {
        if (timestamps) {
            long sec = System.currentTimeMillis() / 1000;
            if (sec != lastTimestamp) {
                lastTimestamp = sec;
                byte[] ts = ("#TS:" + sec + "\r\n").getBytes(StandardCharsets.US_ASCII);
                ensure(ts.length);
                System.arraycopy(ts, 0, buf, len, ts.length);
                len += ts.length;
            }
        }
        if (db >= 0 && db != selectedDb) {
            byte[] id = db < DIGITS.length ? DIGITS[db] : Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
            header('*', 2);
            bulk(SELECT);
            bulk(id);
            selectedDb = db;
        }
        header('*', argv.length);
        for (byte[] a : argv) bulk(a);
    }

    private void header(char type, long n) {
        ensure(24);
        buf[len++] = (byte) type;
        if (n >= 0 && n < 10) {
            buf[len++] = (byte) ('0' + n);
        } else {
            byte[] d = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(d, 0, buf, len, d.length);
            len += d.length;
        }
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void bulk(byte[] a) {
        header('$', a.length);
        ensure(a.length + 2);
        System.arraycopy(a, 0, buf, len, a.length);
        len += a.length;
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void ensure(int more) {
        if (len + more <= buf.length) return;
        int cap = Math.max(buf.length * 2, len + more);
        buf = java.util.Arrays.copyOf(buf, cap);
    }

    /**
     * Writes the buffer to the file; returns the number of bytes written. On failure the file is
     * cut back to its previous end (no half command stays in it) and the buffer is kept.
     */
    int write() throws IOException {
        if (len == 0) return 0;
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        try {
            while (b.hasRemaining()) channel.write(b);
        } catch (IOException e) {
            try {
                channel.truncate(fileSize);
            } catch (IOException ignored) {
                // the next successful write cannot fix a half command either; loading will report it
            }
            throw e;
        }
        int n = len;
        fileSize += n;
        len = 0;
        unsynced = true;
        // A burst must not pin a huge array for the node's lifetime.
        if (buf.length > 4 * 1024 * 1024) buf = new byte[16 * 1024];
        return n;
    }

    /** fdatasync of the current file (owner thread, appendfsync always). */
    void fsync() throws IOException {
        unsynced = false;
        channel.force(false);
    }

    /** For the background fsync: true (and cleared) when something was written since the last one. */
    boolean takeUnsynced() {
        if (!unsynced) return false;
        unsynced = false;
        return true;
    }

    /** Drops what was not written (the log is being turned off without a final write). */
    void discard() {
        len = 0;
    }
}
