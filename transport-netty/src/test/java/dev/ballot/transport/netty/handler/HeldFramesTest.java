package dev.ballot.transport.netty.handler;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldFramesTest {
    private final FakeHost host = new FakeHost(2);

    private EmbeddedChannel keptChannel() {
        EmbeddedChannel ch = new EmbeddedChannel(new QuorumFrameDecoder(), new FrameDispatcher(host));
        ch.attr(ChannelAttributes.PEER_SID).set(3L);
        ch.attr(ChannelAttributes.KEPT).set(Boolean.TRUE);
        return ch;
    }

    private static int first(ByteBuffer b) {
        return b.get(b.position());
    }

    @Test
    void heldFramesAreDeliveredInOrderOnRelease() {
        EmbeddedChannel ch = keptChannel();
        HeldFrames.hold(ch);
        assertFalse(ch.config().isAutoRead());
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.concat(Bytes.frame(new byte[] {1}), Bytes.frame(new byte[] {2}))));
        assertEquals(List.of(), host.frames, "nothing delivered while held");
        HeldFrames.release(ch, 3, host, true);
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.frame(new byte[] {3})));
        assertEquals(List.of(1, 2, 3), host.frames.stream().map(HeldFramesTest::first).toList());
        assertTrue(ch.config().isAutoRead());
        assertFalse(HeldFrames.isHeld(ch));
        assertFalse(ch.finish());
    }

    @Test
    void onlyTheNewestFramesAreKept() {
        EmbeddedChannel ch = keptChannel();
        HeldFrames.hold(ch);
        for (int i = 0; i < HeldFrames.MAX_FRAMES + 5; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(Bytes.frame(new byte[] {(byte) i})));
        }
        HeldFrames.release(ch, 3, host, true);
        assertEquals(HeldFrames.MAX_FRAMES, host.frames.size());
        assertEquals(5, first(host.frames.get(0)));
        assertFalse(ch.finish());
    }

    @Test
    void aRefusedClaimNeverSpeaks() {
        EmbeddedChannel ch = keptChannel();
        HeldFrames.hold(ch);
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.frame("forged".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        ch.close();
        assertEquals(List.of(), host.frames);
        assertFalse(ch.finish());
    }
}
