package dev.ballot.transport.netty.handler;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionArbiterTest {

    @ParameterizedTest(name = "local={0} remote={1} initiatedLocally={2} -> keep={3}")
    @CsvSource({
            // the connection survives only if its initiator has the larger sid (spec 1.3)
            "1, 2, true,  false",   // L dials H: L closes, H calls back
            "2, 1, true,  true",    // H dials L: kept
            "1, 2, false, true",    // H dialed us (L): kept
            "2, 1, false, false",   // L dialed us (H): closed, dial back
            "3, 3, true,  false",   // equal sids never survive
            "3, 3, false, false",
            "-5, 0, false, true",
            "9223372036854775807, 1, true, true"})
    void keepTable(long local, long remote, boolean initiatedLocally, boolean keep) {
        assertEquals(keep, ConnectionArbiter.keep(local, remote, initiatedLocally));
    }

    private static EmbeddedChannel channel(FakeHost host) {
        return new EmbeddedChannel(new ConnectionArbiter(host));
    }

    @Test
    void keptChannelIsRegisteredAndArbiterRemovesItself() {
        FakeHost host = new FakeHost(1);
        EmbeddedChannel ch = channel(host);
        PeerHandshakeEvent e = new PeerHandshakeEvent(2, List.of(), Direction.INBOUND);
        ch.pipeline().fireUserEventTriggered(e);
        assertEquals(List.of(e), host.kept);
        assertEquals(Boolean.TRUE, ch.attr(ChannelAttributes.KEPT).get());
        assertNull(ch.pipeline().get(ConnectionArbiter.class));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void dialFromSmallerSidIsClosedAndDialedBack() {
        FakeHost host = new FakeHost(5);
        EmbeddedChannel ch = channel(host);
        PeerHandshakeEvent e = new PeerHandshakeEvent(2, List.of(), Direction.INBOUND);
        ch.pipeline().fireUserEventTriggered(e);
        assertEquals(List.of(e), host.dialBacks);
        assertTrue(host.kept.isEmpty());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void ourDialToLargerSidIsClosedWithoutDialBack() {
        FakeHost host = new FakeHost(1);
        EmbeddedChannel ch = channel(host);
        ch.pipeline().fireUserEventTriggered(new PeerHandshakeEvent(2, List.of(), Direction.OUTBOUND));
        assertTrue(host.dialBacks.isEmpty());
        assertTrue(host.kept.isEmpty());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }
}
