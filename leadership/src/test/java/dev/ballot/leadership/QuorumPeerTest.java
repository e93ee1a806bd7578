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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three peers in one JVM over real quorum ports, with a scripted election. */
class QuorumPeerTest {
    /** The refused follower's WARN lines (one per attempt, backed off) stay off the console. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final dev.ballot.core.testing.LogCapture logs = dev.ballot.core.testing.LogCapture.ofNames(
            "dev.ballot.leadership.quorum.LeaderRole", "dev.ballot.leadership.QuorumPeer");
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory()); // one loop per peer
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final Map<Long, QuorumPeer> peers = new LinkedHashMap<>();
    private final Map<Long, FakeElector> electors = new LinkedHashMap<>();
    private final Map<Long, io.netty.channel.EventLoop> loops = new LinkedHashMap<>();
    private final Map<Long, CompletableFuture<Long>> established = new LinkedHashMap<>();
    private final Map<Long, CompletableFuture<String>> ended = new LinkedHashMap<>();
    private final Map<Long, Integer> decisionsReported = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Long, EpochState> initialEpochs = new java.util.HashMap<>();
    private final Map<Long, Epochs> epochs = new LinkedHashMap<>();
    private final Map<Long, java.util.List<Boolean>> diskWritable = new java.util.concurrent.ConcurrentHashMap<>();
    private int initLimit = 25;

    /** Stands in for the file-backed store. */
    private static final class Epochs implements EpochPersistence {
        private final ExecutorService io;
        private volatile EpochState p;
        volatile String failing; // the error every write fails with, null while writes succeed
        final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();

        Epochs(ExecutorService io, EpochState initial) {
            this.io = io;
            this.p = initial;
        }

        @Override
        public EpochState read() {
            return p;
        }

        @Override
        public CompletableFuture<Void> persistAccepted(long e) {
            return CompletableFuture.runAsync(() -> {
                check();
                p = new EpochState(e, p.currentEpoch(), p.lastZxid());
            }, io);
        }

        private void check() {
            writes.incrementAndGet();
            String f = failing;
            if (f != null) {
                throw new java.io.UncheckedIOException(f, new java.io.IOException(f));
            }
        }

        @Override
        public CompletableFuture<Void> persistCurrent(long e) {
            return CompletableFuture.runAsync(() -> {
                check();
                p = new EpochState(p.acceptedEpoch(), e, e << 32);
            }, io);
        }
    }

    @AfterEach
    void tearDown() {
        peers.values().forEach(p -> p.closeAsync("test over").orTimeout(5, TimeUnit.SECONDS).join());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownNow();
    }

