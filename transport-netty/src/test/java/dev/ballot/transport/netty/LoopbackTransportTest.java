package dev.ballot.transport.netty;

import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackMesh;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static dev.ballot.transport.netty.testing.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void threePeersExchangeMessagesBothWaysAndToThemselves() {
        try (LoopbackMesh mesh = LoopbackMesh.start(3)) {
            for (long from = 1; from <= 3; from++) {
                for (long to = 1; to <= 3; to++) {
                    mesh.transport(from).send(to, utf8(from + "->" + to));
                }
            }
            for (long from = 1; from <= 3; from++) {
                for (long to = 1; to <= 3; to++) {
                    mesh.listener(to).awaitText(from, from + "->" + to, WAIT);
                }
            }
            for (long sid = 1; sid <= 3; sid++) {
                long s = sid;
                Await.until(WAIT, () -> mesh.transport(s).connectedPeers().size() == 2,
                        () -> s + " connected to " + mesh.transport(s).connectedPeers());
            }
            assertEquals(Set.of(2L, 3L), mesh.transport(1).connectedPeers());
            assertTrue(mesh.transport(3).metrics().framesOut() >= 2);
        }
    }

    @Test
    void reset_dropsTheConnection_andTheLinkComesBackAndDeliversAgain() {
        // a peer found silent: its answers may sit in a stalled TCP connection, a new one delivers at once
        try (LoopbackMesh mesh = LoopbackMesh.start(2)) {
            mesh.transport(1).send(2, utf8("before"));
            mesh.listener(2).awaitText(1, "before", WAIT);
            Await.until(WAIT, () -> mesh.listener(1).events().contains("up 2"), () -> "up: " + mesh.listener(1).events());
            mesh.transport(1).reset(2);
            Await.until(WAIT, () -> mesh.listener(1).events().contains("down 2"), () -> "down: " + mesh.listener(1).events());
            mesh.transport(2).send(1, utf8("after"));
            mesh.listener(1).awaitText(2, "after", WAIT);
            Await.until(WAIT, () -> mesh.transport(1).connectedPeers().contains(2L),
                    () -> "reconnected: " + mesh.listener(1).events());
            mesh.transport(1).reset(7); // no such peer: nothing happens
        }
    }
}
