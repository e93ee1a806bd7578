package dev.ballot.server.trace;

import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceSamples;
import dev.ballot.leadership.PeerStatus;
import dev.ballot.server.admin.AdminServer;
import dev.ballot.server.admin.AdminSource;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /trace} on the admin port answers the newest events as JSON lines. */
class AdminTraceEndpointTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RingBufferTraceSink sink = new RingBufferTraceSink(64);
    private MultiThreadIoEventLoopGroup group;
    private AdminServer traced;
    private AdminServer untraced;

    private static final AdminSource NO_STATUS = new AdminSource() {
        @Override
        public CompletableFuture<PeerStatus> status() {
            return CompletableFuture.failedFuture(new IllegalStateException("not used"));
        }

        @Override
        public CompletableFuture<String> metrics() {
            return CompletableFuture.completedFuture("");
        }
    };

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        TraceSamples.everyType().forEach(sink::record);
        traced = new AdminServer(NO_STATUS, Optional.of(sink));
        traced.bind(group, new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
        untraced = new AdminServer(NO_STATUS);
        untraced.bind(group, new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
    }

    @AfterEach
    void stop() {
        traced.close().syncUninterruptibly();
        untraced.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpResponse<String> get(AdminServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
        // a bound, not a wait: a JVM's first request loads java.net.http, seconds on a busy machine
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void trace_answersJsonLinesOfTheNewestEvents() throws Exception {
        HttpResponse<String> all = get(traced, "/trace");
        assertEquals(200, all.statusCode());
        assertEquals("application/x-ndjson; charset=utf-8", all.headers().firstValue("content-type").orElseThrow());
        assertEquals(TraceSamples.everyType(), all.body().lines().map(TraceJson::parse).toList());

        HttpResponse<String> last2 = get(traced, "/trace?last=2");
        List<TraceEvent> events = TraceSamples.everyType();
        assertEquals(events.subList(events.size() - 2, events.size()), last2.body().lines().map(TraceJson::parse).toList());
        assertEquals("", get(traced, "/trace?last=0").body());
    }

    @Test
    void badLast_is400_andTracingOff_is404() throws Exception {
        HttpResponse<String> bad = get(traced, "/trace?last=-3");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("last must be a number >= 0, got '-3'"), bad.body());
        assertEquals(400, get(traced, "/trace?last=many").statusCode());
        HttpResponse<String> off = get(untraced, "/trace");
        assertEquals(404, off.statusCode());
        assertEquals("tracing is off on this peer\n", off.body());
    }
}
