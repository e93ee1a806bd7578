package dev.ballot.transport.netty.handler;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelErrorHandlerTest {
    private final FakeHost host = new FakeHost(1);
    private final List<String> lines = new ArrayList<>();
    private final RejectionLog log = new RejectionLog(1, Duration.ofSeconds(10), System::nanoTime, lines::add);

    @Test
    void errorIsReportedOnceAndClosesTheChannel() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelErrorHandler(host, log));
        ch.attr(ChannelAttributes.PEER_SID).set(4L);
        HandshakeException first = new HandshakeException(HandshakeException.Reason.BAD_VERSION, "unknown protocol version -3");
        ch.pipeline().fireExceptionCaught(first);
        assertEquals(List.of(first), host.errors);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("(sid 4) from embedded: bad-version: unknown protocol version -3"), lines.get(0));
        assertTrue(lines.get(0).startsWith("1: closing "), lines.get(0));
        assertFalse(ch.isOpen());
        ch.checkException(); // nothing reached the tail
        assertFalse(ch.finish());
    }

    @Test
    void resetByPeerIsNotAWarning() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelErrorHandler(host, log));
        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertEquals(List.of(), lines);
        assertEquals(1, host.errors.size());
        assertFalse(ch.finish());
    }

    @Test
    void reasonNamesTheHandshakeReason() {
        assertEquals("unknown-sid: sid 9 is not in the configuration", ChannelErrors.reason(
                new HandshakeException(HandshakeException.Reason.UNKNOWN_SID, "sid 9 is not in the configuration")));
    }

    /** Issue 10: a newline in the address text of a handshake forged a whole log line. */
    @Test
    void addressTextCannotForgeALogLine() {
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeDecoder((sid, c) -> { }, Duration.ofSeconds(5)),
                new ChannelErrorHandler(host, log));
        String forged = "1:1\n2026-01-01T00:00:00.000Z FAKE-LINE-INJECTED ERROR \u0000\u001b[2J\u2028\u202e";
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.initial(InitialMessage.V1, 3, forged)));
        assertFalse(ch.isOpen());
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertTrue(line.contains("bad-address: badly formed address '1:1\\n2026-01-01T00:00:00.000Z FAKE-LINE-INJECTED"
                + " ERROR \\0\\u001b[2J\\u2028\\u202e'"), line);
        line.chars().forEach(c -> assertTrue(c >= 0x20 && c < 0x7f, "printable ASCII only: " + Integer.toHexString(c)));
        assertFalse(ch.finish());
    }

    @Test
    void aFloodOfOneReasonIsOneLineAndOneSummary() {
        ChannelErrorHandler handler = new ChannelErrorHandler(host, log);
        List<EmbeddedChannel> channels = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(new HandshakeDecoder((sid, c) -> {
                throw new HandshakeException(HandshakeException.Reason.UNKNOWN_SID, "sid " + sid + " is not in the configuration");
            }, Duration.ofSeconds(5)), handler);
            ch.freezeTime();
            ch.writeInbound(Unpooled.wrappedBuffer(Bytes.initial(InitialMessage.V1, 100 + i, "h:1")));
            channels.add(ch);
        }
        assertEquals(1, lines.size(), lines.toString());
        EmbeddedChannel first = channels.get(0);
        first.advanceTimeBy(10, TimeUnit.SECONDS);
        first.runPendingTasks();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("1: 999 more connections closed (unknown-sid) in the last "), lines.get(1));
        assertTrue(lines.get(1).endsWith(" x999; last: unknown-sid: sid 1099 is not in the configuration"), lines.get(1));
        assertEquals(1000, host.errors.size(), "every one counted");
        channels.forEach(ch -> assertFalse(ch.finish()));
    }
}
