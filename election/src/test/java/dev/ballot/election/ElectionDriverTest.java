package dev.ballot.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.scenario.NettyEnsemble;
import dev.ballot.election.sim.Quorums;
import dev.ballot.transport.netty.NettyQuorumTransport;
import dev.ballot.transport.netty.TransportConfig;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The driver and the embedding API: lifecycle, futures, listener, settings; real executors and sockets. */
class ElectionDriverTest {

    private static Election single(ElectionListener listener) {
        int port = LoopbackPorts.reserve(1).get(0);
        QuorumVerifier q = new dev.ballot.core.quorum.MajorityQuorumVerifier(java.util.Map.of(1L,
                dev.ballot.core.config.QuorumServer.of(1, "127.0.0.1", 1, port, dev.ballot.core.LearnerType.PARTICIPANT)),
                0);
        NettyQuorumTransport t = NettyQuorumTransport.builder()
                .config(TransportConfig.builder().myId(1).peer(1, "127.0.0.1", port).ioThreads(1).build()).build();
        return Election.builder().config(ElectionConfig.builder().myId(1).quorum(q).build()).transport(t)
                .listener(listener).persisted(3, 0x300000007L).build();
    }

    @Test
    void lifecycle_startDecideCloseWithAnOwnedExecutor() {
        List<String> events = new CopyOnWriteArrayList<>();
        Election e = single(new ElectionListener() {
            @Override
            public void onElectionStarted(long round, Vote initialVote) {
                events.add("started " + round + " " + initialVote.leader());
            }

            @Override
            public void onDecided(ElectionResult result) {
                events.add("decided " + result.leader() + " " + result.role());
            }

            @Override
            public void onStateChanged(PeerState from, PeerState to) {
                events.add(from + "->" + to);
            }
        });
        CompletionException early = assertThrows(CompletionException.class, () -> e.lookForLeader().join());
        assertInstanceOf(IllegalStateException.class, early.getCause());
        e.start().join();
        ElectionResult r = e.lookForLeader().orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals(new Vote(1, 0x300000007L, 1, 3, PeerState.LEADING), r.vote());
        assertEquals(PeerState.LEADING, e.state());
        ElectionStats s = e.stats();
        assertEquals(1, s.electionsStarted());
        assertEquals(1, s.electionsDecided());
        assertTrue(s.notificationsSent() >= 1 && s.notificationsReceived() >= 1, s.toString());
        assertEquals(List.of("started 1 1", "decided 1 LEADING", "LOOKING->LEADING"), events, "in event order");
        e.setState(PeerState.LEADING, r.vote().withPeerEpoch(4)).join();
        CompletionException illegal = assertThrows(CompletionException.class,
                () -> e.setState(PeerState.FOLLOWING, r.vote()).join());
        assertInstanceOf(IllegalStateException.class, illegal.getCause());
        e.close();
        e.close(); // idempotent
        assertThrows(CompletionException.class, () -> e.lookForLeader().join());
    }

    @Test
    void closeFailsAPendingElection() {
        try (NettyEnsemble ensemble = new NettyEnsemble(Quorums.majority(3))) {
            ensemble.start(1, 0, 0); // alone: no quorum, stays LOOKING
            Election e = ensemble.election(1);
            CompletableFuture<ElectionResult> pending = e.lookForLeader();
            assertEquals(PeerState.LOOKING, e.state());
            e.closeAsync().orTimeout(10, TimeUnit.SECONDS).join();
            assertThrows(CancellationException.class, pending::join);
        }
    }

    @Test
    void configFromEnsembleConfigCarriesTheZooCfgSettings() {
        dev.ballot.core.config.EnsembleConfig cfg = dev.ballot.core.config.EnsembleConfig.builder()
                .dataDir(java.nio.file.Path.of("data")).quorum(Quorums.majority(3))
                .finalizeWait(Duration.ofMillis(50)).minNotificationInterval(Duration.ofMillis(100))
                .maxNotificationInterval(Duration.ofSeconds(5)).decideWhenAllVoted(false)
                .cnxTimeout(Duration.ofSeconds(3)).build();
        ElectionConfig c = ElectionConfig.from(cfg, 2);
        assertEquals(Duration.ofSeconds(3), c.connectTimeout(), "cnxTimeout: when a never-connected voter counts as down");
        assertEquals(List.of(2L, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5), false, false),
                List.of(c.myId(), c.finalizeWait(), c.minNotificationInterval(), c.maxNotificationInterval(),
                        c.decideWhenAllVoted(), c.notificationJitter()));
        assertEquals(cfg.quorum(), c.quorum());
    }

    @Test
    void configDefaultsAreZooKeepersAndBadValuesNameTheField() {
        ElectionConfig c = ElectionConfig.builder().myId(1).quorum(Quorums.majority(3)).build();
        assertEquals(Duration.ofMillis(200), c.finalizeWait());
        assertEquals(Duration.ofMillis(200), c.minNotificationInterval());
        assertEquals(Duration.ofSeconds(60), c.maxNotificationInterval());
        assertTrue(c.decideWhenAllVoted());
        IllegalArgumentException notMember = assertThrows(IllegalArgumentException.class,
                () -> ElectionConfig.builder().myId(9).quorum(Quorums.majority(3)).build());
        assertTrue(notMember.getMessage().contains("myId 9"), notMember.getMessage());
        IllegalArgumentException badMax = assertThrows(IllegalArgumentException.class,
                () -> ElectionConfig.builder().myId(1).quorum(Quorums.majority(3))
                        .maxNotificationInterval(Duration.ofMillis(100)).build());
        assertTrue(badMax.getMessage().contains("maxNotificationInterval"), badMax.getMessage());
    }
}
