package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.leadership.quorum.Action.Abandon;
import dev.ballot.leadership.quorum.Action.Send;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FollowerSessionTest {
    private static final Duration INIT = Duration.ofSeconds(5);
    private static final Duration SYNC = Duration.ofSeconds(2);
    private static final long MS = 1_000_000L;

    private static FollowerSession follower(long accepted, long current) {
        return new FollowerSession(2, 1, LearnerType.PARTICIPANT, new EpochState(accepted, current, current << 32),
                INIT, SYNC, 0);
    }

    private static boolean abandons(List<Action> out) {
        return !out.isEmpty() && out.get(out.size() - 1) instanceof Abandon;
    }

    @Test
    void joins_persistingAcceptedBeforeAck_andCurrentBeforeEstablished() {
        FollowerSession f = follower(3, 2);
        assertEquals(List.of(new Send(1, new QuorumMessage.Hello(2, LearnerType.PARTICIPANT, 3, 2, 2L << 32))),
                f.onConnected(1));
        assertEquals(List.of(new Action.PersistAccepted(4)), f.onMessage(new QuorumMessage.NewEpoch(4), 2));
        assertEquals(List.of(new Send(1, new QuorumMessage.AckEpoch(4))), f.onAcceptedPersisted(4, 3));
        assertEquals(List.of(new Action.PersistCurrent(4)), f.onMessage(new QuorumMessage.Established(4), 4));
        assertEquals(List.of(new Action.Established(4)), f.onCurrentPersisted(4, 5));
        assertEquals(FollowerSession.Phase.ESTABLISHED, f.phase());
    }

    @Test
    void alreadyAcceptedEpoch_isAckedWithoutWriting() {
        FollowerSession f = follower(4, 2);
        f.onConnected(0);
        assertEquals(List.of(new Send(1, new QuorumMessage.AckEpoch(4))), f.onMessage(new QuorumMessage.NewEpoch(4), 1));
    }

    @Test
    void proposalBelowAcceptedEpoch_abandons() {
        FollowerSession f = follower(5, 5);
        f.onConnected(0);
        assertTrue(abandons(f.onMessage(new QuorumMessage.NewEpoch(4), 1)));
    }

    @Test
    void pingIsAnswered_andSilenceBeyondSyncLimitAbandons() {
        FollowerSession f = established(0);
        assertEquals(List.of(new Send(1, new QuorumMessage.Pong(1))), f.onMessage(new QuorumMessage.Ping(1), SYNC.toNanos()));
        assertEquals(List.of(), f.onTick(SYNC.toNanos() + SYNC.toNanos() / 2 - 1), "nothing due, nothing sent");
        assertEquals(List.of(new Action.Redial(1)), f.onTick(2 * SYNC.toNanos() - 1), "half-way: a second connection");
        assertTrue(abandons(f.onTick(2 * SYNC.toNanos())));
    }

    @Test
    void connectRetriesUntilInitLimit_thenAbandons() {
        FollowerSession f = follower(0, 0);
        assertEquals(List.of(), f.onDisconnected("refused", INIT.toNanos() - MS));
        assertTrue(f.shouldRetryConnect(INIT.toNanos() - MS));
        assertFalse(f.shouldRetryConnect(INIT.toNanos() + MS));
        assertTrue(abandons(f.onTick(INIT.toNanos() + MS)));
    }

    @Test
    void leaderLeaving_rejecting_orClosing_abandonsAtOnce() {
        for (QuorumMessage m : List.of(new QuorumMessage.Leaving("bye"), new QuorumMessage.Reject("no"))) {
            FollowerSession f = follower(0, 0);
            f.onConnected(0);
            assertTrue(abandons(f.onMessage(m, 1)), m.toString());
        }
        FollowerSession f = follower(0, 0);
        f.onConnected(0);
        List<Action> out = f.onDisconnected("connection reset", 1);
        assertTrue(abandons(out));
        assertEquals(List.of(), f.onDisconnected("again", 2), "ends only once");
    }

    /** Follower 2 of leader 1, established at epoch 1 at time {@code at}. */
    private static FollowerSession established(long at) {
        FollowerSession f = follower(1, 1);
        f.onConnected(at);
        f.onMessage(new QuorumMessage.NewEpoch(1), at);
        f.onMessage(new QuorumMessage.Established(1), at);
        assertEquals(FollowerSession.Phase.ESTABLISHED, f.phase());
        return f;
    }

    @Test
    void silentLeader_isDetectedExactlySyncLimitAfterItsLastFrame_onADeadlineOfItsOwn() {
        // issue 10: followers noticed silence on a tickTime/2 poll, so survivors started looking up to 250 ms apart
        FollowerSession a = established(0);
        FollowerSession b = established(137 * MS); // another peer, started at another phase of its heartbeat
        long lastFrame = 1_000 * MS;
        a.onMessage(new QuorumMessage.Ping(1), lastFrame);
        b.onMessage(new QuorumMessage.Ping(1), lastFrame);
        assertEquals(lastFrame + SYNC.toNanos() / 2, a.deadline().getAsLong(), "first the redial");
        assertEquals(List.of(new Action.Redial(1)), a.onDeadline(lastFrame + SYNC.toNanos() / 2));
        b.onDeadline(lastFrame + SYNC.toNanos() / 2);
        assertEquals(lastFrame + SYNC.toNanos(), a.deadline().getAsLong());
        assertEquals(a.deadline(), b.deadline(), "the same deadline whatever the heartbeat phase");
        assertEquals(List.of(), a.onDeadline(lastFrame + SYNC.toNanos() - 1), "never before syncLimit*tickTime");
        List<Action> out = a.onDeadline(lastFrame + SYNC.toNanos());
        assertEquals(new Action.Silence(1), out.get(0), "the peer hears which leader went silent, before the role ends");
        assertTrue(abandons(out));
        assertTrue(a.deadline().isEmpty(), "ended: no deadline");
    }

    @Test
    void aTickSendsNoPong_eachPingIsAnsweredExactlyOnce() {
        // a keepalive Pong would be taken for the answer to a ping still on its way, stretching the leader's lease
        FollowerSession f = follower(0, 0);
        assertEquals(List.of(), f.onTick(MS), "not connected");
        f.onConnected(2 * MS);
        assertEquals(List.of(), f.onTick(3 * MS), "joining");
        assertEquals(List.of(new Send(1, new QuorumMessage.Pong(-1))), f.onMessage(new QuorumMessage.Ping(-1), 4 * MS));
        FollowerSession e = established(0);
        for (long t = 100 * MS; t < SYNC.toNanos() / 2; t += 100 * MS) {
            assertEquals(List.of(), e.onTick(t), "established, t=" + t / MS);
        }
        assertEquals(List.of(new Send(1, new QuorumMessage.Pong(1))), e.onMessage(new QuorumMessage.Ping(1), SYNC.toNanos()));
        assertEquals(List.of(), e.onTick(SYNC.toNanos() + 100 * MS), "answered once, not again on the tick");
    }

    @Test
    void untilEstablished_theDeadlineIsInitLimit_aQuietLeaderStillGatheringItsQuorumIsNoFailure() {
        FollowerSession f = follower(0, 0);
        assertEquals(INIT.toNanos(), f.deadline().getAsLong(), "connecting: initLimit");
        f.onConnected(0);
        assertEquals(INIT.toNanos(), f.deadline().getAsLong(), "joining: initLimit, as ZooKeeper's learners");
        assertEquals(List.of(), f.onDeadline(INIT.toNanos() - 1), "silent for more than syncLimit while joining");
        List<Action> out = f.onDeadline(INIT.toNanos());
        assertTrue(abandons(out));
        assertTrue(out.stream().noneMatch(x -> x instanceof Action.Silence), "a leader not yet joined is not called silent");
    }

    @Test
    void halfwayThroughASilence_oneRedial_thenHelloOnTheNewConnection_andTheLeadersRejoinAnswersKeepItEstablished() {
        // 20 % loss: one TCP connection stalled 2.5 s in retransmission back-off while the leader was fine
        FollowerSession f = established(0);
        long last = 1_000 * MS;
        f.onMessage(new QuorumMessage.Ping(1), last);
        assertEquals(List.of(new Action.Redial(1)), f.onDeadline(last + SYNC.toNanos() / 2));
        assertEquals(List.of(), f.onDeadline(last + SYNC.toNanos() / 2 + MS), "once per silence");
        assertEquals(List.of(new Send(1, new QuorumMessage.Hello(2, LearnerType.PARTICIPANT, 1, 1, 1L << 32))),
                f.onRedialed());
        assertEquals(List.of(new Send(1, new QuorumMessage.AckEpoch(1))),
                f.onMessage(new QuorumMessage.NewEpoch(1), last + SYNC.toNanos() / 2 + 2 * MS), "no second write");
        assertEquals(List.of(), f.onMessage(new QuorumMessage.Established(1), last + SYNC.toNanos() / 2 + 3 * MS));
        assertEquals(FollowerSession.Phase.ESTABLISHED, f.phase());
        long heard = last + SYNC.toNanos() / 2 + 3 * MS;
        assertEquals(heard + SYNC.toNanos() / 2, f.deadline().getAsLong(), "heard again: a later silence may redial");
        assertTrue(abandons(f.onMessage(new QuorumMessage.NewEpoch(2), heard)), "another epoch is no rejoin");
    }

    @Test
    void aRefusedDial_endsTheRoleWhileConnecting_only() {
        FollowerSession f = follower(0, 0);
        List<Action> out = f.onConnectRefused("Connection refused");
        assertTrue(abandons(out));
        assertTrue(f.deadline().isEmpty(), "ended");
        FollowerSession joining = follower(0, 0);
        joining.onConnected(0);
        assertEquals(List.of(), joining.onConnectRefused("late report of an earlier dial"));
    }

    @Test
    void establishedFollower_isNotBoundByInitLimit() {
        FollowerSession f = follower(1, 1);
        f.onConnected(0);
        f.onMessage(new QuorumMessage.NewEpoch(1), 0);
        assertEquals(List.of(new Action.Established(1)), f.onMessage(new QuorumMessage.Established(1), 0));
        long later = INIT.toNanos() + SYNC.toNanos();
        f.onMessage(new QuorumMessage.Ping(1), later - MS);
        assertEquals(List.of(), f.onDeadline(later));
    }
}
