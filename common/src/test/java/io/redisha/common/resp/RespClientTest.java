package io.redisha.common.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted server: it reads what the client sends and answers canned replies. */
class RespClientTest {
    EventLoopGroup group;
    EventLoop loop;
    ServerSocket server;

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        server = new ServerSocket(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Accepts one connection, waits for {@code expect} bytes of request, then writes {@code reply}. */
    CompletableFuture<String> serve(int expect, String reply) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] got = in.readNBytes(expect);
                OutputStream out = s.getOutputStream();
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(200);
                return new String(got, StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void pipelinedRepliesAnswerTheirCommandsInOrder() throws Exception {
        String ping = "*1\r\n$4\r\nPING\r\n", get = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", info = "*1\r\n$4\r\nINFO\r\n";
        CompletableFuture<String> seen = serve(ping.length() + get.length() + info.length() + 14,
                "+PONG\r\n$5\r\nhello\r\n*3\r\n:1\r\n$-1\r\n-ERR inner\r\n-NOAUTH Authentication required.\r\n");
        RespClient c = RespClient.connect(loop, "127.0.0.1", server.getLocalPort()).get(5, TimeUnit.SECONDS);
        CompletableFuture<Object> r1 = c.send("PING");
        CompletableFuture<Object> r2 = c.send("GET", "k");
        CompletableFuture<Object> r3 = c.send("INFO");
        CompletableFuture<Object> r4 = c.send("AUTH", "x");
        assertThat(r1.get(5, TimeUnit.SECONDS)).isEqualTo("PONG");
        assertThat(RespClient.text(r2.get(5, TimeUnit.SECONDS))).isEqualTo("hello");
        List<?> l = (List<?>) r3.get(5, TimeUnit.SECONDS);
        assertThat(l.get(0)).isEqualTo(1L);
        assertThat(l.get(1)).isNull();
        assertThat(l.get(2)).isEqualTo(new RespError("ERR inner"));
        assertThat(((RespError) r4.get(5, TimeUnit.SECONDS)).code()).isEqualTo("NOAUTH");
        assertThat(seen.get(5, TimeUnit.SECONDS)).startsWith(ping + get + info + "*2\r\n$4\r\nAUTH");
        c.close();
    }

    @Test
    void subscribedMessagesGoToThePushListenerAndALostConnectionFailsWaitingCommands() throws Exception {
        CompletableFuture<String> seen = serve(10,
                "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        RespClient c = RespClient.connect(loop, "127.0.0.1", server.getLocalPort()).get(5, TimeUnit.SECONDS);
        List<String> pushes = new CopyOnWriteArrayList<>();
        c.onPush(p -> pushes.add(RespClient.text(p.get(0)) + " " + RespClient.text(p.get(2))));
        assertThat(c.send("SUBSCRIBE", "ch").get(5, TimeUnit.SECONDS)).isEqualTo("OK");
        CompletableFuture<Object> never = c.send("PING");
        seen.get(5, TimeUnit.SECONDS);
        assertThat(pushes).containsExactly("subscribe 1", "message hi");
        // The server closed the connection without answering PING.
        assertThat(never).failsWithin(5, TimeUnit.SECONDS);
        assertThat(c.isActive()).isFalse();
    }
}
