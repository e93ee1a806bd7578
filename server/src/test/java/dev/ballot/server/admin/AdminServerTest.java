package dev.ballot.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballot.leadership.PeerStatus;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminServerTest {
    private MultiThreadIoEventLoopGroup group;
    private AdminServer server;
    private volatile PeerStatus status;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static PeerStatus status(String state, boolean established) {
        return new PeerStatus(2, state, established, established ? 1L : null, established ? 7L : null, 7, 7,
                "0x700000000", "2026-01-01T00:00:00Z",
                new PeerStatus.Elections(3, 3, 20, 21,
                        new PeerStatus.LastElection(1, "FOLLOWING", 4, 230, 1, 6, 5, "2026-01-01T00:00:00Z")),
                List.of(new PeerStatus.ConnectedPeer(1, "127.0.0.1:3888", "2026-01-01T00:00:00Z")),
                List.of(new PeerStatus.Peer(1, "127.0.0.1:3888", true, "2026-01-01T00:00:00Z"),
                        new PeerStatus.Peer(3, "127.0.0.1:3890", false, "2026-01-01T00:00:00Z")), null, 1234, "test");
    }

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        status = status("FOLLOWING", true);
        server = new AdminServer(new AdminSource() {
            @Override
            public CompletableFuture<PeerStatus> status() {
                return CompletableFuture.completedFuture(status);
            }

            @Override
            public CompletableFuture<String> metrics() {
                return CompletableFuture.completedFuture("ballot_elections_total 3\n");
            }
        });
        server.bind(group, new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
    }

    @AfterEach
    void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
        // a bound, not a wait: a JVM's first request loads java.net.http, seconds on a busy machine
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void status_isJsonOfThePeer() throws Exception {
        HttpResponse<String> r = get("/status");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        JsonNode j = new ObjectMapper().readTree(r.body());
        assertEquals(2, j.get("sid").asLong());
        assertEquals("FOLLOWING", j.get("state").asText());
        assertEquals(7, j.get("fencingToken").asLong());
        assertEquals(230, j.get("elections").get("last").get("durationMillis").asLong());
        assertEquals("127.0.0.1:3888", j.get("connectedPeers").get(0).get("address").asText());
        assertTrue(!j.has("learners"), "absent fields are left out");
    }

    @Test
    void health_is200WhenEstablished_503Otherwise() throws Exception {
        assertEquals(200, get("/health").statusCode());
        status = status("LOOKING", false);
        HttpResponse<String> r = get("/health");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("\"healthy\" : false"), r.body());
        status = status("LEADING", false);
        assertEquals(503, get("/health").statusCode(), "a leader before establishment is not healthy");
    }

    @Test
    void health_is503WithTheReason_whileThePeerCannotPersistItsEpochs() throws Exception {
        PeerStatus ok = status("FOLLOWING", true);
        status = new PeerStatus(ok.sid(), "LOOKING", false, null, null, 7, 7, ok.lastZxid(), ok.roleSince(),
                ok.elections(), ok.connectedPeers(), ok.peers(), null, 1234, "test", PeerStatus.DISK_UNWRITABLE,
                "cannot write /d/version-2/acceptedEpoch: Read-only file system");
        HttpResponse<String> r = get("/health");
        assertEquals(503, r.statusCode());
        JsonNode j = new ObjectMapper().readTree(r.body());
        assertEquals("disk-unwritable", j.get("health").asText());
        assertEquals("cannot write /d/version-2/acceptedEpoch: Read-only file system", j.get("reason").asText());
        assertEquals("disk-unwritable", new ObjectMapper().readTree(get("/status").body()).get("health").asText());
    }

    @Test
    void metrics_isPrometheusText_andUnknownPathsAre404() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(r.body().startsWith("ballot_elections_total 3\n"), r.body());
        assertTrue(r.body().contains("\nballot_admin_connections 1\n"), "the admin server's own metrics follow");
        assertEquals(404, get("/nope").statusCode());
    }
}
