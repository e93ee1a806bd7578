package dev.ballot.leadership.quorum;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;

import java.util.List;

/**
 * Turns frame payloads into {@link QuorumMessage}s and back (bytes in {@link QuorumMessageCodec}).
 * Stateless, {@link ChannelHandler.Sharable}: use {@link #INSTANCE}.
 */
@ChannelHandler.Sharable
final class QuorumFrameCodec extends MessageToMessageCodec<ByteBuf, QuorumMessage> {
    static final QuorumFrameCodec INSTANCE = new QuorumFrameCodec();

    static final String FRAME_DECODER = "quorumFrameDecoder";
    static final String FRAME_ENCODER = "quorumFrameEncoder";
    static final String CODEC = "quorumCodec";
    static final String HANDLER = "quorumHandler";

    private QuorumFrameCodec() {
    }

    /** Adds framing and this codec to {@code p}: 4-byte length prefix, payloads up to {@link QuorumMessageCodec#MAX_FRAME_BYTES}. */
    static void addTo(ChannelPipeline p) {
        p.addLast(FRAME_DECODER, new LengthFieldBasedFrameDecoder(QuorumMessageCodec.MAX_FRAME_BYTES, 0, 4, 0, 4));
        p.addLast(FRAME_ENCODER, new LengthFieldPrepender(4));
        p.addLast(CODEC, INSTANCE);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, QuorumMessage msg, List<Object> out) {
        out.add(QuorumMessageCodec.encode(ctx.alloc(), msg));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(QuorumMessageCodec.decode(msg));
    }
}
