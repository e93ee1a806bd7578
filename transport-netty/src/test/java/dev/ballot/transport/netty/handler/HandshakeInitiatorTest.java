package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HandshakeInitiatorTest {
    private static final List<InetSocketAddress> OWN = List.of(InetSocketAddress.createUnresolved("10.0.0.3", 3888));

    @Test
    void writesTheInitialMessageInOneBufferThenFiresAndRemovesItself() {
        EventRecorder recorder = new EventRecorder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(PeerChannelInitializer.HANDSHAKE, new HandshakeInitiator(1,
                alloc -> InitialMessage.encode(alloc, 3, OWN, false), (sid, c) -> { }, false));
        ch.pipeline().addLast(recorder);
        ch.pipeline().fireChannelActive();
        ByteBuf written = ch.readOutbound();
        assertArrayEquals(Bytes.initial(InitialMessage.V1, 3, "10.0.0.3:3888"), Bytes.toArray(written));
        assertNull(ch.readOutbound(), "exactly one write");
        assertEquals(new PeerHandshakeEvent(1, List.of(), Direction.OUTBOUND), recorder.handshake());
        assertFalse(ch.pipeline().names().contains(PeerChannelInitializer.HANDSHAKE));
        assertEquals(1L, ch.attr(ChannelAttributes.PEER_SID).get());
        assertFalse(ch.finish());
    }

    @Test
    void withTlsWaitsForTheTlsHandshakeAndChecksTheIdentity() {
        EventRecorder recorder = new EventRecorder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new HandshakeInitiator(1, alloc -> InitialMessage.encode(alloc, 3, OWN, false),
                (sid, c) -> {
                    throw new HandshakeException(HandshakeException.Reason.IDENTITY_MISMATCH, "wrong certificate");
                }, true));
        ch.pipeline().addLast(recorder);
        ch.pipeline().fireChannelActive();
        assertNull(ch.readOutbound(), "nothing before TLS is up");
        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        assertNull(ch.readOutbound());
        assertFalse(ch.isOpen());
        assertThrows(HandshakeException.class, ch::checkException);
        assertNull(recorder.handshake());
        assertFalse(ch.finish());
    }
}
