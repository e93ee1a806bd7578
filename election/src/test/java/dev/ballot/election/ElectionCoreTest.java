package dev.ballot.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.fsm.ElectionEvent;
import dev.ballot.election.fsm.ElectionStateMachine;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.fsm.Output;
import dev.ballot.election.sim.Quorums;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** The stepping core that the driver and the simulator share: event order, callbacks, the decode path. */
class ElectionCoreTest {
    private static final QuorumVerifier Q = Quorums.majority(3, 1); // voters 1-3, observer 4
    private static final String CONFIG = Q.toConfigString();
    private static final FleSettings SETTINGS = new FleSettings(1, Q, Duration.ofMillis(200), Duration.ofMillis(200),
            Duration.ofSeconds(60), true, false);

    private static ElectionCore core(RecordingEffects effects) {
        return new ElectionCore(SETTINGS, 0, 0, () -> 0L, dev.ballot.core.trace.TraceSink.NOOP, NOPLogger.NOP_LOGGER,
                effects);
    }

    private static Notification leading3() {
        return Notification.of(PeerState.LEADING, 3, 0, 1, 0, CONFIG);
    }

    private static Notification following3() {
        return Notification.of(PeerState.FOLLOWING, 3, 0, 1, 0, CONFIG);
    }

    /** Issue 14, first bug: queued notifications that decide inside startLooking reported the decision first. */
    @Test
    void queuedNotificationsDecideInsideStartLooking_electionStartedComesFirst_withTheInitialVote() {
        RecordingEffects effects = new RecordingEffects();
        ElectionCore core = core(effects);
        core.onNotification(3, leading3()); // before the first election: queued (docs/protocol.md "The LOOKING loop")
        core.onNotification(2, following3());
        core.startLooking();
        assertEquals(List.of("started 1 " + new Vote(1, 0, 1, 0, PeerState.LOOKING), "decided 3 FOLLOWING",
                "LOOKING->FOLLOWING"), effects.callbacks());
        assertEquals(PeerState.FOLLOWING, core.fsm().state());
    }

    /** Issue 14, second bug: an input that entered LOOKING and decided kept only its last transition. */
    @Test
    void anInputThatEntersLookingAndDecides_reportsBothStateChanges() {
        ElectionStateMachine m = new ElectionStateMachine(SETTINGS, 0, 0);
        m.onNotification(3, leading3());
        m.onNotification(2, following3());
        m.setState(PeerState.FOLLOWING, new Vote(3, 0, 0, 0, PeerState.FOLLOWING)); // an embedder's restored role
        Output out = m.startLooking();
        assertEquals(List.of(new ElectionEvent.StateChanged(PeerState.FOLLOWING, PeerState.LOOKING, 1),
                new ElectionEvent.StateChanged(PeerState.LOOKING, PeerState.FOLLOWING, 1)),
                out.events(ElectionEvent.StateChanged.class));
        List<Object> order = out.events().stream().filter(e -> !(e instanceof dev.ballot.election.fsm.Outbound))
                .map(e -> (Object) e.getClass()).toList();
        assertEquals(List.<Object>of(ElectionEvent.StateChanged.class, ElectionEvent.ElectionStarted.class,
                ElectionEvent.QuorumReached.class, ElectionEvent.Decided.class, ElectionEvent.StateChanged.class), order);

        RecordingEffects effects = new RecordingEffects();
        ElectionCore core = core(effects);
        core.onNotification(3, leading3());
        core.onNotification(2, following3());
        core.setState(PeerState.FOLLOWING, new Vote(3, 0, 0, 0, PeerState.FOLLOWING));
        core.startLooking();
        assertEquals(List.of("LOOKING->FOLLOWING", "FOLLOWING->LOOKING", "started 1 " + new Vote(1, 0, 1, 0,
                PeerState.LOOKING), "decided 3 FOLLOWING", "LOOKING->FOLLOWING"), effects.callbacks());
    }

    /** The codec decides: a 30-byte frame is truncated, whatever its state code; ZooKeeper drops it unanswered. */
    @Test
    void truncatedFrameWithUnknownStateFromAnObserver_isDroppedUnanswered() {
        RecordingEffects effects = new RecordingEffects();
        ElectionCore core = core(effects);
        ByteBuffer frame = ByteBuffer.allocate(30);
        frame.putInt(7).putLong(4).putLong(0).putLong(1).putShort((short) 0).flip();
        assertFalse(core.onMessage(4, frame));
        assertEquals(List.of(), effects.calls, "no reply, no timer");
    }

    /** A well-formed frame whose only fault is its state code: an observer gets ZooKeeper's non-voter reply. */
    @Test
    void wellFormedFrameWithUnknownState_answersANonVoter_andNotAVoter() {
        ByteBuffer good = NotificationCodec.encode(Notification.of(PeerState.LOOKING, 4, 0, 1, 0, CONFIG));
        good.putInt(0, 7);
        RecordingEffects effects = new RecordingEffects();
        ElectionCore core = core(effects);
        assertFalse(core.onMessage(4, good.duplicate()));
        assertEquals(List.of("send 4", "arm NON_VOTER_REPLY"), effects.calls);
        assertEquals(PeerState.LOOKING, NotificationCodec.decode(effects.sent.get(0)).state());

        RecordingEffects fromVoter = new RecordingEffects();
        assertFalse(core(fromVoter).onMessage(2, good.duplicate()));
        assertEquals(List.of(), fromVoter.calls);
    }

    @Test
    void selfDelivery_handsTheNotificationBackDecoded_andCountsIt() {
        RecordingEffects effects = new RecordingEffects();
        ElectionCore core = core(effects);
        core.startLooking();
        assertEquals(1, effects.self.size());
        core.onNotification(1, effects.self.get(0));
        assertEquals(3, core.stats().notificationsSent());
        assertEquals(1, core.stats().notificationsReceived());
        assertTrue(effects.sent.stream().allMatch(b -> NotificationCodec.decode(b.duplicate()).leader() == 1));
    }
}