    private static int freePort() throws IOException {
        return TestPorts.next();
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
                .initLimit(initLimit).syncLimit(10).quorum(new MajorityQuorumVerifier(members, 0)).build();
        java.util.Iterator<io.netty.channel.EventLoop> distinctLoops = java.util.stream.StreamSupport
                .stream(group.spliterator(), false).map(x -> (io.netty.channel.EventLoop) x).toList().iterator();
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
            Epochs disk = new Epochs(io, initialEpochs.getOrDefault(sid, new EpochState(0, 0, 0)));
            epochs.put(sid, disk);
            diskWritable.put(sid, new java.util.concurrent.CopyOnWriteArrayList<>());
            io.netty.channel.EventLoop loop = distinctLoops.next(); // group.next() may hand two peers one loop
            loops.put(sid, loop);
            QuorumPeer p = new QuorumPeer(cfg, sid, e, disk, loop, io, events,
                    new PeerMetrics() {
                        @Override
                        public void electionDecided(java.time.Duration d) {
                            decisionsReported.merge(me, 1, Integer::sum);
                        }

                        @Override
                        public void diskWritable(boolean writable) {
                            diskWritable.get(me).add(writable);
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
    void persistentlyRefusedFollower_backsOff_insteadOfElectingInATightLoop() throws Exception {
        // issue 10: a refused learner decided again within a millisecond: 27,250 elections in 15 s
        initialEpochs.put(2L, new EpochState(5, 5, 5L << 32)); // ahead of the leader: refused every time
        startEnsemble();
        electors.get(1L).decide(1, 1);
        electors.get(3L).decide(3, 1);
        established.get(1L).get(10, TimeUnit.SECONDS);
        FakeElector e2 = electors.get(2L);
        e2.always = FakeElector.decision(1, PeerState.FOLLOWING);
        e2.decide(2, 1);
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(3); // a window to count in, not synchronisation
        int looks = e2.looks.get();
        // 100 ms doubling with equal jitter: at most 6 elections start in 3 s (0, >=50, >=150, >=350, >=750, >=1550 ms)
        assertTrue(looks <= 7, looks + " elections in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue(looks >= 3, "it does retry: " + looks);
        assertEquals("LEADING", peers.get(1L).status().get(5, TimeUnit.SECONDS).state(), "the leader is unharmed");
        assertTrue(logs.count(dev.ballot.core.testing.LogCapture.WARN, "learner 2 is ahead of leader 1") >= 3, logs.toString());
    }

    @Test
    void leaderThatCannotPersistItsEpoch_leavesTheElection_saysWhy_andRejoinsWhenTheDiskHeals() throws Exception {
        // issue 10: the highest sid on a read-only disk kept winning elections it could not serve
        String ro = "cannot write /data/version-2/acceptedEpoch: Read-only file system";
        startEnsemble();
        epochs.get(3L).failing = ro;
        electors.get(1L).decide(1, 3);
        electors.get(2L).decide(2, 3);
        electors.get(3L).decide(3, 3);
        String told = ended.get(1L).get(10, TimeUnit.SECONDS);
        assertTrue(told.contains("leaving"), "the followers are told at once: " + told);
        assertTrue(ended.get(3L).get(10, TimeUnit.SECONDS).contains("Read-only file system"));
        FakeElector e3 = electors.get(3L);
        awaitTrue(() -> e3.withdrawals.get() == 1, "peer 3 leaves the election");
        PeerStatus s = peers.get(3L).status().get(5, TimeUnit.SECONDS);
        assertEquals(PeerStatus.DISK_UNWRITABLE, s.health());
        assertEquals(ro, s.unhealthyReason());
        assertFalse(s.canServe());
        assertEquals(java.util.List.of(false), diskWritable.get(3L));
        int writesBefore = epochs.get(3L).writes.get();
        awaitTrue(() -> epochs.get(3L).writes.get() >= writesBefore + 2, "it probes the disk");
        assertEquals(1, e3.looks.get(), "no election while the disk is unwritable");
        assertEquals(0, e3.rejoins.get());

        epochs.get(3L).failing = null;
        awaitTrue(() -> e3.rejoins.get() == 1 && e3.looks.get() == 2, "back in the election once a write succeeds");
        PeerStatus healed = peers.get(3L).status().get(5, TimeUnit.SECONDS);
        assertEquals(PeerStatus.OK, healed.health());
        assertEquals(null, healed.unhealthyReason());
        assertEquals(java.util.List.of(false, true), diskWritable.get(3L));
    }

    /** Polls {@code check} every 10 ms for up to 10 s. */
    private static void awaitTrue(java.util.function.BooleanSupplier check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void followerStillJoining_givesUpAtOnce_whenItsLeaderShowsItIsLooking() throws Exception {
        // a 5-peer cold start: 1 and 3 decided leader 4, which then switched to 5 and never led; they
        // waited out initLimit (5 s) before looking again
        startEnsemble();
        electors.get(2L).decide(2, 3); // 3 never decides: it answers "not leading" to every HELLO
        long t0 = System.nanoTime();
        electors.get(2L).watcher.leaderLooking(3, 1);
        assertTrue(ended.get(2L).get(5, TimeUnit.SECONDS).contains("leader 3 does not lead"));
        assertFalse(electors.get(2L).pending.poll(5, TimeUnit.SECONDS) == null, "2 looks again");
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(200L * initLimit),
                "before initLimit*tickTime");
    }

    @Test
    void establishedFollower_ignoresTheLeaderLookingSignal_itsSessionSaysWhenTheLeaderGoes() throws Exception {
        startEnsemble();
        for (long sid = 1; sid <= 3; sid++) {
            electors.get(sid).decide(sid, 1);
        }
        for (long sid = 1; sid <= 3; sid++) {
            established.get(sid).get(10, TimeUnit.SECONDS);
        }
        electors.get(2L).watcher.leaderLooking(1, 1);
        PeerStatus s = peers.get(2L).status().get(5, TimeUnit.SECONDS); // runs after the signal on 2's loop
        assertEquals("FOLLOWING", s.state());
        assertTrue(s.established());
        assertFalse(ended.get(2L).isDone());
    }

    @Test
    void followersOfALeaderThatWentSilent_tellTheElection_beforeTheyLookAgain() throws Exception {
        // the link stays open (an isolated leader): without this the next election waits the whole finalize wait
        startEnsemble();
        for (long sid = 1; sid <= 3; sid++) {
            electors.get(sid).decide(sid, 1);
        }
        for (long sid = 1; sid <= 3; sid++) {
            established.get(sid).get(10, TimeUnit.SECONDS);
        }
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        loops.get(1L).execute(() -> { // the leader's loop stalls: it sends nothing, closes nothing
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            for (long sid = 2; sid <= 3; sid++) {
                assertTrue(ended.get(sid).get(10, TimeUnit.SECONDS).contains("no message from leader 1"));
                assertFalse(electors.get(sid).pending.poll(10, TimeUnit.SECONDS) == null, "peer " + sid + " looks again");
                assertEquals(java.util.List.of("look", "silent 1", "look"), electors.get(sid).calls);
            }
        } finally {
            release.countDown();
        }
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

    @Test
    void status_listsEveryConfiguredPeer_connectedOrDown() throws Exception {
        startEnsemble(1);
        electors.get(1L).connected = Set.of(2L, 4L);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        PeerStatus s = peers.get(1L).status().get(5, TimeUnit.SECONDS);
        while (s.connectedPeers().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20); // the peer polls its connections every tickTime/2
            s = peers.get(1L).status().get(5, TimeUnit.SECONDS);
        }
        assertEquals(java.util.List.of(2L, 3L, 4L), s.peers().stream().map(PeerStatus.Peer::sid).toList());
        assertEquals(java.util.List.of(true, false, true), s.peers().stream().map(PeerStatus.Peer::connected).toList());
        assertEquals(java.util.List.of(2L, 4L), s.connectedPeers().stream().map(PeerStatus.ConnectedPeer::sid).toList());
        assertEquals(s.peers().get(0).since(), s.connectedPeers().get(0).since());
    }
}
