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
        FollowerSession f = follower(0, 0);
        f.onConnected(0);
        assertEquals(List.of(new Send(1, new QuorumMessage.Pong(-1))), f.onMessage(new QuorumMessage.Ping(-1), SYNC.toNanos()));
        assertEquals(List.of(), f.onTick(2 * SYNC.toNanos()));
        assertTrue(abandons(f.onTick(2 * SYNC.toNanos() + MS)));
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

    @Test
    void establishedFollower_isNotBoundByInitLimit() {
        FollowerSession f = follower(1, 1);
        f.onConnected(0);
        f.onMessage(new QuorumMessage.NewEpoch(1), 0);
        assertEquals(List.of(new Action.Established(1)), f.onMessage(new QuorumMessage.Established(1), 0));
        long later = INIT.toNanos() + SYNC.toNanos();
        f.onMessage(new QuorumMessage.Ping(1), later - MS);
        assertEquals(List.of(), f.onTick(later));
    }
}
