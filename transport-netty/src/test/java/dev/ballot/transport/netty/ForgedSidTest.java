package dev.ballot.transport.netty;

import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackMesh;
import dev.ballot.transport.netty.testing.RawPeer;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ballot.transport.netty.testing.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: handshakes that claim a configured sid without TLS. Peer 2 of a 3-peer loopback mesh is
 * flooded with connections claiming sid 1 (smaller: ZooKeeper's rule makes 2 dial back) and sid 3
 * (larger: its connection would be kept), each followed by a frame. The real links and their traffic
 * must not notice.
 */
class ForgedSidTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FLOOD = 300;

    private static LoopbackMesh mesh(boolean checkPeerAddress) {
        return LoopbackMesh.start(3, (sid, b) -> b.handshakeTimeout(HANDSHAKE_TIMEOUT).checkPeerAddress(checkPeerAddress)
                .reconnectMinDelay(Duration.ofMillis(20)).reconnectMaxDelay(Duration.ofMillis(500)));
    }

    /** Every peer sends {@code tag} to every other, and each message arrives. */
    private static void exchange(LoopbackMesh mesh, String tag) {
        for (long from = 1; from <= 3; from++) {
            for (long to = 1; to <= 3; to++) {
                if (from != to) {
                    mesh.transport(from).send(to, utf8(tag + " " + from + "->" + to));
                }
            }
        }
        for (long from = 1; from <= 3; from++) {
            for (long to = 1; to <= 3; to++) {
                if (from != to) {
                    mesh.listener(to).awaitText(from, tag + " " + from + "->" + to, WAIT);
                }
            }
        }
    }

    /** The kept channel of every ordered pair. */
    private static Map<String, Channel> links(LoopbackMesh mesh) {
        Map<String, Channel> out = new HashMap<>();
        for (long a = 1; a <= 3; a++) {
            for (long b = 1; b <= 3; b++) {
                if (a != b) {
                    Channel ch = mesh.transport(a).link(b, List.of()).channel();
                    assertTrue(ch != null && ch.isActive(), a + "->" + b + " connected");
                    out.put(a + "->" + b, ch);
                }
            }
        }
        return out;
    }

    private static long rejected(LoopbackMesh mesh, String reason) {
        return mesh.transport(2).metrics().handshakesRejected().getOrDefault(reason, 0L);
    }

    @Test
    void aFloodOfForgedHandshakesLeavesTheEstablishedLinksAndTheirTrafficUntouched() {
        try (LoopbackMesh mesh = mesh(false)) {
            exchange(mesh, "before");
            Map<String, Channel> before = links(mesh);
            List<RawPeer> forged = new ArrayList<>();
            try {
                for (int i = 0; i < FLOOD; i++) {
                    long claimed = i % 2 == 0 ? 1 : 3;
                    RawPeer p = new RawPeer(mesh.port(2));
                    forged.add(p);
                    try {
                        p.handshake(claimed, "127.0.0.1:" + mesh.port(claimed)).frame(("forged " + i).getBytes(StandardCharsets.UTF_8));
                    } catch (java.io.UncheckedIOException closedAlready) {
                        // a claim of the smaller sid 1 is closed at once by ZooKeeper's rule; the frame may find it gone
                    }
                    if (i % 50 == 0) {
                        exchange(mesh, "during " + i);
                    }
                }
                // every claim of sid 3 but the newest was refused for a newer one; the newest after a handshake timeout
                Await.until(WAIT, () -> rejected(mesh, "sid-in-use") == FLOOD / 2,
                        () -> "sid-in-use rejections " + mesh.transport(2).metrics().handshakesRejected());
                exchange(mesh, "after");
            } finally {
                forged.forEach(RawPeer::close);
            }
            exchange(mesh, "closed");
            Map<String, Channel> after = links(mesh);
            before.forEach((pair, ch) -> assertSame(ch, after.get(pair), pair + " is still the same connection"));
            for (long sid = 1; sid <= 3; sid++) {
                List<String> events = mesh.listener(sid).events();
                assertFalse(events.stream().anyMatch(e -> e.startsWith("down")), sid + " saw a peer go down: " + events);
                assertTrue(mesh.listener(sid).texts(1).stream().noneMatch(t -> t.startsWith("forged"))
                        && mesh.listener(sid).texts(3).stream().noneMatch(t -> t.startsWith("forged")),
                        "a forged frame was delivered to " + sid);
            }
        }
    }

    @Test
    void theRealPeerReconnectingIsAdoptedWithItsFirstFrame() {
        try (LoopbackMesh mesh = mesh(false)) {
            exchange(mesh, "before");
            // peer 3's transport restarts in place: its old connection is gone, its new one claims sid 3
            dev.ballot.transport.netty.testing.RecordingListener fresh = new dev.ballot.transport.netty.testing.RecordingListener();
            mesh.restart(3, fresh);
            mesh.transport(3).send(2, utf8("after restart"));
            mesh.listener(2).awaitText(3, "after restart", WAIT);
            mesh.transport(2).send(3, utf8("reply"));
            fresh.awaitText(2, "reply", WAIT);
        }
    }

    @Test
    void checkPeerAddressRefusesAClaimFromAnotherAddress() {
        try (LoopbackMesh mesh = mesh(true)) {
            exchange(mesh, "before");
            Map<String, Channel> before = links(mesh);
            try (RawPeer elsewhere = new RawPeer(mesh.port(2), "127.0.0.2")) {
                elsewhere.handshake(3, "127.0.0.2:1").frame("forged".getBytes(StandardCharsets.UTF_8));
                assertTrue(elsewhere.closedWithin(WAIT));
            }
            Await.until(WAIT, () -> rejected(mesh, "address-mismatch") == 1,
                    () -> "rejections " + mesh.transport(2).metrics().handshakesRejected());
            exchange(mesh, "after");
            assertEquals(before, links(mesh));
            assertTrue(mesh.listener(2).texts(3).stream().noneMatch(t -> t.equals("forged")));
        }
    }
}
