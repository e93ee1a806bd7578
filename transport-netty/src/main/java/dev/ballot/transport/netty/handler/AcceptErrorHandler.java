package dev.ballot.transport.netty.handler;

import dev.ballot.core.LogText;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a listening channel: a failure to accept (typically "Too many open files"
 * during a connection flood) is one rate-limited WARN line without a stack trace, instead of Netty's
 * "reached the tail of the pipeline" warning per attempt, and accepting pauses for {@link #PAUSE} so
 * the loop does not spin on it (as Netty's own acceptor does, which this handler keeps the event from).
 *
 * <p>{@code @Sharable}: one instance per transport, for every listening channel.
 */
@ChannelHandler.Sharable
final class AcceptErrorHandler extends ChannelInboundHandlerAdapter {
    /** How long accepting stops after a failed accept. */
    static final Duration PAUSE = Duration.ofSeconds(1);
    private final long localSid;
    private final RejectionLog log;

    AcceptErrorHandler(long localSid, RejectionLog log) {
        this.localSid = localSid;
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String detail = LogText.escape(cause.toString());
        log.report("accept", "this host", localSid + ": cannot accept a connection on " + ctx.channel().localAddress()
                + " (pausing accepts for " + PAUSE.toMillis() + " ms): " + detail, detail,
                (task, nanos) -> ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS));
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            ctx.executor().schedule(() -> config.setAutoRead(true), PAUSE.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
