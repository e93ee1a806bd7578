package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.nio.ByteOrder;

/**
 * Splits the stream after the handshake into frames (docs/protocol.md "2. Frames") and strips the length:
 *
 * <pre>
 * +----------------+---------------------------+
 * | int length (L) | payload (L bytes)         |    1 &lt;= L &lt;= 524288
 * +----------------+---------------------------+
 * </pre>
 *
 * <p>A length of 0, a negative length or one above {@link #MAX_FRAME_BYTES} closes the channel at
 * once, without buffering the frame ({@code failFast}); the error is a {@link FrameLengthException}
 * or Netty's {@link io.netty.handler.codec.TooLongFrameException}. One instance per channel.
 */
final class QuorumFrameDecoder extends LengthFieldBasedFrameDecoder {
    /** ZooKeeper's {@code PACKETMAXSIZE}: 512 KiB of payload. */
    static final int MAX_FRAME_BYTES = 512 * 1024;
    private boolean failed;

    QuorumFrameDecoder() {
        super(MAX_FRAME_BYTES + 4, 0, 4, 0, 4, true);
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        int value = buf.getInt(offset);
        if (value <= 0) {
            throw new FrameLengthException("frame length " + value + " outside 1.." + MAX_FRAME_BYTES);
        }
        return value;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        try {
            return super.decode(ctx, in);
        } catch (DecoderException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }
}
