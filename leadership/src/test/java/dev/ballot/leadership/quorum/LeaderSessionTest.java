package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.leadership.quorum.Action.Abandon;
import dev.ballot.leadership.quorum.Action.Established;
import dev.ballot.leadership.quorum.Action.PersistAccepted;
import dev.ballot.leadership.quorum.Action.PersistCurrent;
import dev.ballot.leadership.quorum.Action.Send;
import dev.ballot.leadership.quorum.QuorumMessage.Hello;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderSessionTest {
    private static final Duration INIT = Duration.ofSeconds(5);
    private static final Duration SYNC = Duration.ofSeconds(2);
    private static final long MS = 1_000_000L;

    private static LeaderSession leader(int participants, int observers, long accepted, long current) {
        return new LeaderSession(1, Ensembles.majority(participants, observers),
                new EpochState(accepted, current, current << 32), INIT, SYNC, 0);
    }

    private static Hello hello(long sid, long accepted, long current) {
        return new Hello(sid, LearnerType.PARTICIPANT, accepted, current, current << 32);
    }

    @Test
    void quorumOfHellos_choosesMaxAcceptedPlusOne_thenPersistsBeforeProposing() {
        LeaderSession s = leader(3, 0, 4, 4);
        assertEquals(List.of(), s.start());
        assertEquals(List.of(new PersistAccepted(8)), s.onHello(hello(2, 7, 4), 1));
        assertEquals(List.of(), s.onHello(hello(3, 2, 2), 2), "NewEpoch waits for our own accepted epoch");
        assertEquals(List.of(new Send(2, new QuorumMessage.NewEpoch(8)), new Send(3, new QuorumMessage.NewEpoch(8))),
                s.onAcceptedPersisted(8, 3));
        assertEquals(LeaderSession.Phase.ACKING, s.phase());
    }

    @Test
    void ackQuorum_persistsCurrent_thenEstablishesAndTellsAckedLearners() {
        LeaderSession s = leader(3, 0, 1, 1);
        s.onHello(hello(2, 1, 1), 0);
        s.onAcceptedPersisted(2, 0);
        assertEquals(List.of(new PersistCurrent(2)), s.onAck(2, 2, 1));
        List<Action> out = s.onCurrentPersisted(2, 2);
        assertEquals(List.of(new Established(2), new Send(2, new QuorumMessage.Established(2))), out);
        // a late joiner gets the established epoch, and Established once it acks
        assertEquals(List.of(new Send(3, new QuorumMessage.NewEpoch(2))), s.onHello(hello(3, 1, 1), 3));
        assertEquals(List.of(new Send(3, new QuorumMessage.Established(2))), s.onAck(3, 2, 4));
    }

    @Test
    void observers_raiseTheEpochButNeverCount() {
        LeaderSession s = leader(3, 1, 0, 0);
        assertEquals(List.of(), s.onHello(new Hello(4, LearnerType.OBSERVER, 9, 0, 0), 0));
        assertEquals(List.of(new PersistAccepted(10)), s.onHello(hello(2, 0, 0), 1));
        s.onAcceptedPersisted(10, 1);
        assertEquals(List.of(), s.onAck(4, 10, 2), "an observer's ack is no quorum");
        assertEquals(List.of(new PersistCurrent(10)), s.onAck(2, 10, 2));
    }

    @Test
    void learnerAheadOfLeader_isRejected() {
        LeaderSession s = leader(3, 0, 3, 3);
        List<Action> out = s.onHello(hello(2, 5, 5), 0);
        assertTrue(out.get(0) instanceof Send send && send.message() instanceof QuorumMessage.Reject, out.toString());
        assertTrue(out.get(1) instanceof Action.Close, out.toString());
        assertEquals(LeaderSession.Phase.DISCOVERING, s.phase());
    }

    @Test
    void notEstablishedWithinInitLimit_stepsDown() {
        LeaderSession s = leader(3, 0, 0, 0);
        assertTrue(s.onTick(INIT.toNanos() - MS).isEmpty());
        List<Action> out = s.onTick(INIT.toNanos() + MS);
        assertTrue(out.get(out.size() - 1) instanceof Abandon, out.toString());
        assertEquals(LeaderSession.Phase.ENDED, s.phase());
    }

    @Test
    void established_pingsEveryTick_andStepsDownWhenNoQuorumHeardWithinSyncLimit() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos(); // syncLimit*tickTime minus the margin
        assertEquals(List.of(new Send(2, new QuorumMessage.Ping(1)), new Send(3, new QuorumMessage.Ping(1))),
                s.onTick(stale - MS));
        s.onHeard(2, stale);
        assertEquals(2, s.onTick(stale + 10 * MS).size(), "2 heard recently: still a quorum");
        List<Action> out = s.onTick(2 * stale + 20 * MS);
        assertTrue(out.get(out.size() - 1) instanceof Abandon, out.toString());
        assertTrue(out.contains(new Send(2, new QuorumMessage.Leaving(((Abandon) out.get(out.size() - 1)).reason()))));
    }

    @Test
    void established_losingConnectedQuorum_stepsDownAtOnce() {
        LeaderSession s = established3();
        assertEquals(List.of(), s.onDisconnected(3, 1));
        List<Action> out = s.onDisconnected(2, 2);
        assertEquals(1, out.size());
        assertTrue(out.get(0) instanceof Abandon, out.toString());
    }

    @Test
    void leave_tellsEveryLearnerAndEnds() {
        LeaderSession s = established3();
        List<Action> out = s.leave("shutdown");
        assertEquals(List.of(new Send(2, new QuorumMessage.Leaving("shutdown")), new Action.Close(2, "leader leaving: shutdown"),
                new Send(3, new QuorumMessage.Leaving("shutdown")), new Action.Close(3, "leader leaving: shutdown"),
                new Abandon("shutdown")), out);
        assertEquals(List.of(), s.onTick(1));
    }

    @Test
    void ackOfAnotherEpoch_closesThatLearner() {
        LeaderSession s = leader(3, 0, 0, 0);
        s.onHello(hello(2, 0, 0), 0);
        s.onAcceptedPersisted(1, 0);
        assertEquals(List.of(new Action.Close(2, "learner 2 acked epoch 7 but the proposal is 1")), s.onAck(2, 7, 1));
        assertEquals(List.of(), s.learners().stream().toList());
    }

    @Test
    void restartedFollowerWithTheEstablishedEpoch_rejoinsTheSameLeader() {
        // issue 10: the leader compared later HELLOs with the epochs read before it established epoch 1, so a
        // follower that restarted with currentEpoch 1 was "ahead" of the leader's currentEpoch 0 and refused forever
        LeaderSession s = established3();
        s.onDisconnected(2, 1);
        assertEquals(List.of(new Send(2, new QuorumMessage.NewEpoch(1))), s.onHello(hello(2, 1, 1), 2));
        assertEquals(List.of(new Send(2, new QuorumMessage.Established(1))), s.onAck(2, 1, 3));
        assertEquals(null, s.refusal(hello(3, 1, 1)), "an established learner of this epoch is never ahead");
    }

    @Test
    void learnerAheadOfTheEstablishedEpoch_isStillRefused() {
        LeaderSession s = established3();
        assertTrue(s.refusal(hello(2, 2, 2)) != null, "currentEpoch 2 > established 1");
        assertTrue(s.refusal(new Hello(2, LearnerType.PARTICIPANT, 1, 1, (1L << 32) + 5)) != null, "zxid ahead");
    }

    @Test
    void stepsDownWhenTheFreshestQuorumGoesStale_onADeadlineOfItsOwn() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos();
        s.onHeard(2, 100 * MS);
        s.onHeard(3, 50 * MS);
        assertEquals(100 * MS + stale, s.deadline().getAsLong(), "{1, 2} is the freshest quorum");
        assertEquals(List.of(), s.onDeadline(100 * MS + stale - 1));
        List<Action> out = s.onDeadline(100 * MS + stale);
        assertTrue(out.get(out.size() - 1) instanceof Abandon, out.toString());
        assertTrue(s.deadline().isEmpty());
    }

    @Test
    void theOldLeaderStepsDown_marginBeforeAnyFollowerCanStartLooking() {
        // leader and followers stop hearing each other at the same moment (the leader is cut off)
        long cut = 5_000 * MS;
        LeaderSession leader = established3();
        FollowerSession follower = new FollowerSession(2, 1, LearnerType.PARTICIPANT, new EpochState(1, 1, 1L << 32),
                INIT, SYNC, 0);
        follower.onConnected(0);
        follower.onMessage(new QuorumMessage.NewEpoch(1), 0);
        follower.onMessage(new QuorumMessage.Established(1), 0);
        leader.onHeard(2, cut);
        leader.onHeard(3, cut);
        follower.onMessage(new QuorumMessage.Ping(1), cut);
        long leaderGone = leader.deadline().getAsLong();
        long followerLooks = follower.deadline().getAsLong();
        assertEquals(LeaderSession.margin(SYNC).toNanos(), followerLooks - leaderGone);
        assertTrue(leader.onDeadline(leaderGone).get(2) instanceof Send, "steps down at its deadline");
        assertEquals(List.of(), follower.onDeadline(leaderGone), "while the follower still waits");
    }

    @Test
    void anyFrameFromALearner_keepsItFresh_notOnlyAnswersToPings() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos();
        for (long t = 0; t <= 3 * SYNC.toNanos(); t += 250 * MS) {
            s.onHeard(2, t); // learner 2's keepalives; the pings to it may all be stuck
            assertEquals(List.of(), s.onDeadline(t), "t=" + t / MS);
        }
        assertTrue(s.deadline().getAsLong() - 3 * SYNC.toNanos() == stale);
    }

    /** Leader 1 of 3 with 2 and 3 acked, established at epoch 1, all heard at time 0. */
    private static LeaderSession established3() {
        LeaderSession s = leader(3, 0, 0, 0);
        s.onHello(hello(2, 0, 0), 0);
        s.onHello(hello(3, 0, 0), 0);
        s.onAcceptedPersisted(1, 0);
        s.onAck(2, 1, 0);
        s.onAck(3, 1, 0);
        s.onCurrentPersisted(1, 0);
        assertEquals(LeaderSession.Phase.ESTABLISHED, s.phase());
        return s;
    }
}
