package io.redisha.sentinel.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes one connection's replies in RESP2 or RESP3 (after HELLO 3): maps and pushes take
 * their RESP3 form only there, as Redis does. Sentinel traffic is small, so plainness wins.
 */
public final class RespWriter {
    private final ByteBuf out;
    private final int protocol;

    public RespWriter(ByteBufAllocator alloc, int protocol) {
        this.out = alloc.buffer(256);
        this.protocol = protocol;
    }

    public ByteBuf buffer() { return out; }
    public boolean resp3() { return protocol == 3; }

    private void line(char type, String s) {
        out.writeByte(type);
        out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.writeShort(0x0d0a);
    }

    public void simple(String s) { line('+', s); }
    public void ok() { simple("OK"); }
    /** An error message; "ERR " is not added, the caller gives the code. */
    public void error(String msg) { line('-', msg.replace('\r', ' ').replace('\n', ' ')); }
    public void integer(long v) { line(':', Long.toString(v)); }

    public void bulk(String s) {
        if (s == null) {
            nullBulk();
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        line('$', Integer.toString(b.length));
        out.writeBytes(b);
        out.writeShort(0x0d0a);
    }

    public void nullBulk() { out.writeCharSequence(protocol == 3 ? "_\r\n" : "$-1\r\n", StandardCharsets.US_ASCII); }
    public void nullArray() { out.writeCharSequence(protocol == 3 ? "_\r\n" : "*-1\r\n", StandardCharsets.US_ASCII); }
    public void array(int n) { line('*', Integer.toString(n)); }
    public void map(int pairs) { if (protocol == 3) line('%', Integer.toString(pairs)); else array(pairs * 2); }
    public void push(int n) { line(protocol == 3 ? '>' : '*', Integer.toString(n)); }

    /** A map of text keys to text values (SENTINEL MASTER and friends). */
    public void stringMap(Map<String, String> m) {
        map(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            bulk(e.getKey());
            bulk(e.getValue());
        }
    }

    public void bulks(List<String> items) {
        array(items.size());
        for (String s : items) bulk(s);
    }

    /** Verbatim text in RESP3 (INFO), a bulk in RESP2. */
    public void verbatim(String text) {
        if (protocol != 3) {
            bulk(text);
            return;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        line('=', Integer.toString(b.length + 4));
        out.writeCharSequence("txt:", StandardCharsets.US_ASCII);
        out.writeBytes(b);
        out.writeShort(0x0d0a);
    }
}
