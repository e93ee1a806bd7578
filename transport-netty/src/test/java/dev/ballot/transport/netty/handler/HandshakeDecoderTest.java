package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ballot.transport.netty.handler.HandshakeException.Reason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeDecoderTest {
    private static final long LOCAL = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final EventRecorder recorder = new EventRecorder();

    private EmbeddedChannel channel() {
        return channel((sid, ch) -> {
            if (sid == LOCAL) {
                throw new HandshakeException(Reason.OWN_SID, "own sid " + sid);
            }
            if (sid == 99) {
                throw new HandshakeException(Reason.UNKNOWN_SID, "unknown sid " + sid);
            }
        });
    }

    private EmbeddedChannel channel(HandshakeValidator validator) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(PeerChannelInitializer.HANDSHAKE, new HandshakeDecoder(validator, TIMEOUT));
        ch.pipeline().addLast("recorder", recorder);
        return ch;
    }

    @Test
    void v1ByteAtATimeFiresEventAndRemovesItself() {
        EmbeddedChannel ch = channel();
        byte[] msg = Bytes.initial(InitialMessage.V1, 3, "10.0.0.3:3888");
        for (int i = 0; i < msg.length; i++) {
            assertNull(recorder.handshake(), "event after " + i + " bytes");
            ch.writeInbound(Unpooled.wrappedBuffer(msg, i, 1));
        }
        PeerHandshakeEvent e = recorder.handshake();
        assertEquals(new PeerHandshakeEvent(3, List.of(InetSocketAddress.createUnresolved("10.0.0.3", 3888)), Direction.INBOUND), e);
        assertFalse(ch.pipeline().names().contains(PeerChannelInitializer.HANDSHAKE));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void v2CoalescedWithFramesPassesTheRestOn() {
        EmbeddedChannel ch = channel();
        byte[] frame = Bytes.frame(new byte[] {1, 2, 3});
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.concat(
                Bytes.initial(InitialMessage.V2, 7, "a:1|[::1]:2|0.0.0.0:3"), frame)));
        assertEquals(List.of(InetSocketAddress.createUnresolved("a", 1), InetSocketAddress.createUnresolved("::1", 2)),
                recorder.handshake().addresses());
        ByteBuf rest = ch.readInbound();
        assertArrayEquals(frame, Bytes.toArray(rest));
        assertFalse(ch.finish());
    }

    @Test
    void legacyFormIsOnlyTheSid() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.buffer().writeLong(2).writeInt(1));
        assertEquals(new PeerHandshakeEvent(2, List.of(), Direction.INBOUND), recorder.handshake());
        ByteBuf rest = ch.readInbound();
        assertEquals(4, rest.readableBytes());
        rest.release();
        assertFalse(ch.finish());
    }

    @Test
    void addressOfExactly2048BytesIsAccepted() {
        EmbeddedChannel ch = channel();
        String text = "h".repeat(2048 - 5) + ":3888";
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.initial(InitialMessage.V1, 1, text)));
        assertEquals(1, recorder.handshake().sid());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "declared address length {0} -> closed at the header")
    @CsvSource({"2049", "0", "-1", "2147483647"})
    void addressLengthOutOfBoundsFailsBeforeBufferingText(int declared) {
        EmbeddedChannel ch = channel();
        ByteBuf header = Unpooled.buffer().writeLong(InitialMessage.V1).writeLong(1).writeInt(declared);
        HandshakeException e = assertThrows(HandshakeException.class, () -> ch.writeInbound(header));
        assertEquals(Reason.BAD_ADDRESS_LENGTH, e.reason());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void unknownNegativeVersionFailsAtByteEight() {
        EmbeddedChannel ch = channel();
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> ch.writeInbound(Unpooled.buffer().writeLong(-65530L)));
        assertEquals(Reason.BAD_VERSION, e.reason());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "address ''{0}'' is rejected")
    @CsvSource(delimiter = ';', value = {"h", "h:1:2", "[h]", "[h]:", "[::1", "h:x", "h:65536", "h:-1", "[h]:1:2", "''"})
    void malformedAddressesAreRejected(String text) {
        EmbeddedChannel ch = channel();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] msg = bytes.length == 0 ? Bytes.initial(InitialMessage.V1, 1, 1, new byte[] {'x'})
                : Bytes.initial(InitialMessage.V1, 1, text);
        HandshakeException e = assertThrows(HandshakeException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(msg)));
        assertEquals(Reason.BAD_ADDRESS, e.reason());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "address ''{0}'' is accepted as {1}:{2}")
    @CsvSource(delimiter = ';', value = {"h:3888:;h;3888", "[::1]:3888;::1;3888", ":3888;'';3888", "h:+12;h;12",
            "h:0012;h;12", "[h]x7;h;7"})
    void lenientAddressesAreAcceptedAsZooKeeperDoes(String text, String host, int port) {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.initial(InitialMessage.V1, 1, text)));
        assertEquals(List.of(InetSocketAddress.createUnresolved(host, port)), recorder.handshake().addresses());
        assertFalse(ch.finish());
    }

    @Test
    void wildcardAddressesAreDropped() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.initial(InitialMessage.V2, 1, "0.0.0.0:3888|[::]:3888")));
        assertEquals(List.of(), recorder.handshake().addresses());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "sid {0} -> {1}")
    @CsvSource({"5, OWN_SID", "99, UNKNOWN_SID"})
    void validatorRejectsSid(long sid, Reason reason) {
        EmbeddedChannel ch = channel();
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(Bytes.initial(InitialMessage.V1, sid, "h:1"))));
        assertEquals(reason, e.reason());
        assertFalse(ch.isOpen());
        assertNull(recorder.handshake());
        assertFalse(ch.finish());
    }

    @Test
    void silentConnectionIsClosedAtTheDeadline() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF})); // truncated
        ch.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        HandshakeException e = assertThrows(HandshakeException.class, ch::checkException);
        assertEquals(Reason.TIMEOUT, e.reason());
        assertFalse(ch.finish());
    }

    @Test
    void completedHandshakeCancelsTheTimer() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.initial(InitialMessage.V1, 1, "h:1")));
        ch.advanceTimeBy(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertTrue(ch.isOpen());
        ch.checkException();
        assertFalse(ch.finish());
    }
}
