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
}
