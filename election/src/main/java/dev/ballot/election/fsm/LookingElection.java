package dev.ballot.election.fsm;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.TraceEvent.ProposalRule;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One run of FLE's main loop (docs/protocol.md "The LOOKING loop"-docs/protocol.md "A FOLLOWING or LEADING notification", ZooKeeper's {@code lookForLeader}), from entering
 * LOOKING to a decision. Holds the per-election data; the enclosing {@link ElectionStateMachine}
 * holds what outlives an election. Not thread-safe.
 */
final class LookingElection {
    private final ElectionStateMachine owner;
    private final long myId;
    private final QuorumVerifier quorum;
    private final FleSettings settings;
    /** This election's initial vote (docs/protocol.md "The initial vote"); rule 3.3 compares against it. */
    private final Vote initial;
    /** Votes of the current round by sid (docs/protocol.md "Election state" recvset). */
    private final Map<Long, Vote> recvset = new HashMap<>();
    /** FOLLOWING/LEADING votes of any round by sid (docs/protocol.md "Election state" outofelection). */
    private final Map<Long, Vote> outOfElection = new HashMap<>();
    /** The proposal: leader, zxid, peerEpoch (electionEpoch unused), state LOOKING. */
    private Vote proposal;
    /** The current notification wait (docs/protocol.md "Timers"); doubles on each timeout, never reset within an election. */
    private Duration interval;
    /** Timeouts so far (feeds the optional jitter). */
    private long timeouts;
    /** Electors when the finalize wait started; null when not finalizing. */
    private Set<Long> finalizeElectors;
    /**
     * The running finalize wait is the short grace of {@link FleSettings#reachableGrace()}: every voter not known
     * down agreed, so only a returning voter's vote could still change the outcome.
     */
    private boolean graceWait;
    /** Rounds this election went through. */
    private int roundsObserved = 1;

    LookingElection(ElectionStateMachine owner, Vote initial) {
        this.owner = owner;
        this.myId = owner.myId();
        this.settings = owner.settings();
        this.quorum = settings.quorum();
        this.initial = initial;
        this.proposal = initial;
        this.interval = settings.minNotificationInterval();
    }

    Vote proposal() {
        return new Vote(proposal.leader(), proposal.zxid(), owner.logicalClock(), proposal.peerEpoch(),
                PeerState.LOOKING);
    }

    void start(Actions out) {
        broadcast(out);
        armNotificationTimer(out);
    }

    /** A notification from a voter while I am LOOKING (what ZooKeeper's receiver queues for the main loop). */
    void onNotification(long from, Notification n, Actions out) {
        if (finalizeElectors != null) {
            if (!FleRules.beats(n.vote(), proposal, quorum)) {
                onNotBetterWhileFinalizing(from, n, out);
                return;
            }
            out.event(new ElectionEvent.FinalizeWaitAbandoned(from, n.vote()));
            finalizeElectors = null;
            graceWait = false;
            owner.cancel(out, TimerKind.FINALIZE);
        }
        dispatch(from, n, out);
        if (owner.isElecting() && finalizeElectors == null) {
            armNotificationTimer(out);
        }
    }

