package dev.ballot.transport.netty.handler;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * The tail of every quorum pipeline: the one place that reports a channel's failure. The first
 * exception of a channel is logged once at WARN ({@code "<sid>: closing <channel> (sid <n>) from
 * <address>: <reason>"}), counted through {@link ChannelHost#onChannelError}, and the channel is
 * closed; later exceptions of the same channel are only logged at DEBUG. Plain I/O errors (a peer
 * resetting the connection) are logged at DEBUG: they are not bad input.
 *
 * <p>{@code @Sharable}: one instance per transport.
 */
@ChannelHandler.Sharable
final class ChannelErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelErrorHandler.class);
    private static final AttributeKey<Boolean> REPORTED = AttributeKey.valueOf("ballot.errorReported");
    private final ChannelHost host;

    ChannelErrorHandler(ChannelHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().attr(REPORTED).setIfAbsent(Boolean.TRUE) != null) {
            LOG.debug("{}: further error on {}: {}", host.localSid(), ctx.channel(), cause.toString());
            return;
        }
        String sid = ChannelAttributes.sidText(ctx.channel());
        if (cause instanceof IOException) {
            LOG.debug("{}: closing {} (sid {}) from {}: {}", host.localSid(), ctx.channel().id(), sid,
                    ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("{}: closing {} (sid {}) from {}: {}", host.localSid(), ctx.channel().id(), sid,
                    ctx.channel().remoteAddress(), reason(cause));
        }
        host.onChannelError(ctx.channel(), cause);
        ctx.close();
    }

    /** The reason text: the message of a protocol error, the class and message of anything else. */
    static String reason(Throwable cause) {
        Throwable shown = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (shown instanceof HandshakeException h) {
            return h.reason().key() + ": " + h.getMessage();
        }
        return shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }
}
