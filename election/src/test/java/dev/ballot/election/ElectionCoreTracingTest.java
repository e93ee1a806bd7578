package dev.ballot.election;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.Decided;
import dev.ballot.core.trace.TraceEvent.ElectionStarted;
import dev.ballot.core.trace.TraceEvent.FinalizeWaitAbandoned;
import dev.ballot.core.trace.TraceEvent.FinalizeWaitStarted;
import dev.ballot.core.trace.TraceEvent.NotificationReceived;
import dev.ballot.core.trace.TraceEvent.NotificationSent;
import dev.ballot.core.trace.TraceEvent.ProposalChanged;
import dev.ballot.core.trace.TraceEvent.ProposalRule;
import dev.ballot.core.trace.TraceEvent.QuorumReached;
import dev.ballot.core.trace.TraceEvent.RoleChanged;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.sim.Quorums;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events a simulated election traces, through the same {@link ElectionCore} the driver runs. */
class ElectionCoreTracingTest {

    private static List<String> types(List<TraceEvent> events) {
        return events.stream().map(TraceEvent::type).toList();
    }

    /** The types of {@code events} without notifications, which interleave by timing. */
    private static List<String> steps(List<TraceEvent> events) {
        return types(events).stream().filter(t -> !t.startsWith("notification_")).toList();
    }

