package dev.ballot.election.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Zxid;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.sim.Ensemble;
import dev.ballot.election.sim.Quorums;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper's election tests (docs/protocol.md "Conventions"), written once against {@link Ensemble} and run on every
 * ensemble kind (convention 20): the simulator, Netty peers over loopback.
 */
public abstract class ElectionScenarios {

    /** A fresh ensemble for {@code quorum}; the test closes it. */
    protected abstract Ensemble ensemble(QuorumVerifier quorum);

    /**
     * Whether message timing is reproducible (virtual time): then even outcomes that FLE leaves to
     * timing, such as which survivor a re-election picks among equal votes, are asserted exactly.
     */
    protected boolean deterministicTiming() {
        return false;
    }

    private static List<Long> sids(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static void startAll(Ensemble e, List<Long> sids, long epoch) {
        e.startTogether(sids.stream().map(s -> new Ensemble.Start(s, epoch, Zxid.make(epoch, 1))).toList());
    }

    private static Set<Long> leaders(Ensemble e, List<Long> sids) {
        return sids.stream().map(s -> e.vote(s).leader()).collect(Collectors.toSet());
    }

    @Test
    void testPredicate_electsTheGreatestEpochThenZxidThenSid() {
        // docs/protocol.md "Ordering votes", FLEPredicateTest: sid 3 and 4 share the greatest epoch and zxid; 4 wins on sid
        try (Ensemble e = ensemble(Quorums.majority(5))) {
            long[][] persisted = {{2, Zxid.make(2, 9)}, {3, Zxid.make(3, 1)}, {3, Zxid.make(3, 2)}, {3, Zxid.make(3, 2)},
                    {1, Zxid.make(1, 50)}};
            List<Ensemble.Start> starts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                starts.add(new Ensemble.Start(i + 1, persisted[i][0], persisted[i][1]));
            }
            e.startTogether(starts);
            e.awaitDecided(sids(1, 5));
            assertEquals(Set.of(4L), leaders(e, sids(1, 5)));
            assertEquals(PeerState.LEADING, e.state(4));
        }
    }

    @Test
    void testDoubleElection_survivorsElectAgainAfterTheLeaderStops() {
        // FLETest testSingleElection / testDoubleElection
        try (Ensemble e = ensemble(Quorums.majority(5))) {
            startAll(e, sids(1, 5), 1);
            e.awaitDecided(sids(1, 5));
            assertEquals(Set.of(5L), leaders(e, sids(1, 5)));
            e.stop(5);
            e.lookAgainTogether(sids(1, 4));
            e.awaitDecided(sids(1, 4));
            // equal votes: the greatest sid of the quorum that decided wins. Which quorum decides is timing in
            // real time (a survivor whose vote comes after the others' finalize wait is left out); 4 in virtual time
            long leader = assertOneLeaderBestOfAQuorum(e, sids(1, 4));
            if (deterministicTiming()) {
                assertEquals(4, leader);
            }
        }
    }

    /**
     * Every peer of {@code sids} (equal persisted votes) follows one leader that is one of them and leads,
     * and the peers it beats on sid form a quorum with it: the best of a quorum that decided.
     */
    private static long assertOneLeaderBestOfAQuorum(Ensemble e, List<Long> sids) {
        Set<Long> l = leaders(e, sids);
        assertEquals(1, l.size(), "one leader: " + l);
        long leader = l.iterator().next();
        assertTrue(sids.contains(leader), "leader " + leader + " is not one of " + sids);
        assertEquals(PeerState.LEADING, e.state(leader));
        Set<Long> beaten = sids.stream().filter(s -> s <= leader).collect(Collectors.toSet());
        assertTrue(e.quorum().containsQuorum(beaten), "leader " + leader + " is not the best of a quorum of " + sids);
        sids.stream().filter(s -> s != leader).forEach(s -> assertEquals(PeerState.FOLLOWING, e.state(s)));
        return leader;
    }

    @Test
    void testJoin_aThirdServerFollowsARunningPair() {
        // FLETest testJoin (ZOOKEEPER-975): the joiner never leads
        try (Ensemble e = ensemble(Quorums.majority(3))) {
            e.start(1, 1, Zxid.make(1, 1));
            e.start(2, 1, Zxid.make(1, 1));
            e.awaitDecided(sids(1, 2));
            e.establish(2, 2);
            e.start(3, 1, Zxid.make(1, 1));
            e.awaitDecided(List.of(3L));
            assertEquals(PeerState.FOLLOWING, e.state(3));
            assertEquals(2, e.vote(3).leader());
        }
    }

