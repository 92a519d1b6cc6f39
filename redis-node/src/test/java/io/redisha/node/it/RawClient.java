package io.redisha.node.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare socket speaking RESP byte for byte: what it sends is exactly what the test wrote, and
 * {@link #readReply()} returns one reply's exact bytes (nested aggregates included), so replies
 * can be compared with a real Redis without any client library normalising them.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends text whose chars are bytes (Latin-1), so tests can write any byte as a char below 256. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void sendCommand(String... args) throws IOException {
        send(command(args));
    }

    public static byte[] command(String... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return command(raw);
    }

    public static byte[] command(byte[]... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    /** One complete reply, as the exact bytes received. */
    public byte[] readReply() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        readReply(b);
        return b.toByteArray();
    }

    /** One reply as Latin-1 text (handy for assertions). */
    public String readReplyText() throws IOException {
        return new String(readReply(), StandardCharsets.ISO_8859_1);
    }

    private void readReply(ByteArrayOutputStream b) throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("connection closed");
        b.write(type);
        String line = readLine(b);
        switch (type) {
            case '$', '=', '!' -> {
                long len = Long.parseLong(line);
                if (len >= 0) copy(b, len + 2);
            }
            case '*', '~', '>' -> {
                long n = Long.parseLong(line);
                for (long i = 0; i < n; i++) readReply(b);
            }
            case '%' -> {
                long n = Long.parseLong(line);
                for (long i = 0; i < 2 * n; i++) readReply(b);
            }
            case '|' -> {
                long n = Long.parseLong(line);
                for (long i = 0; i < 2 * n; i++) readReply(b);
                readReply(b); // an attribute decorates the reply that follows it
            }
            default -> { } // + - : _ , # ( are single lines
        }
    }

    private String readLine(ByteArrayOutputStream b) throws IOException {
        StringBuilder s = new StringBuilder();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("connection closed mid-reply");
            b.write(c);
            if (prev == '\r' && c == '\n') return s.substring(0, s.length() - 1);
            s.append((char) c);
            prev = c;
        }
    }

    private void copy(ByteArrayOutputStream b, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new EOFException("connection closed mid-reply");
            b.write(buf, 0, r);
            n -= r;
        }
    }

    /** What the server sends until it closes the connection or goes quiet for {@code quietMillis}. */
    public Drained drain(int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int r = in.read(buf);
                if (r < 0) return new Drained(b.toString(StandardCharsets.ISO_8859_1), true);
                b.write(buf, 0, r);
            }
        } catch (SocketTimeoutException e) {
            return new Drained(b.toString(StandardCharsets.ISO_8859_1), false);
        } catch (IOException e) {
            // A reset after the server closed with our bytes unread: still a close.
            return new Drained(b.toString(StandardCharsets.ISO_8859_1), true);
        }
    }

    public record Drained(String text, boolean closed) {}

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
