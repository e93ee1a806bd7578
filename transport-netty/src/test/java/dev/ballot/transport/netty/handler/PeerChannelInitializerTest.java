package dev.ballot.transport.netty.handler;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.ballot.transport.netty.handler.PeerChannelInitializer.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PeerChannelInitializerTest {
    private final FakeHost host = new FakeHost(5);
    private final PeerChannelInitializer init = new PeerChannelInitializer(host, (sid, ch) -> { }, Duration.ofSeconds(1),
            alloc -> alloc.buffer().writeLong(InitialMessage.V1).writeLong(5).writeInt(3).writeBytes("h:1".getBytes()),
            Optional.empty(), Optional.empty(), false);

    private static List<String> handlerNames(EmbeddedChannel ch) {
        return ch.pipeline().names().stream().filter(n -> !n.startsWith("DefaultChannelPipeline")).toList();
    }

    @Test
    void inboundPipelineInDesignOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(init.inbound());
        assertEquals(List.of(HANDSHAKE, ARBITER, FRAME_ENCODER, FRAME_DECODER, DISPATCHER, ERRORS), handlerNames(ch));
        assertEquals(1, host.created.size());
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.concat(Bytes.initial(InitialMessage.V1, 9, "h:2"),
                Bytes.frame(new byte[] {42}))));
        assertEquals(List.of(FRAME_ENCODER, FRAME_DECODER, DISPATCHER, ERRORS), handlerNames(ch));
        assertEquals(1, host.kept.size());
        // the frame that arrived together with the handshake is dispatched once the arbiter kept the channel
        assertEquals(1, host.frames.size());
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2}));
        byte[] out = new byte[0];
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out = Bytes.concat(out, Bytes.toArray((io.netty.buffer.ByteBuf) o));
        }
        assertEquals(java.util.Arrays.toString(new byte[] {0, 0, 0, 2, 1, 2}), java.util.Arrays.toString(out));
        assertFalse(ch.finish());
    }

    @Test
    void outboundPipelineInDesignOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(init.outbound(2));
        // the channel is active at once: the initiator wrote the initial message and removed itself
        assertEquals(List.of(FRAME_ENCODER, FRAME_DECODER, DISPATCHER, ERRORS), handlerNames(ch));
        assertEquals(List.of(new PeerHandshakeEvent(2, List.of(), Direction.OUTBOUND)), host.kept);
        assertEquals(23, Bytes.toArray(ch.readOutbound()).length);
        assertFalse(ch.finish());
    }
}