    /**
     * ZooKeeper drops a notification that does not beat the proposal during the finalize wait. Ballot
     * drops it too, except that with {@code decideWhenAllVoted} a same-round LOOKING vote equal to the
     * proposal is recorded, so the last voter's agreement can end the wait early (same decided vote).
     */
    private void onNotBetterWhileFinalizing(long from, Notification n, Actions out) {
        Vote ref = proposal();
        Vote v = new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), PeerState.LOOKING);
        if (settings.decideWhenAllVoted() && n.state() == PeerState.LOOKING && v.matches(ref)) {
            recvset.put(from, v);
            decideEarlyIfAllReachableVoted(out);
            return;
        }
        out.event(new ElectionEvent.VoteRejected(from, n.state(), n.vote(),
                ElectionEvent.RejectReason.NOT_BETTER_WHILE_FINALIZING));
    }

    /**
     * A voter's link went down or came up, or the connect timeout passed: during a finalize wait, that may decide,
     * shorten the wait to the grace, or (a voter counted down is back) lengthen it to the whole finalize wait again.
     */
    void onLinksChanged(Actions out) {
        if (finalizeElectors != null) {
            decideEarlyIfAllReachableVoted(out);
        }
    }

    private void decideEarlyIfAllReachableVoted(Actions out) {
        Vote ref = proposal();
        Decision.Path path = earlyPath(ref);
        if (decidesAtOnce(path)) {
            decide(ref, FleRules.electors(recvset, ref, quorum), path, out);
        } else if (path == Decision.Path.ALL_REACHABLE_VOTED && !graceWait) {
            graceWait = true;
            owner.arm(out, TimerKind.FINALIZE, settings.reachableGrace());
            out.event(new ElectionEvent.FinalizeWaitStarted(ref, settings.reachableGrace()));
        } else if (path == null && graceWait) {
            graceWait = false;
            owner.arm(out, TimerKind.FINALIZE, settings.finalizeWait());
            out.event(new ElectionEvent.FinalizeWaitStarted(ref, settings.finalizeWait()));
        }
    }

    /** Every voter agreed, or only known-down voters are missing and there is no grace to wait. */
    private boolean decidesAtOnce(Decision.Path path) {
        return path == Decision.Path.ALL_VOTED
                || (path == Decision.Path.ALL_REACHABLE_VOTED && settings.reachableGrace().isZero());
    }

    /**
     * With {@code decideWhenAllVoted}, the path that decides without (the rest of) the finalize wait, or
     * null for ZooKeeper's rule. The caller has checked that the votes equal to {@code ref} form a quorum.
     */
    private Decision.Path earlyPath(Vote ref) {
        if (!settings.decideWhenAllVoted()) {
            return null;
        }
        if (FleRules.allVoted(recvset, ref, quorum)) {
            return Decision.Path.ALL_VOTED;
        }
        return FleRules.allReachableVoted(recvset, ref, quorum, owner::knownDown)
                ? Decision.Path.ALL_REACHABLE_VOTED : null;
    }

    /**
     * On a notification timeout ZooKeeper either re-broadcasts (when {@code haveDelivered()}: any send queue is
     * empty) or reconnects (docs/protocol.md "Timers", docs/protocol.md "Where Ballot differs"). Ballot always does both, deliberately: a re-broadcast is
     * harmless under newest-wins send queues (a receiver treats a repeated vote as no news), and connectAll only
     * dials links that are down, so the pair is never worse than either branch; {@code haveDelivered()}'s
     * "any queue empty" says nothing about the peers that matter. The doubling wait bounds both.
     */
    void onTimeout(TimerKind kind, Actions out) {
        if (kind == TimerKind.FINALIZE && finalizeElectors != null) {
            decide(proposal(), finalizeElectors, graceWait ? Decision.Path.ALL_REACHABLE_VOTED
                    : Decision.Path.FINALIZE_WAIT, out);
        } else if (kind == TimerKind.NOTIFICATION && finalizeElectors == null) {
            broadcast(out);
            out.connectAll();
            timeouts++;
            interval = FleRules.nextInterval(interval, settings.maxNotificationInterval());
            armNotificationTimer(out);
        }
    }

    /** docs/protocol.md "The LOOKING loop": filter, then one handler per sender state. */
    private void dispatch(long from, Notification n, Actions out) {
        if (!owner.isVoter(n.leader())) {
            out.event(new ElectionEvent.VoteRejected(from, n.state(), n.vote(),
                    ElectionEvent.RejectReason.LEADER_NOT_A_VOTER));
            return;
        }
        switch (n.state()) {
            case LOOKING -> onLooking(from, n, out);
            case FOLLOWING, LEADING -> onElected(from, n, out);
            case OBSERVING -> out.event(new ElectionEvent.VoteRejected(from, n.state(), n.vote(),
                    ElectionEvent.RejectReason.OBSERVING_SENDER));
        }
    }

    /** docs/protocol.md "A LOOKING notification". */
    private void onLooking(long from, Notification n, Actions out) {
        ElectionEvent.RejectReason reject = FleRules.rejectLooking(initial.zxid(), n.zxid());
        if (reject != null) {
            out.event(new ElectionEvent.VoteRejected(from, n.state(), n.vote(), reject));
            return;
        }
        Vote received = n.vote();
        switch (FleRules.compareRound(n.electionEpoch(), owner.logicalClock())) {
            case AHEAD -> {
                Vote before = proposal();
                owner.setLogicalClock(n.electionEpoch());
                roundsObserved++;
                recvset.clear();
                proposal = FleRules.proposalOnNewRound(received, initial, quorum);
                out.event(new ElectionEvent.ProposalChanged(before, proposal(), ProposalRule.NEWER_ROUND));
                broadcast(out);
            }
            case BEHIND -> {
                out.event(new ElectionEvent.VoteRejected(from, n.state(), n.vote(),
                        ElectionEvent.RejectReason.OLDER_ROUND));
                return;
            }
            case SAME -> {
                Vote recorded = recvset.get(from);
                if (recorded != null && recorded.state() == PeerState.LOOKING
                        && FleRules.beats(recorded, received, quorum)) {
                    out.event(new ElectionEvent.VoteRejected(from, n.state(), n.vote(),
                            ElectionEvent.RejectReason.STALE_IN_ROUND));
                    return;
                }
                if (FleRules.beats(received, proposal, quorum)) {
                    Vote before = proposal();
                    proposal = received;
                    out.event(new ElectionEvent.ProposalChanged(before, proposal(), ProposalRule.BETTER_VOTE));
                    broadcast(out);
                }
            }
        }
        recvset.put(from, new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), PeerState.LOOKING));
        checkLookingQuorum(out);
    }

    /** docs/protocol.md "A LOOKING notification" step 7, plus {@code decideWhenAllVoted}. */
    private void checkLookingQuorum(Actions out) {
        Vote ref = proposal();
        Set<Long> electors = FleRules.electors(recvset, ref, quorum);
        if (!quorum.containsQuorum(electors)) {
            return;
        }
        Decision.Path early = earlyPath(ref);
        if (decidesAtOnce(early)) {
            decide(ref, electors, early, out);
            return;
        }
        // every voter not known down agreed: wait only the grace, in case a voter counted down is just coming back
        graceWait = early == Decision.Path.ALL_REACHABLE_VOTED;
        Duration wait = graceWait ? settings.reachableGrace() : settings.finalizeWait();
        finalizeElectors = electors;
        owner.cancel(out, TimerKind.NOTIFICATION);
        owner.arm(out, TimerKind.FINALIZE, wait);
        out.event(new ElectionEvent.QuorumReached(ref, electors));
        out.event(new ElectionEvent.FinalizeWaitStarted(ref, wait));
    }

    /** docs/protocol.md "A FOLLOWING or LEADING notification": FOLLOWING or LEADING notification. */
    private void onElected(long from, Notification n, Actions out) {
        Vote ref = n.vote();
        Vote decided = new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), PeerState.LOOKING);
        if (n.electionEpoch() == owner.logicalClock()) {
            recvset.put(from, new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), n.state()));
            if (quorum.containsQuorum(FleRules.electors(recvset, ref, quorum))
                    && FleRules.checkLeader(recvset, n.leader(), n.electionEpoch(), myId, owner.logicalClock())) {
                decide(decided, FleRules.electors(recvset, ref, quorum), Decision.Path.SAME_ROUND_ELECTED, out);
                return;
            }
        }
        outOfElection.put(from, ref);
        Set<Long> electors = FleRules.electors(outOfElection, ref, quorum);
        if (quorum.containsQuorum(electors)
                && FleRules.checkLeader(outOfElection, n.leader(), n.electionEpoch(), myId, owner.logicalClock())) {
            owner.setLogicalClock(n.electionEpoch());
            decide(decided, electors, Decision.Path.OUT_OF_ELECTION, out);
        }
    }

    private void decide(Vote vote, Set<Long> electors, Decision.Path path, Actions out) {
        if (path != Decision.Path.FINALIZE_WAIT) { // the finalize wait reported its quorum when it started
            out.event(new ElectionEvent.QuorumReached(vote, electors));
        }
        PeerState role = FleRules.roleFor(vote.leader(), myId, owner.learnerType());
        Vote result = new Vote(vote.leader(), vote.zxid(), vote.electionEpoch(), vote.peerEpoch(), role);
        owner.decide(new Decision(result, role, owner.logicalClock(), electors, path, roundsObserved), out);
    }

    /** docs/protocol.md "The initial vote": LOOKING notification to every voter, including myself when I am one. */
    private void broadcast(Actions out) {
        Notification n = Notification.of(PeerState.LOOKING, proposal.leader(), proposal.zxid(),
                owner.logicalClock(), proposal.peerEpoch(), owner.configText());
        for (Long sid : quorum.votingMembers().keySet()) {
            out.send(new Outbound(sid, n));
        }
    }

    private void armNotificationTimer(Actions out) {
        owner.arm(out, TimerKind.NOTIFICATION,
                FleRules.jittered(interval, settings.notificationJitter(), myId, owner.logicalClock(), timeouts));
    }
}
