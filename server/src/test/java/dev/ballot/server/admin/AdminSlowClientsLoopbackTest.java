package dev.ballot.server.admin;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many half-sent requests held open against a real admin server on loopback. */
class AdminSlowClientsLoopbackTest {
    private static final int LIMIT = 40;
    private static final int CLIENTS = 60;
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Socket> sockets = new ArrayList<>();
    private AdminServer server;

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void halfSentRequests_areClosedAtTheRequestTimeout_thoseOverTheLimitAtOnce_andTheServerStillAnswers()
            throws Exception {
        // long enough that no held request times out while the test is still opening connections on a busy machine
        AdminLimits limits = AdminLimits.DEFAULTS.withRequestTimeout(Duration.ofSeconds(4)).withMaxConnections(LIMIT);
        server = new AdminServer(AdminHardeningTest.source(), Optional.empty(), limits);
        server.bind(group, new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
        long start = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
            s.setSoTimeout(20_000); // a hung read fails the test instead of hanging it
            s.getOutputStream().write("GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: 1".getBytes(StandardCharsets.US_ASCII));
            sockets.add(s);
        }
        long openedMillis = (System.nanoTime() - start) / 1_000_000;
        int refused = 0;
        int timedOut = 0;
        for (Socket s : sockets) {
            String answer = readToEnd(s.getInputStream());
            if (answer.startsWith("HTTP/1.1 503")) {
                refused++;
            } else {
                assertEquals("", answer, "a half-sent request gets no answer, only a close");
                timedOut++;
            }
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(openedMillis < 4_000, "opening took longer than the request timeout; the counts below mean nothing");
        assertEquals(CLIENTS - LIMIT, refused, "the connections over the limit were refused");
        assertEquals(LIMIT, timedOut);
        assertTrue(tookMillis >= 4_000, "held until the request timeout: " + tookMillis + " ms");
        assertTrue(tookMillis < 15_000, "all closed well before the 20 s read timeout: " + tookMillis + " ms");
        String m = server.metricsText();
        assertTrue(m.contains("ballot_admin_connections_refused_total " + (CLIENTS - LIMIT)), m);
        assertTrue(m.contains("ballot_admin_request_timeouts_total " + LIMIT), m);

        try (Socket fresh = new Socket("127.0.0.1", server.localAddress().getPort())) {
            fresh.setSoTimeout(10_000);
            fresh.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(readToEnd(fresh.getInputStream()).startsWith("HTTP/1.1 200"), "the server still answers");
        }
    }

    private static String readToEnd(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
