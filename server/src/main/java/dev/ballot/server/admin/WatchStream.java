package dev.ballot.server.admin;

import dev.ballot.core.LogText;
import dev.ballot.server.watch.LeaderTracker;
import dev.ballot.server.watch.LeaderView;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@code GET /watch} stream (Server-Sent Events): the current {@link LeaderView} at once as a
 * {@code data:} event, then one event per change, and a {@code :} comment line every heartbeat while
 * nothing changes. Ends when the client goes away, or when it reads so slowly that its unsent events
 * pass the channel's write-buffer high-water mark (it then reconnects and starts from the current view).
 * Each event carries {@code id: <n>}, counting from 1 per stream.
 */
final class WatchStream {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);

    private final Channel channel;
    private final LeaderTracker tracker;
    private final AdminCounters counters;
    private final Consumer<LeaderView> listener = this::changed;
    private ScheduledFuture<?> heartbeat;
    private long ids;

    private WatchStream(Channel channel, LeaderTracker tracker, AdminCounters counters) {
        this.channel = channel;
        this.tracker = tracker;
        this.counters = counters;
    }

    /** Starts a stream on {@code channel} (on its event loop). */
    static void start(Channel channel, LeaderTracker tracker, AdminCounters counters, Duration heartbeatEvery) {
        WatchStream s = new WatchStream(channel, tracker, counters);
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        r.headers().set("X-Accel-Buffering", "no"); // proxies such as nginx: do not buffer the stream
        HttpUtil.setTransferEncodingChunked(r, true);
        channel.write(r);
        counters.watchers.incrementAndGet();
        channel.closeFuture().addListener(f -> s.ended());
        LeaderView first = tracker.subscribe(s.listener);
        s.send(first);
        long every = heartbeatEvery.toNanos();
        s.heartbeat = channel.eventLoop().scheduleAtFixedRate(s::beat, every, every, TimeUnit.NANOSECONDS);
    }

    private void changed(LeaderView v) {
        channel.eventLoop().execute(() -> send(v));
    }

    private void send(LeaderView v) {
        write("id: " + (++ids) + "\ndata: " + JsonText.compact(v) + "\n\n");
    }

    private void beat() {
        write(": heartbeat\n\n");
    }

    private void write(String text) {
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            LOG.debug("admin: closing /watch of {}: it does not read its events", LogText.escape(String.valueOf(channel.remoteAddress())));
            channel.close();
            return;
        }
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)))
                .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private void ended() {
        tracker.unsubscribe(listener);
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        counters.watchers.decrementAndGet();
    }
}
