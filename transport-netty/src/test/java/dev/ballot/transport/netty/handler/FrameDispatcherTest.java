package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDispatcherTest {

    @Test
    void framesOfAKeptChannelGoToTheHostAsHeapCopiesAndAreReleased() {
        FakeHost host = new FakeHost(1);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDispatcher(host));
        ch.attr(ChannelAttributes.PEER_SID).set(2L);
        ch.attr(ChannelAttributes.KEPT).set(Boolean.TRUE);
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(new byte[] {1, 2, 3});
        ch.writeInbound(frame);
        assertEquals(0, frame.refCnt());
        assertEquals(1, host.frames.size());
        ByteBuffer got = host.frames.get(0);
        assertTrue(got.hasArray());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), got);
        assertFalse(ch.finish());
    }

    @Test
    void framesBeforeArbitrationAreDropped() {
        FakeHost host = new FakeHost(1);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDispatcher(host));
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.buffer().writeInt(7);
        ch.writeInbound(frame);
        assertEquals(0, frame.refCnt());
        assertTrue(host.frames.isEmpty());
        assertFalse(ch.finish());
    }

    @Test
    void writabilityRegainedOnAKeptChannelIsReported() {
        FakeHost host = new FakeHost(1);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDispatcher(host));
        ch.attr(ChannelAttributes.KEPT).set(Boolean.TRUE);
        ch.pipeline().fireChannelWritabilityChanged();
        assertEquals(1, host.writable);
        assertFalse(ch.finish());
    }
}
