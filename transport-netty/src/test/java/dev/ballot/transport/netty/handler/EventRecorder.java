package dev.ballot.transport.netty.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayList;
import java.util.List;

/** Records user events that reach it, and passes them on. */
final class EventRecorder extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
        ctx.fireUserEventTriggered(evt);
    }

    PeerHandshakeEvent handshake() {
        return events.stream().filter(PeerHandshakeEvent.class::isInstance).map(PeerHandshakeEvent.class::cast)
                .findFirst().orElse(null);
    }
}
