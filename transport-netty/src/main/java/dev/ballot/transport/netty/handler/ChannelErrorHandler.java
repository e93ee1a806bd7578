package dev.ballot.transport.netty.handler;

import dev.ballot.core.LogText;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The tail of every quorum pipeline: the one place that reports a channel's failure. The first
 * exception of a channel is logged once at WARN ({@code "<sid>: closing <channel> (sid <n>) from
 * <address>: <reason>"}, the reason escaped with {@link LogText}), counted through {@link
 * ChannelHost#onChannelError}, and the channel is closed; later exceptions of the same channel are only
 * logged at DEBUG. Plain I/O errors (a peer resetting the connection) are logged at DEBUG: they are
 * not bad input. Repeats of one reason are summarised by a {@link RejectionLog}, so a flood of bad
 * connections writes one line per reason and window, with a count. Never a stack trace.
 *
 * <p>{@code @Sharable}: one instance per transport.
 */
@ChannelHandler.Sharable
final class ChannelErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelErrorHandler.class);
    private static final AttributeKey<Boolean> REPORTED = AttributeKey.valueOf("ballot.errorReported");
    private final ChannelHost host;
    private final RejectionLog rejections;

    ChannelErrorHandler(ChannelHost host, RejectionLog rejections) {
        this.host = Objects.requireNonNull(host, "host");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Channel ch = ctx.channel();
        if (ch.attr(REPORTED).setIfAbsent(Boolean.TRUE) != null) {
            LOG.debug("{}: further error on {}: {}", host.localSid(), ch, LogText.lazy(cause));
            return;
        }
        String sid = ChannelAttributes.sidText(ch);
        if (cause instanceof IOException) {
            LOG.debug("{}: closing {} (sid {}) from {}: {}", host.localSid(), ch.id(), sid, ch.remoteAddress(),
                    LogText.lazy(cause));
        } else {
            String detail = LogText.escape(ChannelErrors.reason(cause));
            String line = host.localSid() + ": closing " + ch.id() + " (sid " + sid + ") from " + ch.remoteAddress()
                    + ": " + detail;
            rejections.report(ChannelErrors.key(cause), sourceOf(ch.remoteAddress()), line, detail,
                    (task, nanos) -> ch.eventLoop().schedule(task, nanos, TimeUnit.NANOSECONDS));
        }
        host.onChannelError(ch, cause);
        ctx.close();
    }

    /** Writes pending repeat summaries (when the transport closes). */
    void flush() {
        rejections.flush();
    }

    /** The remote host without its (ever-changing) port: what "one source" means in a summary. */
    private static String sourceOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress isa) {
            return isa.getAddress() != null ? isa.getAddress().getHostAddress() : LogText.escape(isa.getHostString());
        }
        return String.valueOf(remote);
    }
}
