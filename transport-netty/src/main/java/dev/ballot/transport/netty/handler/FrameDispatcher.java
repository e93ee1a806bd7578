package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Hands each frame of a kept channel to the {@link ChannelHost} with the sender's sid (docs/protocol.md "Receiving"):
 * one copy from the (pooled) frame into a heap {@link ByteBuffer} that the listener owns, then the
 * frame is released (or, while the channel is {@link HeldFrames held}, kept back). Delivery is synchronous on the channel's event loop, so the channel reads no
 * faster than the listener returns.
 *
 * <p>Stateless apart from the host: one instance per transport, {@code @Sharable}.
 */
@io.netty.channel.ChannelHandler.Sharable
final class FrameDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDispatcher.class);
    private final ChannelHost host;

    FrameDispatcher(ChannelHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && ctx.channel().attr(ChannelAttributes.KEPT).get() != null) {
            host.onWritable(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            Long sid = ctx.channel().attr(ChannelAttributes.PEER_SID).get();
            if (sid == null || ctx.channel().attr(ChannelAttributes.KEPT).get() == null) {
                LOG.debug("{}: dropping a frame on unarbitrated {}", host.localSid(), ctx.channel());
                return;
            }
            ByteBuffer payload = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(payload);
            payload.flip();
            if (!HeldFrames.offer(ctx.channel(), payload)) {
                host.onFrame(sid, payload);
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }
}
