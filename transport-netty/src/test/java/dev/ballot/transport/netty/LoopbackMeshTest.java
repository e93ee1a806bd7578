package dev.ballot.transport.netty;

import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.BlackHole;
import dev.ballot.transport.netty.testing.LoopbackMesh;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static dev.ballot.transport.netty.testing.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-peer behaviour over TCP on 127.0.0.1 (docs/protocol.md "Arbitration", docs/protocol.md "Sending"). */
class LoopbackMeshTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void fivePeersDialingAtTheSameInstantEndWithOneChannelPerPair() throws Exception {
        try (LoopbackMesh mesh = LoopbackMesh.start(5)) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> dialers = new ArrayList<>();
            for (long sid = 1; sid <= 5; sid++) {
                NettyQuorumTransport t = mesh.transport(sid);
                dialers.add(CompletableFuture.runAsync(() -> {
                    awaitQuietly(go);
                    for (long other = 1; other <= 5; other++) {
                        if (other != t.localSid()) {
                            t.send(other, utf8("hello from " + t.localSid())); // a send dials
                        }
                    }
                }));
            }
            go.countDown();
            CompletableFuture.allOf(dialers.toArray(CompletableFuture[]::new)).join();
            Await.until(WAIT, () -> totalConnections(mesh) == 20 && allConnected(mesh, 4),
                    () -> "connections per peer " + perPeer(mesh));
            for (long from = 1; from <= 5; from++) {
                for (long to = 1; to <= 5; to++) {
                    mesh.transport(from).send(to, utf8("hi " + from + "->" + to));
                }
            }
            for (long from = 1; from <= 5; from++) {
                for (long to = 1; to <= 5; to++) {
                    mesh.listener(to).awaitText(from, "hi " + from + "->" + to, WAIT);
                }
            }
            assertEquals(20, totalConnections(mesh), "10 connections, each counted at both ends: " + perPeer(mesh));
            for (long to = 1; to <= 5; to++) {
                for (long from = 1; from <= 5; from++) {
                    if (from != to) {
                        // the dials crossed: a smaller sid's dial is never answered with a probe (a duplicate)
                        assertEquals(List.of("hello from " + from, "hi " + from + "->" + to),
                                mesh.listener(to).texts(from), from + " -> " + to);
                    }
                }
            }
            for (long sid = 1; sid <= 5; sid++) {
                // make-before-break: duplicate connections were replaced without the listener seeing a peer go down
                assertTrue(mesh.listener(sid).events().stream().noneMatch(e -> e.startsWith("down")),
                        sid + ": " + mesh.listener(sid).events());
            }
            for (long sid = 1; sid <= 5; sid++) {
                Set<Long> others = new java.util.HashSet<>(Set.of(1L, 2L, 3L, 4L, 5L));
                others.remove(sid);
                assertEquals(others, mesh.transport(sid).connectedPeers());
            }
        }
    }

    @Test
    void peerRestartedOnTheSamePortReceivesTheLastMessagesAgain() {
        try (LoopbackMesh mesh = LoopbackMesh.start(3, (sid, b) -> b.reconnectMinDelay(Duration.ofMillis(20))
                .reconnectMaxDelay(Duration.ofMillis(200)))) {
            mesh.transport(1).send(2, utf8("from 1"));
            mesh.transport(3).send(2, utf8("from 3"));
            mesh.listener(2).awaitText(1, "from 1", WAIT);
            mesh.listener(2).awaitText(3, "from 3", WAIT);

            mesh.stop(2);
            mesh.startPeer(2).join();

            // nothing new was sent: peers 1 (smaller sid) and 3 (larger) reconnect and resend their last message
            mesh.listener(2).awaitText(1, "from 1", WAIT);
            mesh.listener(2).awaitText(3, "from 3", WAIT);
            assertTrue(mesh.transport(1).metrics().reconnects() > 0);
            Await.until(WAIT, () -> mesh.transport(2).connectedPeers().equals(Set.of(1L, 3L)),
                    () -> "2 connected to " + mesh.transport(2).connectedPeers());
        }
    }

    @Test
    void connectAllDialsOnlyPeersWithTrafficAndConnectDialsOnePeer() {
        try (LoopbackMesh mesh = LoopbackMesh.start(4)) {
            mesh.transport(4).connectAll(); // no traffic yet: nothing to dial (observers must not mesh)
            mesh.transport(4).connect(1);
            Await.until(WAIT, () -> mesh.transport(4).connectedPeers().equals(Set.of(1L)),
                    () -> "4 connected to " + mesh.transport(4).connectedPeers());
            mesh.transport(4).send(2, utf8("to 2"));
            mesh.listener(2).awaitText(4, "to 2", WAIT);
            mesh.transport(4).connectAll();
            Await.until(WAIT, () -> mesh.transport(4).connectedPeers().equals(Set.of(1L, 2L)),
                    () -> "4 connected to " + mesh.transport(4).connectedPeers());
            assertTrue(!mesh.transport(3).connectedPeers().contains(4L), "3 never exchanged traffic with 4");
        }
    }

    @Test
    void downAndBlackHoledPeersDoNotDelayTrafficBetweenTheOthers() {
        int downPort = LoopbackPorts.reserve(1).get(0);
        try (BlackHole hole = new BlackHole();
             LoopbackMesh mesh = LoopbackMesh.start(3, (sid, b) -> b.peer(4, "127.0.0.1", hole.port())
                     .peer(5, "127.0.0.1", downPort).connectTimeout(Duration.ofSeconds(5)))) {
            pings(mesh, 300, false, "warm-up");
            List<Long> baseline = pings(mesh, 300, false, "baseline");
            List<Long> withUnreachable = pings(mesh, 300, true, "unreachable");
            Set<Long> connected = mesh.transport(3).connectedPeers();
            assertTrue(connected.contains(1L) && !connected.contains(4L) && !connected.contains(5L),
                    "3 is connected to 1 and to neither unreachable peer: " + connected);
            assertTrue(mesh.transport(3).metrics().sendQueueDrops() > 0, "newest-wins queues for 4 and 5 dropped");
            System.out.printf("[figure] 3->1 delivery (one in flight, send to onMessage, paranoid leak detection): "
                    + "p50=%d us p99=%d us with all peers up; p50=%d us p99=%d us while 4 black-holes connects and 5 is down%n",
                    baseline.get(150), baseline.get(297), withUnreachable.get(150), withUnreachable.get(297));
        }
    }

    /** Sorted send-to-delivery times of {@code n} pings 3->1, each round also sending to 4 and 5 if asked. */
    private static List<Long> pings(LoopbackMesh mesh, int n, boolean toUnreachable, String tag) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (toUnreachable) {
                mesh.transport(3).send(4, utf8("lost " + i));
                mesh.transport(3).send(5, utf8("lost " + i));
            }
            String text = tag + " " + i;
            java.util.concurrent.CompletableFuture<Long> arrived = mesh.listener(1).arrival(3, text);
            long start = System.nanoTime();
            mesh.transport(3).send(1, utf8(text));
            micros.add((arrived.orTimeout(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join() - start) / 1000);
        }
        Collections.sort(micros);
        return micros;
    }

    private static int totalConnections(LoopbackMesh mesh) {
        return mesh.transports().values().stream().mapToInt(NettyQuorumTransport::openConnections).sum();
    }

    private static boolean allConnected(LoopbackMesh mesh, int n) {
        return mesh.transports().values().stream().allMatch(t -> t.connectedPeers().size() == n);
    }

    private static String perPeer(LoopbackMesh mesh) {
        StringBuilder sb = new StringBuilder();
        mesh.transports().forEach((sid, t) -> sb.append(sid).append('=').append(t.openConnections())
                .append(t.connectedPeers()).append(' '));
        return sb.toString();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
