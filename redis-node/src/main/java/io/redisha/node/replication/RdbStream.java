package io.redisha.node.replication;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A full resync's snapshot on its way to the replicas' sockets, written by the sync thread as
 * the RDB writer produces it (or read back from the dump on disk), in 64 KB chunks. A replica
 * that reads slowly holds the writer back: while its channel is not writable the thread waits
 * for its oldest chunk in flight, so the heap holds a few chunks per replica, never the whole
 * snapshot. A replica that accepts nothing for repl-timeout is dropped.
 */
final class RdbStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final List<Target> targets = new ArrayList<>();
    private final long timeoutMs;
    private byte[] buf = new byte[CHUNK];
    private int pos;
    private long total;

    RdbStream(List<Channel> channels, long timeoutMs) {
        for (Channel ch : channels) targets.add(new Target(ch));
        this.timeoutMs = timeoutMs;
    }

    long total() { return total; }

    @Override
    public void write(int b) throws IOException {
        if (pos == CHUNK) push();
        buf[pos++] = (byte) b;
        total++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        total += len;
        while (len > 0) {
            if (pos == CHUNK) push();
            int n = Math.min(len, CHUNK - pos);
            System.arraycopy(b, off, buf, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Ends an EOF-marked transfer: the rest of the snapshot, then the mark. */
    void trailer(byte[] mark) throws IOException {
        push();
        send(mark, mark.length);
    }

    /** Sends a dump written on disk with the {@code $<length>} framing. */
    void sendFile(Path file) throws IOException {
        long len = Files.size(file);
        byte[] header = ("$" + len + "\r\n").getBytes(StandardCharsets.US_ASCII);
        send(header, header.length);
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = in.readNBytes(buf, 0, CHUNK);
                if (n <= 0) break;
                total += n;
                pos = n;
                push();
                if (n < CHUNK) break;
            }
        }
    }

    private void push() throws IOException {
        if (pos == 0) return;
        byte[] chunk = buf;
        int len = pos;
        buf = new byte[CHUNK];
        pos = 0;
        send(chunk, len);
    }

    private void send(byte[] chunk, int len) throws IOException {
        boolean anyone = false;
        for (Target t : targets) anyone |= t.send(chunk, len);
        if (!anyone) throw new IOException("every replica of this transfer went away");
    }

    private final class Target {
        final Channel channel;
        final ArrayDeque<ChannelFuture> inFlight = new ArrayDeque<>();
        boolean gone;

        Target(Channel channel) {
            this.channel = channel;
        }

        /** Queues one chunk after waiting for room; false once this replica is gone. */
        boolean send(byte[] chunk, int len) {
            if (gone) return false;
            while (!inFlight.isEmpty() && inFlight.peek().isDone()) inFlight.poll();
            while (!channel.isWritable() && !inFlight.isEmpty()) {
                ChannelFuture oldest = inFlight.poll();
                if (!oldest.awaitUninterruptibly(timeoutMs)) {
                    Replication.log.warn("Disconnecting timedout replica (full sync): {}", channel.remoteAddress());
                    channel.close();
                }
                if (!oldest.isSuccess()) break;
            }
            if (!channel.isActive()) {
                gone = true;
                inFlight.clear();
                return false;
            }
            inFlight.add(channel.writeAndFlush(Unpooled.wrappedBuffer(chunk, 0, len)));
            return true;
        }
    }
}
