package dev.ballot.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballot.core.PeerState;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.ZooCfgParser;
import dev.ballot.server.watch.LeaderTracker;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /leader}, {@code /watch} (Server-Sent Events) and {@code /config} on a loopback admin server. */
class AdminWatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LeaderTracker tracker = new LeaderTracker(2, Clock.systemUTC());
    private AdminServer server;

    @TempDir
    Path dir;

    private void start(AdminLimits limits, Map<String, Object> config) {
        server = new AdminServer(AdminHardeningTest.source(), Optional.empty(), limits, Optional.of(tracker), config);
        server.bind(group, new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A raw SSE client: reads lines with a deadline per line. */
    private final class Sse implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;

        Sse() throws Exception {
            socket = new Socket("127.0.0.1", server.localAddress().getPort());
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /watch HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        String headers() throws Exception {
            StringBuilder b = new StringBuilder();
            for (String l; !(l = in.readLine()).isEmpty(); ) {
                b.append(l).append('\n');
            }
            return b.toString();
        }

        /** The next data: line's JSON, skipping chunk sizes, ids and comments. */
        JsonNode nextEvent() throws Exception {
            for (String l; (l = in.readLine()) != null; ) {
                if (l.startsWith("data: ")) {
                    return JSON.readTree(l.substring(6));
                }
            }
            throw new AssertionError("stream ended");
        }

        /** The next comment line. */
        String nextComment() throws Exception {
            for (String l; (l = in.readLine()) != null; ) {
                if (l.startsWith(":")) {
                    return l;
                }
            }
            throw new AssertionError("stream ended");
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void leader_isJsonWithNullsWhileLooking_andTheLeaderOnceEstablished() throws Exception {
        start(AdminLimits.DEFAULTS, Map.of());
        JsonNode j = JSON.readTree(get("/leader").body());
        assertTrue(j.has("leader") && j.get("leader").isNull(), j.toString());
        assertTrue(j.get("fencingToken").isNull());
        assertEquals(2, j.get("me").asLong());
        assertEquals("LOOKING", j.get("role").asText());
        assertFalse(j.get("established").asBoolean());
        tracker.onEstablished(2, PeerState.FOLLOWING, 3, 9);
        j = JSON.readTree(get("/leader").body());
        assertEquals(3, j.get("leader").asLong());
        assertEquals(9, j.get("fencingToken").asLong());
        assertEquals("FOLLOWING", j.get("role").asText());
        assertTrue(j.get("established").asBoolean());
        assertTrue(j.get("since").asText().endsWith("Z"), "ISO-8601 UTC: " + j.get("since"));
        assertEquals(404, get("/config").statusCode(), "no configuration given");
    }

    @Test
    void watch_sendsTheCurrentViewAtOnce_thenEveryChange_andHeartbeats() throws Exception {
        start(AdminLimits.DEFAULTS.withHeartbeat(Duration.ofMillis(200)), Map.of());
        try (Sse sse = new Sse()) {
            String headers = sse.headers();
            assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
            assertTrue(headers.toLowerCase().contains("content-type: text/event-stream"), headers);
            assertEquals("LOOKING", sse.nextEvent().get("role").asText());
            tracker.onEstablished(2, PeerState.FOLLOWING, 3, 9);
            JsonNode e = sse.nextEvent();
            assertEquals(3, e.get("leader").asLong());
            assertEquals(9, e.get("fencingToken").asLong());
            tracker.onRoleEnded(2, PeerState.FOLLOWING, "leader 3 lost");
            assertEquals("LOOKING", sse.nextEvent().get("role").asText());
            assertEquals(": heartbeat", sse.nextComment(), "a comment line while nothing changes");
            tracker.onEstablished(2, PeerState.LEADING, 2, 10);
            assertEquals(10, sse.nextEvent().get("fencingToken").asLong(), "events still flow after heartbeats");
        }
    }

    @Test
    void watchers_areBounded_andAClientThatGoesAwayIsCleanedUp() throws Exception {
        start(AdminLimits.DEFAULTS.withMaxWatchers(2).withHeartbeat(Duration.ofMillis(100)), Map.of());
        Sse a = new Sse();
        Sse b = new Sse();
        a.headers();
        b.headers();
        a.nextEvent();
        b.nextEvent();
        HttpResponse<String> third = get("/watch");
        assertEquals(503, third.statusCode(), "a third watcher is refused");
        assertTrue(server.metricsText().contains("ballot_admin_watchers 2"));
        a.close();
        awaitMetric("ballot_admin_watchers 1");
        try (Sse c = new Sse()) {
            assertTrue(c.headers().startsWith("HTTP/1.1 200"), "the place of the client that left is free again");
            c.nextEvent();
        }
        b.close();
        awaitMetric("ballot_admin_watchers 0");
        assertTrue(server.metricsText().contains("ballot_admin_watchers_refused_total 1"));
    }

    private void awaitMetric(String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.metricsText().contains(line + "\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + line + "' within 10 s:\n" + server.metricsText());
            }
            Thread.sleep(10); // polling interval; the deadline decides
        }
    }

    @Test
    void config_showsTheEffectiveSettings_andNoPassword() throws Exception {
        Path cfgFile = dir.resolve("zoo.cfg");
        Path ks = Files.writeString(dir.resolve("ks.p12"), "x");
        Files.writeString(cfgFile, "tickTime=500\ndataDir=" + dir + "\nsyncLimit=3\n"
                + "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890:observer\n"
                + "sslQuorum=true\nssl.quorum.keyStore.location=" + ks + "\nssl.quorum.keyStore.password=s3cret-ks\n"
                + "ssl.quorum.trustStore.location=" + ks + "\nssl.quorum.trustStore.password=s3cret-ts\n"
                + "ballot.admin.idleTimeout=5000\n");
        EnsembleConfig cfg = ZooCfgParser.parse(cfgFile, w -> { });
        AdminLimits limits = AdminLimits.from(cfg.adminHttp());
        assertEquals(Duration.ofSeconds(5), limits.idleTimeout(), "the zoo.cfg key reaches the server");
        start(limits, ConfigView.of(cfg, 2, limits));
        HttpResponse<String> r = get("/config");
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("s3cret"), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(500, j.get("tickTime").asLong());
        assertEquals(3, j.get("syncLimit").asInt());
        assertEquals(10, j.get("initLimit").asInt(), "defaults are shown too");
        assertEquals(2, j.get("myid").asLong());
        assertEquals(ConfigView.REDACTED, j.get("ssl.quorum.keyStore.password").asText());
        assertEquals(ConfigView.REDACTED, j.get("ssl.quorum.trustStore.password").asText());
        assertTrue(j.get("server.3").asText().contains("observer"), j.toString());
        assertEquals(5_000, j.get("ballot.admin.idleTimeout").asLong());
        assertEquals(10_000, j.get("ballot.admin.requestTimeout").asLong(), "a default");
    }
}
