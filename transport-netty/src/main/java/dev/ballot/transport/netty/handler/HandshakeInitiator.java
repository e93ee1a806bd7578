package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The dialing side of the handshake (docs/protocol.md "The initial message"): once the connection is usable (TCP connected, or
 * the TLS handshake done and the acceptor's certificate admitted for the dialed sid), writes this
 * peer's initial message in one buffer and one flush; when the write has reached the socket, fires a
 * {@link PeerHandshakeEvent} for the dialed sid and removes itself. The acceptor never answers.
 *
 * <p>Stateful (one per channel), event-loop confined.
 */
final class HandshakeInitiator extends ChannelInboundHandlerAdapter {
    private final long remoteSid;
    private final Function<ByteBufAllocator, ByteBuf> initialMessage;
    private final HandshakeValidator validator;
    private final boolean awaitTls;

    /**
     * @param remoteSid      the sid we dialed
     * @param initialMessage encodes our initial message (called once)
     * @param validator      checks the acceptor's certificate against {@code remoteSid} when TLS is on
     * @param awaitTls       true when an {@code SslHandler} precedes this handler
     */
    HandshakeInitiator(long remoteSid, Function<ByteBufAllocator, ByteBuf> initialMessage, HandshakeValidator validator,
                       boolean awaitTls) {
        this.remoteSid = remoteSid;
        this.initialMessage = Objects.requireNonNull(initialMessage, "initialMessage");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.awaitTls = awaitTls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(ChannelAttributes.PEER_SID).set(remoteSid);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (!awaitTls) {
            send(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent tls && tls.isSuccess() && awaitTls) {
            try {
                validator.admit(remoteSid, ctx.channel());
            } catch (HandshakeException e) {
                ctx.close();
                ctx.fireExceptionCaught(e);
                return;
            }
            send(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void send(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(initialMessage.apply(ctx.alloc())).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && !ctx.isRemoved()) {
                ctx.fireUserEventTriggered(new PeerHandshakeEvent(remoteSid, List.of(), Direction.OUTBOUND));
                ctx.pipeline().remove(this);
            } else if (!f.isSuccess()) {
                ctx.close();
            }
        });
    }
}
