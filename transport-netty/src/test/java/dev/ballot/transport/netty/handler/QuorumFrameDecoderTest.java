package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuorumFrameDecoderTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new QuorumFrameDecoder());
    }

    @Test
    void byteAtATimeYieldsThePayloadWithoutLength() {
        EmbeddedChannel ch = channel();
        byte[] bytes = Bytes.concat(Bytes.frame(new byte[] {9, 8, 7}), Bytes.frame(new byte[] {6}));
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertArrayEquals(new byte[] {9, 8, 7}, Bytes.toArray(ch.readInbound()));
        assertArrayEquals(new byte[] {6}, Bytes.toArray(ch.readInbound()));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void coalescedFramesAreSplit() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.concat(Bytes.frame(new byte[] {1}), Bytes.frame(new byte[] {2, 3}))));
        assertArrayEquals(new byte[] {1}, Bytes.toArray(ch.readInbound()));
        assertArrayEquals(new byte[] {2, 3}, Bytes.toArray(ch.readInbound()));
        assertFalse(ch.finish());
    }

    @Test
    void frameOfExactlyTheMaximumIsDelivered() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.frame(new byte[PeerChannelInitializer.MAX_FRAME_BYTES])));
        ByteBuf frame = ch.readInbound();
        assertEquals(524288, frame.readableBytes());
        frame.release();
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void oneByteOverTheMaximumClosesAtTheLengthField() {
        EmbeddedChannel ch = channel();
        ByteBuf lengthOnly = Unpooled.buffer().writeInt(PeerChannelInitializer.MAX_FRAME_BYTES + 1);
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(lengthOnly));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest(name = "length {0} closes the channel")
    @ValueSource(ints = {0, -1, -20, Integer.MIN_VALUE})
    void zeroAndNegativeLengthsClose(int length) {
        EmbeddedChannel ch = channel();
        DecoderException e = assertThrows(DecoderException.class,
                () -> ch.writeInbound(Unpooled.buffer().writeInt(length).writeLong(1)));
        assertInstanceOf(FrameLengthException.class, e);
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void hugeLengthIsNotBuffered() {
        EmbeddedChannel ch = channel();
        ByteBuf b = Unpooled.buffer().writeInt(1 << 30).writeBytes(new byte[1000]);
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(b));
        assertEquals(0, b.refCnt());
        assertFalse(ch.finish());
    }
}
