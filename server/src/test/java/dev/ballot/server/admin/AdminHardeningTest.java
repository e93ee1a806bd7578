package dev.ballot.server.admin;

import dev.ballot.leadership.PeerStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin server's deadlines and bounds, over an {@link EmbeddedChannel} with frozen time. */
class AdminHardeningTest {
    private static final AdminLimits LIMITS = AdminLimits.DEFAULTS.withIdleTimeout(Duration.ofSeconds(30))
            .withRequestTimeout(Duration.ofSeconds(10)).withMaxConnections(2);
    private static final String GET = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

    private final MockTicker ticker = Ticker.newMockTicker();
    private final AdminServer server = new AdminServer(source(), Optional.empty(), LIMITS);

    static AdminSource source() {
        PeerStatus s = new PeerStatus(2, "FOLLOWING", true, 1L, 7L, 7, 7, "0x700000000", "2026-01-01T00:00:00Z",
                new PeerStatus.Elections(1, 1, 2, 2, null), List.of(), List.of(), null, 1, "test");
        return new AdminSource() {
            @Override
            public CompletableFuture<PeerStatus> status() {
                return CompletableFuture.completedFuture(s);
            }

            @Override
            public CompletableFuture<String> metrics() {
                return CompletableFuture.completedFuture("");
            }
        };
    }

    private EmbeddedChannel connect() {
        return EmbeddedChannel.builder().ticker(ticker).handlers(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                server.initPipeline(ch);
            }
        }).build();
    }

    private void advance(EmbeddedChannel ch, Duration d) {
        ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private static String response(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            b.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return b.toString();
    }

    @Test
    void aConnectionThatSendsNothing_isClosedAfterTheRequestTimeout() {
        EmbeddedChannel ch = connect();
        advance(ch, Duration.ofMillis(9_999));
        assertTrue(ch.isOpen(), "open before the deadline");
        advance(ch, Duration.ofMillis(1));
        assertFalse(ch.isOpen(), "closed at the deadline");
        assertTrue(server.metricsText().contains("ballot_admin_request_timeouts_total 1"), server.metricsText());
    }

    @Test
    void headersTricklingIn_areCutOffAtTheRequestTimeout_howeverOftenBytesArrive() {
        EmbeddedChannel ch = connect();
        String partial = "GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        for (int i = 0; i < 9; i++) { // one byte a second: each byte would reset an idle timer, not this deadline
            send(ch, partial.substring(i, i + 1));
            advance(ch, Duration.ofSeconds(1));
            assertTrue(ch.isOpen());
        }
        advance(ch, Duration.ofSeconds(1));
        assertFalse(ch.isOpen(), "closed 10 s after connecting although bytes kept arriving");
        assertEquals("", response(ch), "no response to a request that never completed");
    }

    @Test
    void aKeepAliveConnection_isClosedAfterTheIdleTimeout_andEachRequestRestartsTheDeadline() {
        EmbeddedChannel ch = connect();
        send(ch, GET);
        assertTrue(response(ch).startsWith("HTTP/1.1 200 OK"));
        advance(ch, Duration.ofSeconds(29));
        assertTrue(ch.isOpen(), "idle for 29 s: still open (longer than the request timeout)");
        send(ch, GET);
        assertTrue(response(ch).startsWith("HTTP/1.1 200 OK"), "a second request on the same connection");
        advance(ch, Duration.ofSeconds(29));
        assertTrue(ch.isOpen(), "the idle deadline restarted with the response");
        advance(ch, Duration.ofSeconds(1));
        assertFalse(ch.isOpen());
        assertTrue(server.metricsText().contains("ballot_admin_idle_closed_total 1"), server.metricsText());
    }

    @Test
    void aRequestStartedAfterIdling_getsTheRequestTimeoutFromItsFirstByte() {
        EmbeddedChannel ch = connect();
        send(ch, GET);
        response(ch);
        advance(ch, Duration.ofSeconds(20));
        send(ch, "GET /status HTT");
        advance(ch, Duration.ofMillis(9_999));
        assertTrue(ch.isOpen());
        advance(ch, Duration.ofMillis(1));
        assertFalse(ch.isOpen(), "10 s after the request's first byte, not 30 s after the last response");
    }

    @Test
    void tooLongRequestLineOrHeaders_get414Or431_andAreClosed_withoutAStackTrace() {
        EmbeddedChannel ch = connect();
        send(ch, "GET /" + "a".repeat(LIMITS.maxRequestBytes() + 10) + " HTTP/1.1\r\n\r\n");
        assertTrue(response(ch).startsWith("HTTP/1.1 414"));
        assertFalse(ch.isOpen());

        EmbeddedChannel ch2 = connect();
        send(ch2, "GET /status HTTP/1.1\r\nX-Big: " + "b".repeat(LIMITS.maxRequestBytes() + 10) + "\r\n\r\n");
        assertTrue(response(ch2).startsWith("HTTP/1.1 431"));
        assertFalse(ch2.isOpen());
        assertTrue(server.metricsText().contains("ballot_admin_bad_requests_total 2"), server.metricsText());
    }

    @Test
    void garbageAndControlBytes_get400_andClose() {
        EmbeddedChannel ch = connect();
        send(ch, "\u0000\u0001\u0002 \r\nFAKE-LINE\r\n\r\n");
        String r = response(ch);
        assertTrue(r.startsWith("HTTP/1.1 400"), r);
        assertFalse(ch.isOpen());
    }

    @Test
    void aBodyLargerThanTheLimit_isRefusedWith413() {
        EmbeddedChannel ch = connect();
        send(ch, "GET /status HTTP/1.1\r\nContent-Length: " + (LIMITS.maxRequestBytes() + 1) + "\r\n\r\n");
        String r = response(ch);
        assertTrue(r.startsWith("HTTP/1.1 413"), r);
    }

    @Test
    void connectionsPastTheLimit_get503AndAreClosed_andCounted() {
        EmbeddedChannel a = connect();
        EmbeddedChannel b = connect();
        EmbeddedChannel c = connect();
        assertTrue(a.isOpen() && b.isOpen());
        assertTrue(response(c).startsWith("HTTP/1.1 503"));
        assertFalse(c.isOpen());
        a.close();
        EmbeddedChannel d = connect();
        assertTrue(d.isOpen(), "a closed connection frees its place");
        send(d, GET);
        assertTrue(response(d).startsWith("HTTP/1.1 200"));
        String m = server.metricsText();
        assertTrue(m.contains("ballot_admin_connections_refused_total 1"), m);
        assertTrue(m.contains("ballot_admin_connections 2"), m);
    }
}
