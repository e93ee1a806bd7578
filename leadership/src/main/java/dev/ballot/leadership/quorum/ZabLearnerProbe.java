package dev.ballot.leadership.quorum;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The first handler of an inbound quorum connection: looks at its first four bytes and closes a ZooKeeper
 * learner (reported once through {@link ZooKeeperZab}); anything else passes on unchanged and the probe
 * removes itself.
 */
final class ZabLearnerProbe extends ByteToMessageDecoder {
    static final String NAME = "zabLearnerProbe";
    private final ZooKeeperZab zab;

    ZabLearnerProbe(ZooKeeperZab zab) {
        this.zab = zab;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        if (ZooKeeperZab.isLearnerPacket(in.getInt(in.readerIndex()))) {
            zab.learnerConnected(ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this); // hands the bytes read so far to the frame decoder
    }
}
