package dev.ballot.server.admin;

import dev.ballot.core.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one admin connection, as a small state machine over two pipeline positions:
 * {@link #bytes()} sits before the HTTP codec and sees the first byte of each request,
 * {@link #messages()} sits after it and sees a request's headers and end, and the response going out.
 *
 * <ul>
 *   <li>connected, or idle after a response: the next request must start within {@code idleTimeout}
 *       (the first one: within {@code requestTimeout});</li>
 *   <li>a request started: all of it must arrive within {@code requestTimeout} of its first byte, however
 *       slowly it trickles in (a slowloris client sending one byte a second is closed);</li>
 *   <li>a request complete, until its response is written: no deadline (the server answers at once);</li>
 *   <li>a streamed response ({@code /watch}): no deadline; the stream's own heartbeat finds dead clients.</li>
 * </ul>
 * A connection past its deadline is closed with one DEBUG line and counted. One instance per channel;
 * confined to the channel's event loop.
 */
final class ConnectionTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTimeouts.class);

    private enum State { FIRST_REQUEST, IDLE, RECEIVING, ANSWERING, STREAMING }

    private final AdminLimits limits;
    private final AdminCounters counters;
    private State state = State.FIRST_REQUEST;
    private ScheduledFuture<?> timer;
    private long armed; // bumps with every arm and cancel: a timer that fires late for an old deadline does nothing
    private ChannelHandlerContext ctx;

    ConnectionTimeouts(AdminLimits limits, AdminCounters counters) {
        this.limits = limits;
        this.counters = counters;
    }

    /** The handler before the HTTP codec: the first bytes of a request. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext c) {
                ctx = c;
                arm(limits.requestTimeout());
                c.fireChannelActive();
            }

            @Override
            public void handlerAdded(ChannelHandlerContext c) {
                ctx = c;
                if (c.channel().isActive() && timer == null) {
                    arm(limits.requestTimeout());
                }
            }

            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (state == State.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
                    state = State.RECEIVING;
                    arm(limits.requestTimeout());
                }
                c.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext c) {
                cancel();
                c.fireChannelInactive();
            }
        };
    }

    /** The handler after the HTTP codec: a request's headers and end, and the response. */
    ChannelDuplexHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (msg instanceof HttpRequest && (state == State.FIRST_REQUEST || state == State.IDLE)) {
                    state = State.RECEIVING; // headers decoded in one read: the request began with them
                }
                if (msg instanceof LastHttpContent && state == State.RECEIVING) {
                    state = State.ANSWERING;
                    cancel();
                }
                c.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
                if (msg instanceof HttpResponse && !(msg instanceof FullHttpResponse)) {
                    state = State.STREAMING;
                    cancel();
                } else if (msg instanceof LastHttpContent) { // a FullHttpResponse, or the end of a stream
                    promise = promise.unvoid();
                    promise.addListener(f -> responded());
                }
                c.write(msg, promise);
            }
        };
    }

    private void responded() {
        if (ctx.channel().isActive() && (state == State.ANSWERING || state == State.STREAMING)) {
            state = State.IDLE;
            arm(limits.idleTimeout());
        }
    }

    private void arm(Duration after) {
        cancel();
        long id = armed;
        timer = ctx.executor().schedule(() -> expire(id), after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire(long id) {
        if (id != armed || !ctx.channel().isActive()) {
            return;
        }
        if (state == State.IDLE) {
            counters.idleClosed.incrementAndGet();
            LOG.debug("admin: closing idle connection from {} after {} ms", LogText.escape(String.valueOf(ctx.channel().remoteAddress())),
                    limits.idleTimeout().toMillis());
        } else {
            counters.requestTimeouts.incrementAndGet();
            LOG.debug("admin: closing connection from {}: request not complete within {} ms",
                    LogText.escape(String.valueOf(ctx.channel().remoteAddress())), limits.requestTimeout().toMillis());
        }
        ctx.channel().close();
    }

    private void cancel() {
        armed++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
