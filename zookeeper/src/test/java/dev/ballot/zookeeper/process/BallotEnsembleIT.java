package dev.ballot.zookeeper.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Three ZooKeeper 3.9.5 servers from the self-contained jar serve a real ZooKeeper client through five kill -9s
 * of their leader; every acknowledged write is on every server afterwards, and no server runs a thread of
 * ZooKeeper's election layer.
 */
class BallotEnsembleIT extends ProcessTest {
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(60);

    private static String adminCommand(int port, String command) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/commands/" + command)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void servesAClientThroughFiveLeaderKillsAndLosesNoAcknowledgedWrite() throws Exception {
        ensemble = new ZkEnsemble(dir, 3, "");
        ensemble.startAll(ServerKind.BALLOT_JAR);
        long leader = ensemble.awaitServing();
        String stat = adminCommand(ensemble.adminPort(leader), "stat");
        assertTrue(stat.matches("(?s).*\"server_state\"\\s*:\\s*\"leader\".*"), "ZooKeeper's AdminServer on the leader: " + stat);

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