    private static <T extends TraceEvent> List<T> only(List<TraceEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void ensembleStart_everyPeerTracesStartProposalQuorumFinalizeDecision() {
        TraceSimulation sim = new TraceSimulation(3, false);
        sim.startLooking(1, Duration.ZERO).startLooking(2, Duration.ZERO).startLooking(3, Duration.ZERO);
        sim.run(Duration.ofSeconds(1));

        // Peer 3 has the best vote and never changes its proposal; 1 and 2 move to 3 by the better-vote rule.
        assertEquals(List.of("election_started", "quorum_reached", "finalize_wait_started", "decided", "role_changed"),
                steps(sim.trace(3)));
        for (long sid : List.of(1L, 2L)) {
            List<TraceEvent> mine = sim.trace(sid);
            assertEquals(List.of("election_started", "proposal_changed", "quorum_reached", "finalize_wait_started",
                    "decided", "role_changed"), compress(steps(mine)), "peer " + sid);
            List<ProposalChanged> changes = only(mine, ProposalChanged.class);
            assertEquals(3, changes.get(changes.size() - 1).proposal().leader());
            assertTrue(changes.stream().allMatch(c -> c.rule() == ProposalRule.BETTER_VOTE));
        }
        for (long sid = 1; sid <= 3; sid++) {
            List<TraceEvent> mine = sim.trace(sid);
            ElectionStarted started = only(mine, ElectionStarted.class).get(0);
            assertEquals(new Vote(sid, 0, 1, 0, PeerState.LOOKING), started.initialVote());
            assertEquals(1, started.round());
            assertEquals(types(mine.subList(1, 4)), List.of("notification_sent", "notification_sent", "notification_sent"),
                    "the initial vote goes to every voter, self included");
            Decided d = only(mine, Decided.class).get(0);
            assertEquals(3, d.leader());
            assertEquals(sid == 3 ? PeerState.LEADING : PeerState.FOLLOWING, d.role());
            assertTrue(d.duration().compareTo(Duration.ofMillis(200)) >= 0, "includes the finalize wait: " + d.duration());
            assertEquals(only(mine, NotificationReceived.class).size(), d.notificationsReceived());
            assertEquals(only(mine, NotificationSent.class).size(), d.notificationsSent());
            assertEquals(new RoleChanged(d.nanos(), sid, PeerState.LOOKING, d.role()), mine.get(mine.size() - 1));
            QuorumReached q = only(mine, QuorumReached.class).get(0);
            assertEquals(3, q.proposal().leader());
            assertTrue(q.supporters().size() >= 2, "a majority of 3: " + q);
            assertEquals(Duration.ofMillis(200), only(mine, FinalizeWaitStarted.class).get(0).delay());
        }
        assertEveryNotificationSentIsReceived(sim.trace());
        TraceInvariants.check(sim.trace());
    }

    /** Consecutive duplicates collapsed (a peer may change its proposal twice: to 2, then to 3). */
    private static List<String> compress(List<String> types) {
        List<String> out = new ArrayList<>();
        for (String t : types) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static void assertEveryNotificationSentIsReceived(List<TraceEvent> trace) {
        Map<String, Integer> balance = new HashMap<>();
        for (TraceEvent e : trace) {
            if (e instanceof NotificationSent s) {
                balance.merge(s.from() + ">" + s.to() + " " + s.vote().leader() + "/" + s.vote().electionEpoch(), 1, Integer::sum);
            } else if (e instanceof NotificationReceived r) {
                balance.merge(r.from() + ">" + r.to() + " " + r.vote().leader() + "/" + r.vote().electionEpoch(), -1, Integer::sum);
            }
        }
        balance.values().removeIf(v -> v == 0);
        assertEquals(Map.of(), balance, "sent minus received per link and vote (lossless network)");
    }

    @Test
    void lateVoter_abandonsTheFinalizeWait_andTheBetterVoteWins() {
        TraceSimulation sim = new TraceSimulation(3, false);
        sim.startLooking(1, Duration.ZERO).startLooking(2, Duration.ZERO).startLooking(3, Duration.ofMillis(50));
        sim.run(Duration.ofSeconds(1));
        for (long sid : List.of(1L, 2L)) {
            List<TraceEvent> mine = sim.trace(sid);
            List<String> steps = compress(steps(mine));
            List<String> expected = new ArrayList<>(List.of("election_started", "proposal_changed", "quorum_reached",
                    "finalize_wait_started", "finalize_wait_abandoned", "proposal_changed", "quorum_reached",
                    "finalize_wait_started", "decided", "role_changed"));
            if (sid == 2) {
                expected.remove(1); // 2 already proposes the best of {1, 2}
            }
            assertEquals(expected, steps, "peer " + sid);
            FinalizeWaitAbandoned abandoned = only(mine, FinalizeWaitAbandoned.class).get(0);
            assertEquals(3, abandoned.from());
            assertEquals(3, abandoned.better().leader());
            assertEquals(3, only(mine, Decided.class).get(0).leader());
        }
        TraceInvariants.check(sim.trace());
    }

    @Test
    void leaderDies_survivorsStartANewRound_fromTheirRoles() {
        TraceSimulation sim = new TraceSimulation(3, false);
        sim.startLooking(1, Duration.ZERO).startLooking(2, Duration.ZERO).startLooking(3, Duration.ZERO);
        sim.run(Duration.ofSeconds(1));
        for (long sid = 1; sid <= 3; sid++) {
            sim.establish(sid, 1);
        }
        sim.crash(3);
        int before1 = sim.trace(1).size();
        int before2 = sim.trace(2).size();
        sim.startLooking(1, Duration.ZERO).startLooking(2, Duration.ofMillis(5));
        sim.run(Duration.ofSeconds(2));

        for (long sid : List.of(1L, 2L)) {
            List<TraceEvent> second = sim.trace(sid).subList(sid == 1 ? before1 : before2, sim.trace(sid).size());
            int i = second.indexOf(only(second, RoleChanged.class).get(0));
            assertEquals(new RoleChanged(second.get(i).nanos(), sid, PeerState.FOLLOWING, PeerState.LOOKING), second.get(i));
            ElectionStarted started = (ElectionStarted) second.get(i + 1);
            assertEquals(2, started.round());
            assertEquals(new Vote(sid, 0x100000000L, 2, 1, PeerState.LOOKING), started.initialVote(),
                    "the established epoch feeds the new initial vote");
            Decided d = only(second, Decided.class).get(0);
            assertEquals(2, d.leader(), "the best surviving vote");
            assertEquals(2, d.vote().electionEpoch());
        }
        assertTrue(sim.trace(3).stream().noneMatch(e -> e instanceof ElectionStarted s && s.round() == 2));
        TraceInvariants.check(sim.trace());
    }

    @Test
    void lateStarter_joinsThroughTheOutOfElectionPath() {
        TraceSimulation sim = new TraceSimulation(3, false);
        sim.startLooking(1, Duration.ZERO).startLooking(2, Duration.ZERO);
        sim.run(Duration.ofSeconds(1));
        sim.establish(1, 1);
        sim.establish(2, 1);
        sim.startLooking(3, Duration.ZERO);
        sim.run(Duration.ofSeconds(1));

        List<TraceEvent> late = sim.trace(3);
        assertEquals(List.of("election_started", "quorum_reached", "decided", "role_changed"), steps(late),
                "no proposal change, no finalize wait: FOLLOWING/LEADING replies decide at once");
        Decided d = only(late, Decided.class).get(0);
        assertEquals(2, d.leader());
        assertEquals(PeerState.FOLLOWING, d.role());
        assertTrue(only(late, NotificationReceived.class).stream()
                .anyMatch(r -> r.vote().state() == PeerState.LEADING && r.from() == 2));
        assertTrue(d.duration().compareTo(Duration.ofMillis(200)) < 0, "no finalize wait: " + d.duration());
        TraceInvariants.check(sim.trace());
    }

    @Test
    void disabledSink_recordsNothing_andTheCoreStillSendsWhatTheStateMachineAsks() {
        FleSettings settings = new FleSettings(1, Quorums.majority(3), Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofSeconds(60), false, false);
        List<TraceEvent> recorded = new ArrayList<>();
        TraceSink off = new TraceSink() {
            @Override
            public void record(TraceEvent event) {
                recorded.add(event);
            }

            @Override
            public boolean enabled() {
                return false;
            }
        };
        RecordingEffects effects = new RecordingEffects();
        ElectionCore core = new ElectionCore(settings, 0, 0, () -> 0L, off, NOPLogger.NOP_LOGGER, effects);
        core.startLooking();
        assertEquals(List.of(), recorded);
        assertEquals(List.of("self LOOKING 1", "send 2", "send 3"), effects.calls.subList(0, 3));
    }
}
