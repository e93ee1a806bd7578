package dev.ballot.zookeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seven ZooKeeper 3.9.5 servers with the plugin on a stock ZooKeeper lib/: no thread of ZooKeeper's election layer
 * whatever N, and the same number of Ballot election threads at N=7 as at N=3 (two per server).
 */
class ThreadsIT extends ProcessTest {
    @Test
    void sevenServersRunNoZooKeeperElectionThread() throws Exception {
        ensemble = new ZkEnsemble(dir, 7, "");
        ensemble.startAll(ServerKind.BALLOT_PLUGIN);
        ensemble.awaitServing();
        for (long sid = 1; sid <= 7; sid++) {
            List<String> names = ensemble.threadNames(sid);
            assertEquals(List.of(), ElectionThreads.zooKeeperElectionThreads(names), "server " + sid);
            long ballot = names.stream().filter(n -> n.startsWith("ballot-election-")).count();
            assertEquals(2, ballot, "Ballot's election threads on server " + sid + ": " + names);
        }
    }
}
