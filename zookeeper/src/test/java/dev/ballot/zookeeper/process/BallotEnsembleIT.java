package dev.ballot.zookeeper.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three ZooKeeper 3.9.5 servers from the self-contained jar serve a real ZooKeeper client through five kill -9s
 * of their leader; every acknowledged write is on every server afterwards, and no server runs a thread of
 * ZooKeeper's election layer.
 */
@Tag("process")
class BallotEnsembleIT {
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private ZkEnsemble ensemble;

    @AfterEach
    void stopEveryServer() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void servesAClientThroughFiveLeaderKillsAndLosesNoAcknowledgedWrite() throws Exception {
        ensemble = new ZkEnsemble(dir, 3, "");
        ensemble.startAll(ServerKind.BALLOT_JAR);
        long leader = ensemble.awaitServing();

        for (long sid = 1; sid <= 3; sid++) {
            List<String> names = ensemble.threadNames(sid);
            assertEquals(List.of(), ElectionThreads.zooKeeperElectionThreads(names), "server " + sid);
            assertTrue(names.stream().anyMatch(n -> n.startsWith("ballot-election-")), "Ballot's election runs: " + names);
        }

        Set<String> acked = new HashSet<>();
        int[] counter = {0};
        try (Client client = Client.connect(ensemble.connectString())) {
            client.ensure("/t", WRITE_DEADLINE);
            client.create("/t/data");
            assertArrayEquals(new byte[0], client.read("/t/data"));
            for (int round = 1; round <= 5; round++) {
                for (int i = 0; i < 20; i++) {
                    client.createUntilAcknowledged("/t/w", counter, acked, WRITE_DEADLINE);
                }
                ensemble.kill(leader);
                client.createUntilAcknowledged("/t/w", counter, acked, WRITE_DEADLINE);
                ensemble.start(leader, ServerKind.BALLOT_JAR);
                long next = ensemble.awaitServing();
                assertNotEquals(0, next);
                leader = next;
            }
            for (int i = 0; i < 20; i++) {
                client.createUntilAcknowledged("/t/w", counter, acked, WRITE_DEADLINE);
            }
        }
        assertTrue(acked.size() >= 5 * 21 + 20, "acknowledged " + acked.size());
        Writes.assertEveryWriteOnEveryServer(ensemble, "/t", acked);
    }
}
