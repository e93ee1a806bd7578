package dev.ballot.election.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.sim.Quorums;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Spec-scenario tests of the state machine, one FLE rule each (convention 18). */
class ElectionStateMachineTest {
    private static final QuorumVerifier Q3 = Quorums.majority(3, 1); // voters 1-3, observer 4
    private static final String CONFIG = Q3.toConfigString();

    private static ElectionStateMachine machine(long myId, boolean allVoted) {
        return new ElectionStateMachine(new FleSettings(myId, Q3, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofSeconds(60), allVoted, false), 1, 0x100000005L);
    }

    private static Notification looking(long leader, long zxid, long round, long epoch) {
        return Notification.of(PeerState.LOOKING, leader, zxid, round, epoch, CONFIG);
    }

    private static Set<Long> destinations(Output out) {
        return out.messages().stream().map(Outbound::sid).collect(Collectors.toSet());
    }

    private static TimerCommand.Arm armed(Output out, TimerKind kind) {
        return out.timers().stream().filter(t -> t instanceof TimerCommand.Arm a && a.kind() == kind)
                .map(TimerCommand.Arm.class::cast).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void startLooking_broadcastsInitialVoteToEveryVoterIncludingSelf() {
        // Spec: docs/protocol.md "The initial vote" initial vote and self-delivery; docs/protocol.md "The LOOKING loop" on entry
        Output out = machine(2, true).startLooking();
        assertEquals(Set.of(1L, 2L, 3L), destinations(out));
        Notification n = out.messages().get(0).notification();
        assertEquals(List.of(PeerState.LOOKING, 2L, 0x100000005L, 1L, 1L),
                List.of(n.state(), n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch()));
        assertEquals(CONFIG, n.config(), "advertises exactly the committed config (docs/protocol.md, 'What Ballot sends')");
        assertEquals(Duration.ofMillis(200), armed(out, TimerKind.NOTIFICATION).delay());
    }

    @Test
    void receiveLooking_higherRound_adoptsRoundAndBetterVoteAndRebroadcasts() {
        // Spec: docs/protocol.md "A LOOKING notification" step 3
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        Output out = m.onNotification(3, looking(3, 0x100000005L, 7, 1));
        assertEquals(7, m.logicalClock());
        assertEquals(3, m.proposal().leader());
        assertEquals(Set.of(1L, 2L, 3L), destinations(out));
    }

    @Test
    void receiveLooking_higherRoundWorseVote_fallsBackToInitialVoteNotCurrentProposal() {
        // Spec: docs/protocol.md "A LOOKING notification" step 3.3 compares with the initial vote
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        m.onNotification(3, looking(3, 0x100000005L, 1, 1)); // proposal -> 3 in round 1
        m.onNotification(1, looking(1, 0x100000005L, 5, 1)); // round 5, vote 1 < initial 2
        assertEquals(2, m.proposal().leader());
    }

    @Test
    void voterThatJoinsThisRoundAfterFollowing_isAnsweredOnce_whenItsVoteLoses() {
        // bench servers: 1 followed a leader killed at once; 2 had looked alone for 20 s with a backed-off timer;
        // same round, 1's vote worse: FLE answers nothing, and both waited for 2's timer (38 s)
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        m.onNotification(1, Notification.of(PeerState.FOLLOWING, 3, 0x100000005L, 1, 1, CONFIG));
        Output late = m.onNotification(1, looking(1, 0x100000005L, 1, 1));
        assertEquals(List.of(new Outbound(1, looking(2, 0x100000005L, 1, 1))), late.messages());
        assertEquals(List.of(), m.onNotification(1, looking(1, 0x100000005L, 1, 1)).messages(), "once");

        ElectionStateMachine fresh = machine(2, true);
        fresh.startLooking();
        assertEquals(List.of(), fresh.onNotification(1, looking(1, 0x100000005L, 1, 1)).messages(),
                "never heard from: FLE's silence (a cold start's broadcasts reach everybody)");

        ElectionStateMachine better = machine(2, true);
        better.startLooking();
        better.onNotification(3, Notification.of(PeerState.FOLLOWING, 1, 0x100000005L, 1, 1, CONFIG));
        Output adopted = better.onNotification(3, looking(3, 0x100000005L, 1, 1));
        assertEquals(Set.of(1L, 2L, 3L), destinations(adopted), "a better vote: the usual broadcast, no extra answer");
        assertEquals(3, adopted.messages().size());
    }

    @Test
    void receiveLooking_lowerRound_isAnsweredWithProposalAndIgnored() {
        // Spec: docs/protocol.md "Receiving a notification" step 5.2, docs/protocol.md "A LOOKING notification" step 4
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        m.onNotification(3, looking(3, 0x100000005L, 4, 1));
        Output out = m.onNotification(1, looking(1, 0x100000005L, 2, 1));
        assertEquals(1, out.messages().size());
        assertEquals(new Outbound(1, looking(3, 0x100000005L, 4, 1)), out.messages().get(0));
        assertEquals(3, m.proposal().leader());
    }

    @Test
    void lookingQuorum_startsFinalizeWait_quietWaitDecides() {
        // Spec: docs/protocol.md "A LOOKING notification" step 7
        ElectionStateMachine m = machine(3, false);
        m.startLooking();
        m.onNotification(3, looking(3, 0x100000005L, 1, 1));
        Output out = m.onNotification(2, looking(3, 0x100000005L, 1, 1));
        TimerCommand.Arm fin = armed(out, TimerKind.FINALIZE);
        assertEquals(Duration.ofMillis(200), fin.delay());
        assertTrue(out.decision().isEmpty());
        Output decided = m.onTimeout(TimerKind.FINALIZE, fin.generation());
        assertEquals(PeerState.LEADING, decided.decision().orElseThrow().role());
        assertEquals(Decision.Path.FINALIZE_WAIT, decided.decision().orElseThrow().path());
        assertEquals(PeerState.LEADING, m.state());
    }

    @Test
    void finalizeWait_betterVoteAbandonsDecision_staleTimerIgnored() {
        // Spec: docs/protocol.md "A LOOKING notification" step 7, "put m back and abandon"
        ElectionStateMachine m = machine(2, false);
        m.startLooking();
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        Output q = m.onNotification(1, looking(2, 0x100000005L, 1, 1));
        long gen = armed(q, TimerKind.FINALIZE).generation();
        Output better = m.onNotification(3, looking(3, 0x100000005L, 1, 1));
        assertEquals(3, m.proposal().leader());
        assertEquals(Output.NONE, m.onTimeout(TimerKind.FINALIZE, gen), "stale finalize timer");
        assertTrue(better.decision().isEmpty());
        assertEquals(PeerState.LOOKING, m.state());
    }

    @Test
    void finalizeWait_notBetterVoteIsDroppedAndDoesNotExtendTheWait() {
        ElectionStateMachine m = machine(2, false);
        m.startLooking();
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        long gen = armed(m.onNotification(1, looking(2, 0x100000005L, 1, 1)), TimerKind.FINALIZE).generation();
        Output worse = m.onNotification(1, looking(1, 0x100000004L, 1, 1));
        assertTrue(worse.timers().isEmpty() && worse.messages().isEmpty());
        assertEquals(PeerState.LEADING, m.onTimeout(TimerKind.FINALIZE, gen).decision().orElseThrow().role());
    }

    @Test
    void decideWhenAllVoted_skipsFinalizeWaitOnlyWhenEveryVoterAgrees() {
        ElectionStateMachine m = machine(3, true);
        m.startLooking();
        m.onNotification(3, looking(3, 0x100000005L, 1, 1));
        assertTrue(m.onNotification(2, looking(3, 0x100000005L, 1, 1)).decision().isEmpty());
        Output out = m.onNotification(1, looking(3, 0x100000005L, 1, 1));
        assertEquals(Decision.Path.ALL_VOTED, out.decision().orElseThrow().path());
        assertEquals(Set.of(1L, 2L, 3L), out.decision().orElseThrow().electors());
    }

    @Test
    void aWorseVoteOfTheSameRoundFromASenderThatSentABetterOne_isStaleAndKeepsItsAgreement() {
        // bench churn: a vote sent before a connection was replaced arrived after the sender's newer one and
        // un-counted it; every peer then waited the whole finalize wait for a vote that had already come
        QuorumVerifier q5 = Quorums.majority(5, 0);
        ElectionStateMachine m = new ElectionStateMachine(new FleSettings(5, q5, Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofSeconds(60), true, false), 1, 0x100000005L);
        m.startLooking();
        m.onNotification(5, vote(5, q5));
        m.onNotification(4, vote(5, q5));
        Output stale = m.onNotification(4, vote(4, q5)); // sent before 4 heard of 5, arrived after
        assertTrue(stale.events().stream().anyMatch(e -> e instanceof ElectionEvent.VoteRejected r
                && r.reason() == ElectionEvent.RejectReason.STALE_IN_ROUND), stale.events().toString());
        m.onNotification(3, vote(5, q5));
        m.onNotification(2, vote(5, q5));
        Output out = m.onNotification(1, vote(5, q5));
        assertEquals(Decision.Path.ALL_VOTED, out.decision().orElseThrow().path(), "4's agreement still counts");
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L), out.decision().orElseThrow().electors());
    }

    private static Notification vote(long leader, QuorumVerifier q) {
        return Notification.of(PeerState.LOOKING, leader, 0x100000005L, 1, 1, q.toConfigString());
    }

    @Test
    void aBetterVoteOfTheSameRoundFromTheSameSender_replacesItsVote() {
        ElectionStateMachine m = machine(3, true);
        m.startLooking();
        m.onNotification(3, looking(3, 0x100000005L, 1, 1));
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        m.onNotification(2, looking(3, 0x100000005L, 1, 1));
        Output out = m.onNotification(1, looking(3, 0x100000005L, 1, 1));
        assertEquals(Decision.Path.ALL_VOTED, out.decision().orElseThrow().path());
    }

    /** The decision that the grace wait armed in {@code out} makes when it runs out. */
    private static Decision afterGrace(ElectionStateMachine m, Output out) {
        TimerCommand.Arm grace = armed(out, TimerKind.FINALIZE);
        assertEquals(Duration.ofMillis(10), grace.delay(), "a twentieth of the finalize wait");
        assertTrue(out.decision().isEmpty(), "not before the grace");
        return m.onTimeout(TimerKind.FINALIZE, grace.generation()).decision().orElseThrow();
    }

    @Test
    void reElection_voterWhoseLinkClosed_doesNotHoldTheDecisionBack() {
        // README "election", decision rule: every connected voter agrees, every other one is known down
        ElectionStateMachine m = machine(2, true);
        m.onPeerConnected(1);
        m.onPeerConnected(3);
        m.startLooking();
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        Output q = m.onNotification(1, looking(2, 0x100000005L, 1, 1));
        assertTrue(q.decision().isEmpty(), "3 is connected and has not voted: ZooKeeper's finalize wait");
        assertEquals(Duration.ofMillis(200), armed(q, TimerKind.FINALIZE).delay());
        Decision d = afterGrace(m, m.onPeerDisconnected(3));
        assertEquals(Decision.Path.ALL_REACHABLE_VOTED, d.path());
        assertEquals(Set.of(1L, 2L), d.electors());
        assertEquals(PeerState.LEADING, d.role());
    }

    @Test
    void reElection_linkAlreadyDown_decidesOnTheQuorumAfterTheGrace_butNotWhenItCameBack() {
        ElectionStateMachine m = machine(2, true);
        m.onPeerDisconnected(3);
        m.startLooking();
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        assertEquals(Decision.Path.ALL_REACHABLE_VOTED,
                afterGrace(m, m.onNotification(1, looking(2, 0x100000005L, 1, 1))).path());

        ElectionStateMachine back = machine(2, true);
        back.onPeerDisconnected(3);
        back.onPeerConnected(3);
        back.startLooking();
        back.onNotification(2, looking(2, 0x100000005L, 1, 1));
        Output q = back.onNotification(1, looking(2, 0x100000005L, 1, 1));
        assertTrue(q.decision().isEmpty());
        assertEquals(Duration.ofMillis(200), armed(q, TimerKind.FINALIZE).delay(), "ZooKeeper's wait");
    }

    @Test
    void reElection_voterCountedDownReconnectsDuringTheGrace_theWholeFinalizeWaitRunsAgain() {
        // the churn race: a restarting voter is back a few ms into the round, and its vote may be better
        ElectionStateMachine m = machine(2, true);
        m.onPeerDisconnected(3);
        m.startLooking();
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        long grace = armed(m.onNotification(1, looking(2, 0x100000005L, 1, 1)), TimerKind.FINALIZE).generation();
        Output back = m.onPeerConnected(3);
        assertEquals(Duration.ofMillis(200), armed(back, TimerKind.FINALIZE).delay());
        assertEquals(Output.NONE, m.onTimeout(TimerKind.FINALIZE, grace), "the grace's timer is stale");
        m.onNotification(3, looking(3, 0x100000005L, 1, 1)); // the returning voter's better vote
        assertEquals(3, m.proposal().leader());
        assertEquals(PeerState.LOOKING, m.state());
    }

    @Test
    void reElection_leaderTheRoleFoundSilent_countsAsDown_untilItIsHeardFrom() {
        // issue 10, leader isolated: its link stays open, so the survivors waited the whole finalize wait for its vote
        ElectionStateMachine m = machine(2, true);
        m.onPeerConnected(1);
        m.onPeerConnected(3);
        m.onPeerSilent(3);
        m.startLooking();
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        Decision d = afterGrace(m, m.onNotification(1, looking(2, 0x100000005L, 1, 1)));
        assertEquals(Decision.Path.ALL_REACHABLE_VOTED, d.path());

        ElectionStateMachine heard = machine(2, true);
        heard.onPeerConnected(1);
        heard.onPeerConnected(3);
        heard.onPeerSilent(3);
        heard.onNotification(3, looking(3, 0x100000004L, 1, 1)); // the silent peer speaks again
        heard.startLooking();
        heard.onNotification(2, looking(2, 0x100000005L, 1, 1));
        Output q = heard.onNotification(1, looking(2, 0x100000005L, 1, 1));
        assertTrue(q.decision().isEmpty());
        assertEquals(Duration.ofMillis(200), armed(q, TimerKind.FINALIZE).delay(), "heard from: ZooKeeper's wait");
    }

    @Test
    void reElection_voterThatNeverConnected_isKnownDownAfterTheConnectTimeout() {
        ElectionStateMachine m = machine(2, true);
        m.onPeerConnected(1);
        Output start = m.startLooking();
        TimerCommand.Arm connect = armed(start, TimerKind.CONNECT_TIMEOUT);
        assertEquals(FleSettings.DEFAULT_CONNECT_TIMEOUT, connect.delay());
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        assertTrue(m.onNotification(1, looking(2, 0x100000005L, 1, 1)).decision().isEmpty(),
                "3 may still be connecting");
        assertEquals(Decision.Path.ALL_REACHABLE_VOTED,
                afterGrace(m, m.onTimeout(TimerKind.CONNECT_TIMEOUT, connect.generation())).path());
    }

    @Test
    void reElection_withDecideWhenAllVotedOff_keepsZooKeepersFinalizeWait() {
        ElectionStateMachine m = machine(2, false);
        m.onPeerDisconnected(3);
        Output start = m.startLooking();
        assertTrue(start.timers().stream().noneMatch(t -> t.kind() == TimerKind.CONNECT_TIMEOUT));
        m.onNotification(2, looking(2, 0x100000005L, 1, 1));
        assertTrue(m.onNotification(1, looking(2, 0x100000005L, 1, 1)).decision().isEmpty());
        assertTrue(m.onPeerDisconnected(1).decision().isEmpty());
    }

    @Test
    void notificationTimeout_rebroadcastsReconnectsAndDoublesUpTo60s() {
        // Spec: docs/protocol.md "Timers"
        ElectionStateMachine m = machine(1, true);
        TimerCommand.Arm t = armed(m.startLooking(), TimerKind.NOTIFICATION);
        for (long expected : new long[] {400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000}) {
            Output out = m.onTimeout(TimerKind.NOTIFICATION, t.generation());
            assertTrue(out.connectAll());
            assertEquals(Set.of(1L, 2L, 3L), destinations(out));
            t = armed(out, TimerKind.NOTIFICATION);
            assertEquals(Duration.ofMillis(expected), t.delay());
        }
        assertEquals(Output.NONE, m.onTimeout(TimerKind.NOTIFICATION, t.generation() - 1));
    }

    @Test
    void outOfElection_joinsEstablishedLeaderOnlyWithItsLeadingVote() {
        // Spec: docs/protocol.md "A FOLLOWING or LEADING notification" step 2, checkLeader (ZOOKEEPER-975), FLERestartTest
        ElectionStateMachine m = machine(1, true);
        m.startLooking();
        Notification following = Notification.of(PeerState.FOLLOWING, 3, 0x200000000L, 9, 2, CONFIG);
        assertTrue(m.onNotification(2, following).decision().isEmpty(), "no LEADING vote from 3 yet");
        Notification leading = Notification.of(PeerState.LEADING, 3, 0x200000007L, 8, 2, CONFIG);
        Decision d = m.onNotification(3, leading).decision().orElseThrow();
        assertEquals(Decision.Path.OUT_OF_ELECTION, d.path());
        assertEquals(PeerState.FOLLOWING, d.role());
        assertEquals(8, m.logicalClock(), "adopts the leader's round, here backwards");
    }

    @Test
    void backwardElectionRound_staleFollowersOfMeDoNotMakeMeLeader() {
        // Spec: docs/protocol.md "A FOLLOWING or LEADING notification" checkLeader, ZOOKEEPER-1514, FLEBackwardElectionRoundTest
        ElectionStateMachine m = machine(1, true);
        m.startLooking();
        m.setLogicalClock(1);
        m.onNotification(3, looking(3, 0x100000005L, 2, 1)); // now in round 2
        Notification f2 = Notification.of(PeerState.FOLLOWING, 1, 0x100000005L, 1, 1, CONFIG);
        assertTrue(m.onNotification(2, f2).decision().isEmpty());
        assertTrue(m.onNotification(3, f2).decision().isEmpty());
        assertEquals(PeerState.LOOKING, m.state());
    }

    @Test
    void untrustedDatabase_ignoresAndIsIgnoredInLookingExchanges() {
        // Spec: docs/protocol.md "A LOOKING notification" steps 1-2 (ZOOKEEPER-261)
        ElectionStateMachine minusOne = new ElectionStateMachine(new FleSettings(1, Q3, Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofSeconds(60), true, false), 1, -1);
        minusOne.startLooking();
        minusOne.onNotification(3, looking(3, 0x100000005L, 1, 1));
        assertEquals(1, minusOne.proposal().leader());
        ElectionStateMachine m = machine(1, true);
        m.startLooking();
        m.onNotification(3, looking(3, -1, 1, 9));
        assertEquals(1, m.proposal().leader());
    }

    @Test
    void notLooking_answersLookingVotersWithCurrentVoteAndIgnoresOthers() {
        // Spec: docs/protocol.md "Receiving a notification" step 6
        ElectionStateMachine m = machine(3, true);
        m.startLooking();
        m.onNotification(3, looking(3, 0x100000005L, 1, 1));
        m.onNotification(2, looking(3, 0x100000005L, 1, 1));
        assertTrue(m.onNotification(1, looking(3, 0x100000005L, 1, 1)).decision().isPresent(), "all voted");
        m.setState(PeerState.LEADING, new Vote(3, 0x100000005L, 1, 2, PeerState.LEADING));
        Output out = m.onNotification(1, looking(1, 0, 6, 0));
        assertEquals(new Outbound(1, Notification.of(PeerState.LEADING, 3, 0x100000005L, 1, 2, CONFIG)),
                out.messages().get(0));
        assertTrue(m.onNotification(2, Notification.of(PeerState.FOLLOWING, 3, 0, 1, 2, CONFIG)).isEmpty());
    }

    @Test
    void nonVoter_isAnsweredWithLogicalClockAndRateLimited() {
        // Spec: docs/protocol.md "Receiving a notification" step 3 and its ping-pong hazard
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        Notification fromObserver = Notification.of(PeerState.OBSERVING, 3, 5, 1, 1, CONFIG);
        Output first = m.onNotification(4, fromObserver);
        assertEquals(new Outbound(4, Notification.of(PeerState.LOOKING, 2, 0x100000005L, 1, 1, CONFIG)),
                first.messages().get(0));
        long window = armed(first, TimerKind.NON_VOTER_REPLY).generation();
        assertTrue(m.onNotification(4, fromObserver).messages().isEmpty());
        assertTrue(m.onNotification(4, fromObserver).messages().isEmpty());
        Output flushed = m.onTimeout(TimerKind.NON_VOTER_REPLY, window);
        assertEquals(List.of(4L), flushed.messages().stream().map(Outbound::sid).toList(), "one deferred reply");
        Output quiet = m.onTimeout(TimerKind.NON_VOTER_REPLY, armed(flushed, TimerKind.NON_VOTER_REPLY).generation());
        assertTrue(quiet.messages().isEmpty() && quiet.timers().isEmpty());
    }

    @Test
    void nonVoterRateLimit_isPerNonVoter_anotherOneIsAnsweredAtOnceInTheSameWindow() {
        // Spec: docs/protocol.md "Receiving a notification" step 2: one reply per non-voter per interval
        QuorumVerifier q = Quorums.majority(3, 2); // voters 1-3, observers 4 and 5
        ElectionStateMachine m = new ElectionStateMachine(new FleSettings(2, q, Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofSeconds(60), true, false), 1, 0x100000005L);
        m.startLooking();
        String config = q.toConfigString();
        Output first = m.onNotification(4, Notification.of(PeerState.OBSERVING, 3, 5, 1, 1, config));
        long window = armed(first, TimerKind.NON_VOTER_REPLY).generation();
        Output other = m.onNotification(5, Notification.of(PeerState.OBSERVING, 3, 5, 1, 1, config));
        assertEquals(List.of(5L), other.messages().stream().map(Outbound::sid).toList(), "not held back by 4's window");
        assertTrue(other.timers().isEmpty(), "the open window is not moved");
        assertTrue(m.onNotification(4, Notification.of(PeerState.OBSERVING, 3, 5, 1, 1, config)).messages().isEmpty());
        Output closed = m.onTimeout(TimerKind.NON_VOTER_REPLY, window);
        assertEquals(List.of(4L), closed.messages().stream().map(Outbound::sid).toList());
        assertTrue(m.onNotification(4, Notification.of(PeerState.OBSERVING, 3, 5, 1, 1, config)).messages().isEmpty(),
                "answered when the window closed: the next reply waits for the next window");
    }

    @Test
    void lookingNonVoter_isAnsweredWhenThisPeerDecides() {
        // Spec: docs/protocol.md "Receiving a notification" step 2: while both look, the reply waits for the decision
        QuorumVerifier q = Quorums.majority(3, 2);
        String config = q.toConfigString();
        ElectionStateMachine m = new ElectionStateMachine(new FleSettings(2, q, Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofSeconds(60), true, false), 1, 0x100000005L);
        m.startLooking();
        Output held = m.onNotification(4,
                Notification.of(PeerState.LOOKING, Long.MIN_VALUE, Long.MIN_VALUE, 1, Long.MIN_VALUE, config));
        assertTrue(held.messages().isEmpty(), "both look: my vote is not final, the reply waits for my decision");
        assertEquals(List.of(5L), m.onNotification(5, Notification.of(PeerState.OBSERVING, 3, 0, 1, 1, config))
                .messages().stream().map(Outbound::sid).toList(), "a non-voter that does not look is answered at once");
        m.onNotification(3, Notification.of(PeerState.LOOKING, 3, 0x100000005L, 1, 1, config));
        m.onNotification(2, Notification.of(PeerState.LOOKING, 3, 0x100000005L, 1, 1, config));
        Output decided = m.onNotification(1, Notification.of(PeerState.LOOKING, 3, 0x100000005L, 1, 1, config));
        assertTrue(decided.decision().isPresent(), "all voted");
        assertEquals(List.of(new Outbound(4, Notification.of(PeerState.FOLLOWING, 3, 0x100000005L, 1, 1, config))),
                decided.messages().stream().filter(o -> o.sid() > 3).toList(), "only the looking observer, once");
        m.setState(PeerState.FOLLOWING, decided.decision().orElseThrow().vote());
        m.startLooking();
        Output again = m.onNotification(3, Notification.of(PeerState.LOOKING, 3, 0x100000005L, 2, 1, config));
        assertTrue(again.messages().stream().noneMatch(o -> o.sid() > 3), "told once: the set is cleared");
    }

    @Test
    void unknownStateCode_droppedFromVotersAnsweredForNonVoters() {
        // Spec: docs/protocol.md "Decoding shorter notifications" notes, docs/protocol.md "Receiving a notification" steps 3-4
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        assertEquals(Output.NONE, m.onUnknownState(3));
        assertEquals(List.of(4L), m.onUnknownState(4).messages().stream().map(Outbound::sid).toList());
    }

    @Test
    void observer_broadcastsOnlyToVotersAndEndsObserving() {
        // Spec: docs/protocol.md "Observers"
        ElectionStateMachine obs = machine(4, true);
        Output out = obs.startLooking();
        assertEquals(Set.of(1L, 2L, 3L), destinations(out));
        assertEquals(Long.MIN_VALUE, out.messages().get(0).notification().leader());
        obs.onNotification(1, Notification.of(PeerState.FOLLOWING, 3, 0, 1, 2, CONFIG));
        Decision d = obs.onNotification(3, Notification.of(PeerState.LEADING, 3, 0, 1, 2, CONFIG)).decision()
                .orElseThrow();
        assertEquals(PeerState.OBSERVING, d.role());
    }

    @Test
    void newerConfigVersion_isIgnoredAndNeverRestartsTheElection() {
        // Spec: docs/protocol.md "The config payload", docs/protocol.md "What Ballot sends"
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        Output out = m.onNotification(3, Notification.of(PeerState.LOOKING, 3, 0x100000005L, 1, 1,
                "server.1=127.0.0.1:1:2:participant\nversion=100000000"));
        assertEquals(List.of(new ElectionEvent.ConfigMismatch(3, ConfigVersionRule.Action.IGNORE_NEWER, Q3.version())),
                out.events(ElectionEvent.ConfigMismatch.class));
        assertEquals(3, m.proposal().leader(), "the notification itself is still processed");
        assertTrue(m.isElecting());
    }

    @Test
    void illegalInputsAreRejected() {
        ElectionStateMachine m = machine(2, true);
        m.startLooking();
        assertThrows(IllegalStateException.class, m::startLooking);
        assertThrows(IllegalStateException.class,
                () -> m.setState(PeerState.FOLLOWING, new Vote(3, 0, 1, 1, PeerState.FOLLOWING)));
        assertThrows(IllegalArgumentException.class,
                () -> m.setState(PeerState.LOOKING, new Vote(3, 0, 1, 1, PeerState.LOOKING)));
        assertEquals(Output.NONE, m.onPeerConnected(3), "FLE does not react to connections");
    }

    /** Machine 2 after round 1 decided leader 3 (FOLLOWING), through the finalize wait. */
    private static ElectionStateMachine followingThree() {
        ElectionStateMachine m = machine(2, false);
        m.startLooking();
        m.onNotification(3, looking(3, 0x100000005L, 1, 1));
        Output q = m.onNotification(2, looking(3, 0x100000005L, 1, 1));
        m.onTimeout(TimerKind.FINALIZE, armed(q, TimerKind.FINALIZE).generation());
        assertEquals(PeerState.FOLLOWING, m.state());
        return m;
    }

    @Test
    void whileFollowing_aLaterRoundsLookingVoteIsKept_andCountsWhenTheNextElectionStarts() {
        // docs/protocol.md "The LOOKING loop": a voter that already looks in a later round does not repeat its
        // vote when this peer starts late (its leader's leave reached it later); the vote is kept, not lost
        ElectionStateMachine m = followingThree();
        Output reply = m.onNotification(1, looking(1, 0x200000000L, 2, 2)); // 1 has more history: the best vote
        assertEquals(List.of(new Outbound(1, Notification.of(PeerState.FOLLOWING, 3, 0x100000005L, 1, 1, CONFIG))),
                reply.messages(), "still answered with the current vote");
        assertEquals(Duration.ofMillis(400), armed(reply, TimerKind.EARLY_NOTIFICATIONS).delay());
        Output start = m.startLooking();
        assertEquals(2, m.logicalClock());
        assertEquals(1, m.proposal().leader(), "the kept vote beats this peer's initial vote at once");
        assertTrue(start.messages().stream().anyMatch(o -> o.notification().leader() == 1), "and is sent on");
    }

    @Test
    void whileFollowing_keptVotesExpire_andVotesOfOldRoundsAreNotKept() {
        ElectionStateMachine m = followingThree();
        Output kept = m.onNotification(1, looking(1, 0x200000000L, 2, 2));
        m.onTimeout(TimerKind.EARLY_NOTIFICATIONS, armed(kept, TimerKind.EARLY_NOTIFICATIONS).generation());
        m.startLooking();
        assertEquals(2, m.proposal().leader(), "an expired vote is not used");

        ElectionStateMachine n = followingThree();
        Output old = n.onNotification(1, looking(1, 0x200000000L, 1, 2)); // round 1: the decided round
        assertTrue(old.timers().isEmpty(), "a vote of this peer's own (decided) round is only answered");
        n.startLooking();
        assertEquals(2, n.proposal().leader());
    }

    private static List<ElectionEvent.LeaderLooking> leaderLooking(Output out) {
        return out.events().stream().filter(e -> e instanceof ElectionEvent.LeaderLooking)
                .map(ElectionEvent.LeaderLooking.class::cast).toList();
    }

    @Test
    void whileFollowing_theLeaderProposingAnotherPeerOrLookingInALaterRound_isReported() {
        // docs/protocol.md "A leader that looks": 2 follows 3, decided in round 1
        ElectionStateMachine m = followingThree();
        assertTrue(leaderLooking(m.onNotification(3, looking(3, 0x100000005L, 1, 1))).isEmpty(),
                "the leader repeating its vote for itself shows nothing");
        assertTrue(leaderLooking(m.onNotification(1, looking(1, 0x200000000L, 2, 2))).isEmpty(), "not the leader");
        List<ElectionEvent.LeaderLooking> other = leaderLooking(m.onNotification(3, looking(1, 0x200000000L, 1, 2)));
        assertEquals(List.of(List.of(3L, 1L, 1L)), other.stream()
                .map(l -> List.of(l.leader(), l.round(), l.proposal().leader())).toList(), "proposes another peer");
        assertEquals(1, leaderLooking(m.onNotification(3, looking(3, 0x100000005L, 2, 1))).size(), "a later round");
    }
}
