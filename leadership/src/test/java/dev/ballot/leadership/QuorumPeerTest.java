package dev.ballot.leadership;

import dev.ballot.core.LearnerType;
import dev.ballot.core.PeerState;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.EpochState;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three peers in one JVM over real quorum ports, with a scripted election. */
class QuorumPeerTest {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final Map<Long, QuorumPeer> peers = new LinkedHashMap<>();
    private final Map<Long, FakeElector> electors = new LinkedHashMap<>();
    private final Map<Long, CompletableFuture<Long>> established = new LinkedHashMap<>();
    private final Map<Long, CompletableFuture<String>> ended = new LinkedHashMap<>();
    private final Map<Long, Integer> decisionsReported = new java.util.concurrent.ConcurrentHashMap<>();

    /** Stands in for the file-backed store. */
    private static final class Epochs implements EpochPersistence {
        private final ExecutorService io;
        private volatile EpochState p = new EpochState(0, 0, 0);

        Epochs(ExecutorService io) {
            this.io = io;
        }

        @Override
        public EpochState read() {
            return p;
        }

        @Override
        public CompletableFuture<Void> persistAccepted(long e) {
            return CompletableFuture.runAsync(() -> p = new EpochState(e, p.currentEpoch(), p.lastZxid()), io);
        }

        @Override
        public CompletableFuture<Void> persistCurrent(long e) {
            return CompletableFuture.runAsync(() -> p = new EpochState(p.acceptedEpoch(), e, e << 32), io);
        }
    }

    @AfterEach
    void tearDown() {
        peers.values().forEach(p -> p.closeAsync("test over").orTimeout(5, TimeUnit.SECONDS).join());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownNow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void startEnsemble() throws Exception {
        startEnsemble(0);
    }

    /** Participants 1..3 and {@code observers} observers after them. */
    private void startEnsemble(int observers) throws Exception {
        Map<Long, QuorumServer> members = new LinkedHashMap<>();
        for (long sid = 1; sid <= 3 + observers; sid++) {
            members.put(sid, QuorumServer.of(sid, "127.0.0.1", freePort(), freePort(),
                    sid <= 3 ? LearnerType.PARTICIPANT : LearnerType.OBSERVER));
        }
        EnsembleConfig cfg = EnsembleConfig.builder().dataDir(Path.of("unused")).tickTime(Duration.ofMillis(200))
                .initLimit(25).syncLimit(10).quorum(new MajorityQuorumVerifier(members, 0)).build();
        for (long sid = 1; sid <= 3 + observers; sid++) {
            FakeElector e = new FakeElector();
            CompletableFuture<Long> est = new CompletableFuture<>();
            CompletableFuture<String> end = new CompletableFuture<>();
            final long me = sid;
            QuorumPeer.Events events = new QuorumPeer.Events() {
                @Override
                public void onEstablished(long s, PeerState role, long leader, long epoch) {
                    est.complete(epoch);
                }

                @Override
                public void onRoleEnded(long s, PeerState role, String reason) {
                    end.complete(reason);
                }
            };
            QuorumPeer p = new QuorumPeer(cfg, sid, e, new Epochs(io), group.next(), io, events,
                    new PeerMetrics() {
                        @Override
                        public void electionDecided(java.time.Duration d) {
                            decisionsReported.merge(me, 1, Integer::sum);
                        }
                    }, Clock.systemUTC(), "test");
            InetSocketAddress q = members.get(sid).quorumAddress();
            p.start(new InetSocketAddress("127.0.0.1", q.getPort())).get(10, TimeUnit.SECONDS);
            peers.put(sid, p);
            electors.put(sid, e);
            established.put(sid, est);
            ended.put(sid, end);
        }
    }

    @Test
    void decidedPeers_establishOneEpoch_updateTheirVote_andReportHealthyStatus() throws Exception {
        startEnsemble();
        for (long sid = 3; sid >= 1; sid--) { // followers decide first: they retry until 1 leads
            electors.get(sid).decide(sid, 1);
        }
        for (long sid = 1; sid <= 3; sid++) {
            assertEquals(1L, established.get(sid).get(10, TimeUnit.SECONDS));
            assertEquals(1L, electors.get(sid).statesSet.get(0).peerEpoch(), "vote carries the new epoch");
            assertEquals(java.util.List.of(1L), electors.get(sid).persistedEpochs);
        }
        PeerStatus leader = peers.get(1L).status().get(5, TimeUnit.SECONDS);
        assertEquals("LEADING", leader.state());
        assertTrue(leader.established());
        assertEquals(1L, leader.fencingToken());
        assertEquals(java.util.List.of(2L, 3L), leader.learners());
        PeerStatus follower = peers.get(2L).status().get(5, TimeUnit.SECONDS);
        assertEquals("FOLLOWING", follower.state());
        assertEquals(1L, follower.leader());
        assertEquals(1L, follower.currentEpoch());
        assertEquals(1, decisionsReported.get(2L), "one decision reported to the metrics");
    }

    @Test
    void leaderClosing_sendsFollowersBackToLooking() throws Exception {
        startEnsemble();
        for (long sid = 1; sid <= 3; sid++) {
            electors.get(sid).decide(sid, 1);
        }
        for (long sid = 1; sid <= 3; sid++) {
            established.get(sid).get(10, TimeUnit.SECONDS);
        }
        QuorumPeer l = peers.remove(1L);
        l.closeAsync("SIGTERM").get(5, TimeUnit.SECONDS);
        assertTrue(ended.get(2L).get(5, TimeUnit.SECONDS).contains("leaving: SIGTERM"));
        assertTrue(ended.get(3L).get(5, TimeUnit.SECONDS).contains("leaving: SIGTERM"));
        // both look for a leader again
        assertFalse(electors.get(2L).pending.poll(5, TimeUnit.SECONDS) == null);
        PeerStatus s = peers.get(2L).status().get(5, TimeUnit.SECONDS);
        assertEquals("LOOKING", s.state());
        assertFalse(s.established());
    }

    @Test
    void observer_joinsTheLeader_butNeverCountsTowardsItsQuorum() throws Exception {
        startEnsemble(1);
        for (long sid = 1; sid <= 3; sid++) {
            electors.get(sid).decide(sid, 1);
        }
        electors.get(4L).decide(4, 1, PeerState.OBSERVING);
        for (long sid = 1; sid <= 4; sid++) {
            assertEquals(1L, established.get(sid).get(10, TimeUnit.SECONDS), "sid " + sid);
        }
        assertEquals("OBSERVING", peers.get(4L).status().get(5, TimeUnit.SECONDS).state());
        assertEquals(java.util.List.of(2L, 3L, 4L), peers.get(1L).status().get(5, TimeUnit.SECONDS).learners());
        peers.remove(2L).closeAsync("test").get(5, TimeUnit.SECONDS);
        peers.remove(3L).closeAsync("test").get(5, TimeUnit.SECONDS);
        assertTrue(ended.get(1L).get(10, TimeUnit.SECONDS).contains("lost quorum"), "leader with only an observer steps down");
        assertTrue(ended.get(4L).get(10, TimeUnit.SECONDS).contains("leaving"), "and tells the observer");
    }
}
