package dev.ballot.election.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballot.core.PeerState;
import dev.ballot.core.Zxid;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.scenario.NettyEnsemble;
import dev.ballot.election.sim.Ensemble;
import dev.ballot.election.sim.Quorums;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.Vote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mixed elections: Ballot peers (Netty transport, this module's election) and real ZooKeeper 3.9.5
 * peers (its {@code QuorumPeer}, {@code QuorumCnxManager} and {@code FastLeaderElection}, in this JVM)
 * in one ensemble on 127.0.0.1 with OS-chosen ports. Sids 1..k are ZooKeeper, k+1..n Ballot.
 */
class MixedZooKeeperElectionTest {
    private static final long TIMEOUT_S = 30;

    @TempDir
    Path dataRoot;
    private ExecutorService zkThreads;
    private final List<ZkPeer> zkPeers = new ArrayList<>();
    private NettyEnsemble ballot;

    @BeforeEach
    void threads() {
        zkThreads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopAll() {
        zkPeers.forEach(ZkPeer::stopElection);
        if (ballot != null) {
            ballot.close();
        }
        zkThreads.shutdownNow();
    }

    static Stream<Arguments> proportions() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : new int[] {3, 5}) {
            for (int zk = 1; zk < n; zk++) {
                cases.add(Arguments.of(n, zk, true));
                cases.add(Arguments.of(n, zk, false));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "n={0}, ZooKeeper peers={1}, greatest (epoch, zxid) on ZooKeeper={2}")
    @MethodSource("proportions")
    void mixedEnsembleAgreesOnTheGreatestEpochAndZxid(int n, int zkCount, boolean bestOnZooKeeper) {
        // the best peer has the lowest sid of its side, so sid order alone would not elect it
        long best = bestOnZooKeeper ? 1 : zkCount + 1;
        // FLE legitimately elects without a voter whose vote arrives after a quorum's finalize wait; to test
        // agreement rather than start-up timing, the ensemble binds and connects every peer before any looks,
        // and a ZooKeeper peer (200 ms finalize wait) looks only when the best vote is waiting for it
        try (MixedEnsemble e = new MixedEnsemble(Quorums.majority(n), sid -> sid <= zkCount)) {
            List<Ensemble.Start> starts = new ArrayList<>();
            for (long sid = 1; sid <= n; sid++) {
                starts.add(new Ensemble.Start(sid, epochOf(sid, best), zxidOf(sid, best)));
            }
            e.startTogether(starts);
            List<Long> all = starts.stream().map(Ensemble.Start::sid).toList();
            e.awaitDecided(all);
            for (long sid : all) {
                assertEquals(best, e.vote(sid).leader(), "the leader of peer " + sid);
            }
            assertEquals(PeerState.LEADING, e.state(best));
            assertEquals(best == 1 ? PeerState.LEADING : PeerState.FOLLOWING, e.state(1), "ZooKeeper peer 1");
        }
    }

    private static long epochOf(long sid, long best) {
        return sid == best ? 3 : 2;
    }

    private static long zxidOf(long sid, long best) {
        return Zxid.make(epochOf(sid, best), sid == best ? 1 : 7);
    }

    @Test
    void lateBallotPeerJoinsAZooKeeperElectedEnsembleOutOfElection() throws Exception {
        Map<Long, QuorumPeer.QuorumServer> view = setUp(3);
        CompletableFuture<Vote> one = startZk(view, 1, 1, Zxid.make(1, 1));
        CompletableFuture<Vote> two = startZk(view, 2, 1, Zxid.make(1, 1));
        assertEquals(2, one.get(TIMEOUT_S, TimeUnit.SECONDS).getId());
        assertEquals(2, two.get(TIMEOUT_S, TimeUnit.SECONDS).getId());
        ballot.start(3, 1, Zxid.make(1, 9)); // a greater zxid does not matter: the ensemble has a leader
        ballot.awaitDecided(List.of(3L));
        ElectionResult r = ballot.election(3).stats().lastResult().orElseThrow();
        assertEquals(2, r.leader());
        assertEquals(PeerState.FOLLOWING, r.role());
        assertEquals(QuorumPeer.ServerState.LEADING, zkPeers.get(1).getPeerState());
    }

    @Test
    void lateZooKeeperPeerJoinsABallotElectedEnsembleOutOfElection() throws Exception {
        Map<Long, QuorumPeer.QuorumServer> view = setUp(3);
        ballot.start(2, 1, Zxid.make(1, 1));
        ballot.start(3, 1, Zxid.make(1, 1));
        ballot.awaitDecided(List.of(2L, 3L));
        assertEquals(PeerState.LEADING, ballot.state(3));
        Vote joined = startZk(view, 1, 1, Zxid.make(1, 9)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(3, joined.getId());
        assertEquals(QuorumPeer.ServerState.FOLLOWING, zkPeers.get(0).getPeerState());
        assertEquals(PeerState.LEADING, ballot.state(3), "the Ballot leader did not re-elect");
    }

    /** Ports for n peers, the Ballot side, and the ZooKeeper member map (election ports shared). */
    private Map<Long, QuorumPeer.QuorumServer> setUp(int n) {
        ballot = new NettyEnsemble(Quorums.majority(n));
        List<Integer> quorumPorts = LoopbackPorts.reserve(n);
        Map<Long, QuorumPeer.QuorumServer> view = new LinkedHashMap<>();
        for (long sid = 1; sid <= n; sid++) {
            view.put(sid, new QuorumPeer.QuorumServer(sid,
                    new InetSocketAddress("127.0.0.1", quorumPorts.get((int) sid - 1)),
                    new InetSocketAddress("127.0.0.1", ballot.port(sid))));
        }
        return view;
    }

    private CompletableFuture<Vote> startZk(Map<Long, QuorumPeer.QuorumServer> view, long sid, long epoch, long zxid)
            throws IOException {
        File dir = dataRoot.resolve("zk" + sid).toFile();
        if (!dir.mkdirs()) {
            throw new IOException("cannot create " + dir);
        }
        ZkPeer peer = new ZkPeer(view, dir, sid, epoch, zxid);
        zkPeers.add(peer);
        return peer.elect(zkThreads);
    }
}
