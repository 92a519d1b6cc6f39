package io.redisha.node.replication;

/**
 * The replication backlog: the last {@code size} bytes of the stream, in a ring, so a replica
 * that lost its link can continue from the byte it needs instead of loading a new snapshot.
 * Offsets are those of the stream: the first byte ever sent is offset 1.
 */
final class Backlog {
    private byte[] ring;
    private int idx;          // where the next byte goes
    private long histlen;     // valid bytes in the ring
    private long endOffset;   // offset of the last byte written (the master_repl_offset)

    Backlog(long size, long endOffset) {
        this.ring = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16 * 1024, size))];
        this.endOffset = endOffset;
    }

    long size() { return ring.length; }
    long histlen() { return histlen; }
    long endOffset() { return endOffset; }

    /** Offset of the oldest byte held (endOffset + 1 while empty), as Redis reports it. */
    long firstByteOffset() { return endOffset - histlen + 1; }

    void add(byte[] b, int off, int len) {
        endOffset += len;
        if (len >= ring.length) {
            System.arraycopy(b, off + len - ring.length, ring, 0, ring.length);
            idx = 0;
            histlen = ring.length;
            return;
        }
        int first = Math.min(len, ring.length - idx);
        System.arraycopy(b, off, ring, idx, first);
        if (first < len) System.arraycopy(b, off + first, ring, 0, len - first);
        idx = (idx + len) % ring.length;
        histlen = Math.min(ring.length, histlen + len);
    }

    /** Whether a replica that needs {@code offset} next can be served from here. */
    boolean covers(long offset) {
        return offset >= firstByteOffset() && offset <= endOffset + 1;
    }

    /** The bytes from {@code offset} to the end; {@link #covers} must hold. */
    byte[] from(long offset) {
        int n = (int) (endOffset + 1 - offset);
        byte[] out = new byte[n];
        int start = Math.floorMod(idx - n, ring.length);
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        if (first < n) System.arraycopy(ring, 0, out, first, n - first);
        return out;
    }

    /** repl-backlog-size changed: keeps what still fits. */
    Backlog resized(long size) {
        Backlog b = new Backlog(size, endOffset - histlen);
        if (histlen > 0) {
            byte[] all = from(firstByteOffset());
            b.add(all, 0, all.length);
        }
        return b;
    }
}
