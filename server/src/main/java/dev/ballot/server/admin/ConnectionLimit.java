package dev.ballot.server.admin;

import dev.ballot.core.LogText;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounds the admin server's open connections: past {@code maxConnections} a new connection gets a
 * plain {@code 503} and is closed before any byte of it is parsed. Refusals are counted; the log gets
 * one WARN on the first and then at most one line per 30 s with the count since. {@code @Sharable}: one
 * instance per server.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final long REPORT_EVERY = TimeUnit.SECONDS.toNanos(30);
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Connection: close\r\nContent-Length: 39\r\n\r\ntoo many admin connections; try later\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final int max;
    private final AdminCounters counters;
    private final LongSupplier nanos;
    private final AtomicLong lastReport = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();

    ConnectionLimit(int max, AdminCounters counters, LongSupplier nanos) {
        this.max = max;
        this.counters = counters;
        this.nanos = nanos;
        lastReport.set(nanos.getAsLong() - REPORT_EVERY);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (counters.open.incrementAndGet() > max) {
            counters.open.decrementAndGet();
            long refused = counters.refused.incrementAndGet();
            report(ctx, refused);
            refuse(ctx);
            return;
        }
        ctx.channel().closeFuture().addListener(f -> counters.open.decrementAndGet());
        ctx.fireChannelActive();
    }

    /**
     * Answers 503 and half-closes; whatever the client sends meanwhile is dropped unread, and the channel
     * closes a moment later. Closing at once with unread bytes would reset the connection, and the client
     * would see a reset instead of the answer.
     */
    private static void refuse(ChannelHandlerContext ctx) {
        ctx.pipeline().addFirst("refused", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        });
        ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY)).addListener(f -> {
            if (f.isSuccess() && ctx.channel() instanceof io.netty.channel.socket.SocketChannel s) {
                s.shutdownOutput();
                ctx.executor().schedule(() -> ctx.channel().close(), 1, TimeUnit.SECONDS);
            } else {
                ctx.channel().close();
            }
        });
    }

    private void report(ChannelHandlerContext ctx, long refused) {
        long now = nanos.getAsLong();
        long last = lastReport.get();
        if (now - last >= REPORT_EVERY && lastReport.compareAndSet(last, now)) {
            long since = refused - reported.getAndSet(refused);
            LOG.warn("admin: refused {} connection(s) (the latest from {}): {} already open (limit {}); {} refused in all",
                    since, LogText.escape(String.valueOf(ctx.channel().remoteAddress())), max, max, refused);
        }
    }
}
