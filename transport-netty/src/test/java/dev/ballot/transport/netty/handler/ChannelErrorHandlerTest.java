package dev.ballot.transport.netty.handler;

import dev.ballot.core.testing.LogCapture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelErrorHandlerTest {
    @RegisterExtension
    final LogCapture logs = LogCapture.of(ChannelErrorHandler.class);

    @Test
    void errorIsReportedOnceAndClosesTheChannel() {
        FakeHost host = new FakeHost(1);
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelErrorHandler(host));
        ch.attr(ChannelAttributes.PEER_SID).set(4L);
        HandshakeException first = new HandshakeException(HandshakeException.Reason.BAD_VERSION, "unknown protocol version -3");
        ch.pipeline().fireExceptionCaught(first);
        assertEquals(1, host.errors.size());
        assertEquals(first, host.errors.get(0));
        assertFalse(ch.isOpen());
        ch.checkException(); // nothing reached the tail
        assertFalse(ch.finish());
        List<String> warnings = logs.messages(LogCapture.WARN);
        assertEquals(1, warnings.size(), logs.toString());
        assertTrue(warnings.get(0).startsWith("1: closing ") && warnings.get(0).contains(
                "(sid 4) from embedded: bad-version: unknown protocol version -3"), warnings.get(0));
    }

    @Test
    void reasonNamesTheHandshakeReason() {
        assertEquals("unknown-sid: sid 9 is not in the configuration", ChannelErrorHandler.reason(
                new HandshakeException(HandshakeException.Reason.UNKNOWN_SID, "sid 9 is not in the configuration")));
    }
}
