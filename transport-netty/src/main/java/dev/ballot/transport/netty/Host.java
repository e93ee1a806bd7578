package dev.ballot.transport.netty;

import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.Tracer;
import dev.ballot.core.transport.Transport;
import dev.ballot.transport.netty.handler.ChannelAttributes;
import dev.ballot.transport.netty.handler.ChannelErrors;
import dev.ballot.transport.netty.handler.ChannelHost;
import dev.ballot.transport.netty.handler.Direction;
import dev.ballot.transport.netty.handler.HandshakeException;
import dev.ballot.transport.netty.handler.HeldFrames;
import dev.ballot.transport.netty.handler.PeerHandshakeEvent;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The transport's side of the pipeline contract ({@link ChannelHost}) and of the links' ({@link
 * PeerLink.Owner}): routes kept channels and dial-backs to the peer's link, frames to the listener,
 * and counts. Thread-safe (stateless apart from the transport).
 */
final class Host implements ChannelHost, PeerLink.Owner {
    private final NettyQuorumTransport transport;

    Host(NettyQuorumTransport transport) {
        this.transport = transport;
    }

    @Override
    public long localSid() {
        return transport.localSid();
    }

    @Override
    public void onChannelCreated(Channel channel) {
        transport.track(channel);
    }

    @Override
    public void onKept(PeerHandshakeEvent event, Channel channel) {
        if (event.direction() == Direction.INBOUND) {
            metrics().accepted.increment();
        }
        PeerLink link = transport.link(event.sid(), event.addresses());
        if (link == null) {
            channel.close();
            return;
        }
        transport.tracer().connectionOpened(event.sid(), traceDirection(event.direction()));
        if (event.direction() == Direction.INBOUND && link.holdsClaims()) {
            HeldFrames.hold(channel); // before the frames that followed the handshake reach the dispatcher
            link.claimed(channel);
        } else {
            link.kept(channel);
        }
    }

    @Override
    public void releaseHeld(PeerLink link, Channel ch) {
        onLoopOf(ch, () -> {
            if (HeldFrames.isHeld(ch)) {
                HeldFrames.release(ch, link.sid, this, !transport.readsPaused());
            }
        });
    }

    @Override
    public void refuseClaim(PeerLink link, Channel ch, String why) {
        onLoopOf(ch, () -> {
            if (ch.isOpen()) { // a closed channel's pipeline is gone: the exception would reach Netty's tail
                ch.pipeline().fireExceptionCaught(new HandshakeException(HandshakeException.Reason.SID_IN_USE, why));
            }
        });
    }

    private static void onLoopOf(Channel ch, Runnable task) {
        if (ch.eventLoop().inEventLoop()) {
            task.run();
        } else {
            try {
                ch.eventLoop().execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                ch.close();
            }
        }
    }

    @Override
    public void onArbitrationDropped(PeerHandshakeEvent event) {
        Tracer tracer = transport.tracer();
        if (tracer.enabled()) {
            String reason = event.direction() == Direction.INBOUND
                    ? "smaller sid " + event.sid() + " dialed, calling back"
                    : "dialed larger sid " + event.sid() + ", which calls back";
            tracer.connectionDropped(event.sid(), traceDirection(event.direction()), reason);
        }
    }

    @Override
    public Tracer tracer() {
        return transport.tracer();
    }

    private static TraceEvent.Direction traceDirection(Direction d) {
        return d == Direction.INBOUND ? TraceEvent.Direction.INBOUND : TraceEvent.Direction.OUTBOUND;
    }

    @Override
    public void onLowerSidDialed(PeerHandshakeEvent event) {
        onLowerSidDialed(event, null);
    }

    @Override
    public void onLowerSidDialed(PeerHandshakeEvent event, Channel channel) {
        metrics().accepted.increment();
        PeerLink link = transport.link(event.sid(), event.addresses());
        if (link != null) {
            Long accepted = channel == null ? null : channel.attr(ChannelAttributes.CREATED_NANOS).get();
            link.dialBack(event.addresses(), accepted == null ? System.nanoTime() : accepted);
        }
    }

    @Override
    public void onWritable(Channel channel) {
        Long sid = channel.attr(ChannelAttributes.PEER_SID).get();
        PeerLink link = sid == null ? null : transport.link(sid, java.util.List.of());
        if (link != null) {
            link.writable(channel);
        }
    }

    @Override
    public void onFrame(long sid, ByteBuffer payload) {
        metrics().framesIn.increment();
        metrics().bytesIn.add(payload.remaining() + 4L);
        transport.listener().onMessage(sid, payload);
    }

    @Override
    public void onChannelError(Channel channel, Throwable cause) {
        String key = ChannelErrors.key(cause);
        if (ChannelErrors.isHandshakeRejection(cause)) {
            metrics().rejected(key);
        } else {
            metrics().channelError(key);
        }
    }

    // ---- PeerLink.Owner ----

    @Override
    public boolean isRunning() {
        return transport.isRunning();
    }

    @Override
    public TransportConfig config() {
        return transport.config();
    }

    @Override
    public MetricsRecorder metrics() {
        return transport.recorder();
    }

    @Override
    public Transport.Listener listener() {
        return transport.listener();
    }

    @Override
    public boolean readsPaused() {
        return transport.readsPaused();
    }

    @Override
    public void dial(PeerLink link, InetSocketAddress target) {
        transport.dial(link, target);
    }
}
