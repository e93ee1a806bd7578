package dev.ballot.zookeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ensembles of Ballot-ZooKeeper (the plugin on a stock lib/) and stock ZooKeeper 3.9.5 servers, {1 + 2} and
 * {2 + 1}, with the first leader (sid 3, started first so that it wins) on either side; kill -9 of the leader
 * (sid 2 wins among 1 and 2), the killed server comes back and follows; no acknowledged write is lost.
 */
class MixedEnsembleIT extends ProcessTest {
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(60);

    @ParameterizedTest(name = "Ballot sids {0}")
    @CsvSource({
        "3,   Ballot leads two stock followers, then stock 2 leads and Ballot 3 rejoins",
        "1,   stock leads, then stock 2 leads Ballot 1 and stock 3",
        "2 3, Ballot leads, then Ballot 2 leads stock 1",
        "1 2, stock leads, then Ballot 2 leads Ballot 1 and stock 3 rejoins"})
    void mixedEnsembleSurvivesAKillOfItsLeader(String ballotSids, String story) throws Exception {
        ensemble = new ZkEnsemble(dir, 3, "");
        run(ensemble, sids(ballotSids));
    }

    /** Also used by the TLS test. */
    static void run(ZkEnsemble ensemble, Set<Long> ballot) throws Exception {
        // sid 3 first: by the time 1 and 2 look, its vote (the highest sid, all zxids 0) is there
        ensemble.start(3, kind(ballot, 3));
        ensemble.awaitLooking(3);
        ensemble.start(1, kind(ballot, 1));
        ensemble.start(2, kind(ballot, 2));
        assertEquals(3, ensemble.awaitServing(), "first leader");
        assertElectionThreads(ensemble);

        Set<String> acked = new HashSet<>();
        int[] counter = {0};
        try (Client client = Client.connect(ensemble.connectString())) {
            client.ensure("/m", WRITE_DEADLINE);
            for (int i = 0; i < 30; i++) {
                client.createUntilAcknowledged("/m/w", counter, acked, WRITE_DEADLINE);
            }
            ensemble.kill(3);
            client.createUntilAcknowledged("/m/w", counter, acked, WRITE_DEADLINE);
            assertEquals(2, ensemble.awaitServing(), "leader after the kill");
            ensemble.start(3, kind(ballot, 3));
            assertEquals(2, ensemble.awaitServing(), "the killed server rejoins as a follower");
            for (int i = 0; i < 20; i++) {
                client.createUntilAcknowledged("/m/w", counter, acked, WRITE_DEADLINE);
            }
        }
        Writes.assertEveryWriteOnEveryServer(ensemble, "/m", acked);
    }

    /** Ballot servers run none of ZooKeeper's election threads; the stock ones do (so the check can fail). */
    private static void assertElectionThreads(ZkEnsemble ensemble) throws Exception {
        for (long sid = 1; sid <= 3; sid++) {
            List<String> zk = ElectionThreads.zooKeeperElectionThreads(ensemble.threadNames(sid));
            if (ensemble.kind(sid).isBallot()) {
                assertEquals(List.of(), zk, "server " + sid);
            } else {
                assertFalse(zk.isEmpty(), "stock server " + sid + " shows ZooKeeper's election threads");
            }
        }
    }

    static ServerKind kind(Set<Long> ballot, long sid) {
        return ballot.contains(sid) ? ServerKind.BALLOT_PLUGIN : ServerKind.STOCK;
    }

    static Set<Long> sids(String spaceSeparated) {
        Set<Long> out = new HashSet<>();
        for (String s : spaceSeparated.trim().split("\\s+")) {
            out.add(Long.parseLong(s));
        }
        assertTrue(!out.isEmpty());
        return out;
    }
}
