package dev.ballot.transport.netty.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Decides, on the {@link PeerHandshakeEvent}, whether this connection survives (docs/protocol.md "Arbitration"): only a
 * connection opened by the larger sid toward the smaller one is kept.
 *
 * <ul>
 *   <li>kept: the channel is registered with the {@link ChannelHost} (which replaces any older
 *       channel to that peer only now, make-before-break) and this handler removes itself;</li>
 *   <li>our dial to a larger sid: closed, as ZooKeeper does; the larger peer dials back;</li>
 *   <li>a dial from a smaller sid: closed, and the host dials back. Unlike ZooKeeper 3.9, an existing
 *       healthy channel is left alone until the dial-back is kept.</li>
 * </ul>
 *
 * <p>Reads arriving on a channel that is being dropped are released. Stateful, one per channel.
 */
final class ConnectionArbiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionArbiter.class);
    private final ChannelHost host;
    private boolean dropping;

    ConnectionArbiter(ChannelHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * ZooKeeper's tie-break: whether a connection between {@code localSid} and {@code remoteSid}
     * survives. It does exactly when its initiator has the larger sid.
     */
    static boolean keep(long localSid, long remoteSid, boolean initiatedLocally) {
        return initiatedLocally ? localSid > remoteSid : remoteSid > localSid;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof PeerHandshakeEvent event) {
            decide(ctx, event);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void decide(ChannelHandlerContext ctx, PeerHandshakeEvent event) {
        boolean outbound = event.direction() == Direction.OUTBOUND;
        if (keep(host.localSid(), event.sid(), outbound)) {
            ctx.channel().attr(ChannelAttributes.KEPT).set(Boolean.TRUE);
            host.onKept(event, ctx.channel());
            ctx.pipeline().remove(this);
            return;
        }
        dropping = true;
        LOG.debug("{}: dropping {} connection with sid {} ({}): initiator has the smaller sid",
                host.localSid(), event.direction(), event.sid(), ctx.channel().remoteAddress());
        host.onArbitrationDropped(event);
        ctx.close();
        if (!outbound) {
            host.onLowerSidDialed(event, ctx.channel());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (dropping) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
