package dev.ballot.election;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent.ProposalRule;
import dev.ballot.core.trace.Tracer;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.ElectionStateMachine;
import dev.ballot.election.fsm.Outbound;
import dev.ballot.election.fsm.Output;
import dev.ballot.election.fsm.TimerCommand;
import dev.ballot.election.fsm.TimerKind;
import dev.ballot.election.fsm.Transition;

import java.time.Duration;
import java.util.Objects;

/**
 * Feeds an {@link ElectionStateMachine} and turns what each input did into trace events, so every
 * runner of the state machine (the {@link Election} driver, the simulator) emits the same events.
 * Call these methods instead of the state machine's own; they return the state machine's
 * {@link Output} unchanged. When the tracer is disabled they only forward.
 *
 * <p>What is derived from each input, in this order: {@code notification_received} (the input);
 * {@code role_changed} and {@code election_started} (entering LOOKING; the initial vote is the
 * first broadcast); {@code finalize_wait_abandoned} (the finalize timer cancelled without a
 * decision); {@code proposal_changed} (the proposal differs afterwards; a higher round means
 * {@link ProposalRule#NEWER_ROUND}); {@code notification_sent} (each message); {@code quorum_reached}
 * and {@code finalize_wait_started} (the finalize timer armed); {@code quorum_reached} (for a
 * decision not made by a finalize wait), {@code decided} and {@code role_changed} (a decision).
 * The duration and counts in {@code decided} are measured with the tracer's ticker from the
 * election's start.
 *
 * <p><b>Not thread-safe</b>: confine it, like the state machine, to one thread.
 */
public final class ElectionTracing {
    private final ElectionStateMachine fsm;
    private final Tracer tracer;
    /** Ticker value when the running election started. */
    private long startNanos;
    /** Notifications received and sent since the running election started. */
    private long received;
    private long sent;

    /**
     * @param fsm    the state machine to feed
     * @param tracer where the events go (its sid should be the state machine's)
     */
    public ElectionTracing(ElectionStateMachine fsm, Tracer tracer) {
        this.fsm = Objects.requireNonNull(fsm, "fsm");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** The tracer events go to. */
    public Tracer tracer() {
        return tracer;
    }

    /** {@link ElectionStateMachine#startLooking()}, traced. */
    public Output startLooking() {
        if (!tracer.enabled()) {
            return fsm.startLooking();
        }
        startNanos = tracer.now();
        received = 0;
        sent = 0;
        PeerState from = fsm.state();
        Output out = fsm.startLooking();
        if (from != PeerState.LOOKING) {
            tracer.roleChanged(from, PeerState.LOOKING);
        }
        Vote initial = out.messages().isEmpty() ? fsm.proposal() : lookingVote(out.messages().get(0).notification());
        tracer.electionStarted(initial.electionEpoch(), initial);
        afterInput(out, initial, -1, null);
        if (out.decision().isPresent()) { // notifications queued before the start can decide at once
            out.transition().ifPresent(this::roleChanged);
        }
        return out;
    }

    /** {@link ElectionStateMachine#onNotification(long, Notification)}, traced. */
    public Output onNotification(long from, Notification n) {
        if (!tracer.enabled()) {
            return fsm.onNotification(from, n);
        }
        tracer.notificationReceived(from, n);
        Vote before = null;
        if (fsm.isElecting()) {
            received++;
            before = fsm.proposal();
        }
        Output out = fsm.onNotification(from, n);
        afterInput(out, before, from, n);
        out.transition().ifPresent(this::roleChanged);
        return out;
    }

    /** {@link ElectionStateMachine#onTimeout(TimerKind, long)}, traced. */
    public Output onTimeout(TimerKind kind, long generation) {
        if (!tracer.enabled()) {
            return fsm.onTimeout(kind, generation);
        }
        Vote before = fsm.isElecting() ? fsm.proposal() : null;
        Output out = fsm.onTimeout(kind, generation);
        afterInput(out, before, -1, null);
        out.transition().ifPresent(this::roleChanged);
        return out;
    }

    /** {@link ElectionStateMachine#onPeerConnected(long)}, traced. */
    public Output onPeerConnected(long sid) {
        return fsm.onPeerConnected(sid);
    }

    /** {@link ElectionStateMachine#onPeerDisconnected(long)}, traced (a known-down voter may let it decide). */
    public Output onPeerDisconnected(long sid) {
        if (!tracer.enabled()) {
            return fsm.onPeerDisconnected(sid);
        }
        Vote before = fsm.isElecting() ? fsm.proposal() : null;
        Output out = fsm.onPeerDisconnected(sid);
        afterInput(out, before, -1, null);
        out.transition().ifPresent(this::roleChanged);
        return out;
    }

    /** {@link ElectionStateMachine#setState(PeerState, Vote)}, traced. */
    public Output setState(PeerState state, Vote vote) {
        Output out = fsm.setState(state, vote);
        if (tracer.enabled()) {
            out.transition().ifPresent(this::roleChanged);
        }
        return out;
    }

    /** Everything but the input and the transition: abandon, proposal, sends, timers, decision. */
    private void afterInput(Output out, Vote before, long from, Notification input) {
        boolean decided = out.decision().isPresent();
        boolean finalizeCancelled = out.timers().stream()
                .anyMatch(t -> t instanceof TimerCommand.Cancel c && c.kind() == TimerKind.FINALIZE);
        if (finalizeCancelled && !decided && input != null) {
            tracer.finalizeWaitAbandoned(from, input.vote());
        }
        if (before != null && fsm.isElecting()) {
            Vote after = fsm.proposal();
            if (!after.equals(before)) {
                ProposalRule rule = after.electionEpoch() > before.electionEpoch()
                        ? ProposalRule.NEWER_ROUND : ProposalRule.BETTER_VOTE;
                tracer.proposalChanged(before, after, rule);
            }
        }
        for (Outbound m : out.messages()) {
            sent++;
            tracer.notificationSent(m.sid(), m.notification());
        }
        for (TimerCommand t : out.timers()) {
            if (t instanceof TimerCommand.Arm arm && arm.kind() == TimerKind.FINALIZE) {
                Vote proposal = fsm.proposal();
                tracer.quorumReached(proposal, fsm.finalizeElectors());
                tracer.finalizeWaitStarted(proposal, arm.delay());
            }
        }
        out.decision().ifPresent(this::decided);
    }

    private void decided(Decision d) {
        if (d.path() != Decision.Path.FINALIZE_WAIT) {
            tracer.quorumReached(d.vote(), d.electors());
        }
        tracer.decided(d.vote(), d.role(), Duration.ofNanos(tracer.now() - startNanos), d.roundsObserved(),
                received, sent);
    }

    private void roleChanged(Transition t) {
        if (t.from() != t.to()) {
            tracer.roleChanged(t.from(), t.to());
        }
    }

    /** The vote a LOOKING notification carries, as a vote this peer built (version 0). */
    private static Vote lookingVote(Notification n) {
        return new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), PeerState.LOOKING);
    }
}