    @Test
    void testOutOfElection_restartedFollowerRejoinsWithoutANewElection() {
        // FLERestartTest testLERestart, FLEOutOfElectionTest: a fresh FLE (clock 0) joins via docs/protocol.md "A FOLLOWING or LEADING notification" step 2
        try (Ensemble e = ensemble(Quorums.majority(3))) {
            startAll(e, sids(1, 3), 1);
            e.awaitDecided(sids(1, 3));
            e.establish(3, 2);
            e.stop(1);
            e.start(1, 2, Zxid.make(2, 0));
            e.awaitDecided(List.of(1L));
            assertEquals(PeerState.FOLLOWING, e.state(1));
            assertEquals(3, e.vote(1).leader());
            assertEquals(PeerState.LEADING, e.state(3));
            assertEquals(PeerState.FOLLOWING, e.state(2));
        }
    }

    @Test
    void testLENewEpoch_aPeerInALaterRoundAndAFreshPeerStillElect() {
        // FLENewEpochTest: the fresh peer adopts the higher round (docs/protocol.md "A LOOKING notification" step 3)
        try (Ensemble e = ensemble(Quorums.majority(3))) {
            e.start(1, 1, Zxid.make(1, 5));
            e.start(2, 1, Zxid.make(1, 1));
            e.awaitDecided(sids(1, 2));
            e.stop(2);
            e.lookAgain(1);
            e.start(3, 1, Zxid.make(1, 1));
            e.awaitDecided(List.of(1L, 3L));
            assertEquals(Set.of(1L), leaders(e, List.of(1L, 3L)));
            assertEquals(PeerState.LEADING, e.state(1));
        }
    }

    @Test
    void testLostMessage_followingVoteFromAMockMakesTheRealPeerLead() {
        // FLELostMessageTest: own loopback vote + one FOLLOWING vote = quorum of 3
        try (Ensemble e = ensemble(Quorums.majority(3))) {
            e.mock(2);
            e.start(1, 1, Zxid.make(1, 7));
            Notification looking = e.awaitReceived(2, n -> n.state() == PeerState.LOOKING);
            e.sendRaw(2, 1, NotificationCodec.encode(Notification.of(PeerState.FOLLOWING, 1, looking.zxid(),
                    looking.electionEpoch(), looking.peerEpoch(), e.quorum().toConfigString())));
            e.awaitDecided(List.of(1L));
            assertEquals(PeerState.LEADING, e.state(1));
        }
    }

    @Test
    void testMalformedNotifications_areSkippedAndAnInvalidConfigIsIgnored() {
        // FLEMalformedNotificationMessageTest: 12 bytes, configLength -123 / 10000, 30 bytes, bad config text
        try (Ensemble e = ensemble(Quorums.majority(3))) {
            e.mock(3);
            e.start(1, 1, Zxid.make(1, 1));
            e.start(2, 1, Zxid.make(1, 1));
            e.awaitReceived(3, n -> n.state() == PeerState.LOOKING);
            for (long to : List.of(1L, 2L)) {
                e.sendRaw(3, to, ByteBuffer.allocate(12));
                e.sendRaw(3, to, withConfigLength(-123));
                e.sendRaw(3, to, withConfigLength(10_000));
                e.sendRaw(3, to, ByteBuffer.allocate(30));
                e.sendRaw(3, to, NotificationCodec.encode(Notification.of(PeerState.LOOKING, 3, Zxid.make(9, 9), 1, 9,
                        "my very invalid config string")));
            }
            e.awaitDecided(sids(1, 2));
            assertEquals(Set.of(3L), leaders(e, sids(1, 2)), "the notification with the bad config still counted");
            assertEquals(PeerState.FOLLOWING, e.state(1));
        }
    }

    private static ByteBuffer withConfigLength(int length) {
        ByteBuffer b = NotificationCodec.encode(Notification.of(PeerState.LOOKING, 3, 1, 1, 1, "version=0"));
        b.putInt(40, length);
        return b;
    }

    @Test
    void testBackwardElectionRound_staleFollowersOfMeDoNotMakeMeLeadInALaterRound() {
        // FLEBackwardElectionRoundTest (ZOOKEEPER-1514)
        try (Ensemble e = ensemble(Quorums.majority(3))) {
            e.mock(2);
            e.mock(3);
            e.start(1, 1, Zxid.make(1, 1));
            Notification first = e.awaitReceived(2, n -> n.state() == PeerState.LOOKING);
            ByteBuffer stale = NotificationCodec.encode(Notification.of(PeerState.FOLLOWING, 1, first.zxid(),
                    first.electionEpoch(), first.peerEpoch(), e.quorum().toConfigString()));
            e.sendRaw(2, 1, stale.duplicate());
            e.sendRaw(3, 1, stale.duplicate());
            e.awaitDecided(List.of(1L));
            assertEquals(PeerState.LEADING, e.state(1), "round 1: the FOLLOWING votes elect me");
            e.lookAgain(1);
            e.awaitReceived(2, n -> n.state() == PeerState.LOOKING && n.electionEpoch() == first.electionEpoch() + 1);
            e.sendRaw(2, 1, stale.duplicate());
            e.sendRaw(3, 1, stale.duplicate());
            ByteBuffer probe = NotificationCodec.encode(Notification.of(PeerState.LOOKING, 1, 0, 0, 0,
                    e.quorum().toConfigString()));
            e.sendRaw(2, 1, probe.duplicate());
            e.sendRaw(3, 1, probe.duplicate());
            e.awaitReceived(3, n -> n.state() == PeerState.LOOKING && n.electionEpoch() == first.electionEpoch() + 1);
            assertEquals(PeerState.LOOKING, e.state(1), "round 2: the same stale votes must not elect me");
        }
    }

    @Test
    void testZeroWeightQuorum_aZeroWeightServerNeverLeads() {
        // FLEZeroWeightTest: 3 groups x 3, six servers of weight 0 with the greatest zxids
        try (Ensemble e = ensemble(Quorums.hierarchical(9, new long[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}},
                Set.of(1L, 2L, 4L, 5L, 7L, 8L)))) {
            List<Ensemble.Start> starts = new ArrayList<>();
            for (long s = 1; s <= 9; s++) {
                boolean zero = e.quorum().weight(s) == 0;
                starts.add(new Ensemble.Start(s, 1, Zxid.make(1, zero ? 100 + s : s)));
            }
            e.startTogether(starts);
            e.awaitDecided(sids(1, 9));
            for (long s = 1; s <= 9; s++) {
                long leader = e.vote(s).leader();
                assertTrue(e.quorum().weight(leader) > 0, s + " decided for zero-weight " + leader);
                if (e.quorum().weight(s) == 0) {
                    assertNotEquals(PeerState.LEADING, e.state(s), "zero-weight " + s + " leads");
                }
            }
        }
    }

    @Test
    void testLEWithObserver_observersLearnTheLeaderAndNeverLead() {
        // ObserverLETest, QuorumMajorityTest: observers OBSERVE and are never counted
        try (Ensemble e = ensemble(Quorums.majority(5, 2))) {
            List<Ensemble.Start> starts = new ArrayList<>(List.of(
                    new Ensemble.Start(6, 5, Zxid.make(5, 5)), // observers with the greatest epoch and zxid
                    new Ensemble.Start(7, 5, Zxid.make(5, 5))));
            sids(1, 5).forEach(s -> starts.add(new Ensemble.Start(s, 1, Zxid.make(1, 1))));
            e.startTogether(starts);
            e.awaitDecided(sids(1, 7));
            assertEquals(Set.of(5L), leaders(e, sids(1, 7)));
            assertEquals(PeerState.OBSERVING, e.state(6));
            assertEquals(PeerState.OBSERVING, e.state(7));
        }
    }

    @Test
    void testHierarchicalQuorum_fiveServersWithAZeroWeightGroupElect() {
        // HierarchicalQuorumTest: group 2 has weight 0
        try (Ensemble e = ensemble(Quorums.hierarchical(5, new long[][] {{1, 2}, {3, 4}, {5}}, Set.of(3L, 4L)))) {
            startAll(e, sids(1, 5), 1);
            e.awaitDecided(sids(1, 5));
            Set<Long> l = leaders(e, sids(1, 5));
            assertEquals(1, l.size());
            long leader = l.iterator().next();
            assertNotEquals(3L, leader);
            assertNotEquals(4L, leader);
            assertTrue(e.quorum().weight(leader) > 0);
        }
    }
}
