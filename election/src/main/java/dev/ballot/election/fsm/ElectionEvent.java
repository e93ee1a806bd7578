package dev.ballot.election.fsm;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent.ProposalRule;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What happened inside the state machine on one input, in the order it happened ({@link Output#events()}).
 * Events carry no time: the runner (the election driver, the simulator) stamps them when it maps each one
 * to a log line and a trace event. A notification to send is an event too ({@link Outbound}), so sends keep
 * their place among the other events.
 */
public sealed interface ElectionEvent permits ElectionEvent.ElectionStarted, ElectionEvent.ProposalChanged,
        ElectionEvent.VoteRejected, ElectionEvent.QuorumReached, ElectionEvent.FinalizeWaitStarted,
        ElectionEvent.FinalizeWaitAbandoned, ElectionEvent.Decided, ElectionEvent.StateChanged,
        ElectionEvent.VoteUpdated, ElectionEvent.ConfigMismatch, ElectionEvent.NonVoterReplyDeferred,
        ElectionEvent.LeaderLooking, Outbound {

    /** An election started in {@code round} with {@code initialVote} as the first proposal. */
    record ElectionStarted(long round, Vote initialVote) implements ElectionEvent {
        public ElectionStarted {
            Objects.requireNonNull(initialVote, "initialVote");
        }
    }

    /** The proposal changed, by the better-vote rule or by adopting a newer round. */
    record ProposalChanged(Vote previous, Vote proposal, ProposalRule rule) implements ElectionEvent {
        public ProposalChanged {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** Why a voter's notification did not count while LOOKING. */
    enum RejectReason {
        /** The proposed leader is not a voter of the committed config (docs/protocol.md "The LOOKING loop"). */
        LEADER_NOT_A_VOTER,
        /** My database is untrusted (zxid -1): LOOKING notifications are ignored (docs/protocol.md "A LOOKING notification" step 1). */
        MY_DATABASE_UNTRUSTED,
        /** The sender proposes zxid -1 (docs/protocol.md "A LOOKING notification" step 2). */
        SENDER_DATABASE_UNTRUSTED,
        /** A LOOKING notification of an older round (already answered, docs/protocol.md "A LOOKING notification" step 4). */
        OLDER_ROUND,
        /** An OBSERVING notification: observers do not vote. */
        OBSERVING_SENDER,
        /** Not better than the proposal during the finalize wait: dropped, as ZooKeeper drops it. */
        NOT_BETTER_WHILE_FINALIZING,
        /**
         * Worse than the vote already received from that sender in this round. A peer's proposal only grows within
         * a round, so the frame is an older one that arrived late (it was in flight on a connection being replaced);
         * letting it overwrite the sender's vote would un-count an agreeing voter.
         */
        STALE_IN_ROUND
    }

    /** A notification from voter {@code from} (in {@code senderState}, proposing {@code vote}) did not count. */
    record VoteRejected(long from, PeerState senderState, Vote vote, RejectReason reason) implements ElectionEvent {
        public VoteRejected {
            Objects.requireNonNull(senderState, "senderState");
            Objects.requireNonNull(vote, "vote");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The votes of {@code electors} equal {@code proposal} and form a quorum. */
    record QuorumReached(Vote proposal, Set<Long> electors) implements ElectionEvent {
        public QuorumReached {
            Objects.requireNonNull(proposal, "proposal");
            electors = Set.copyOf(electors);
        }
    }

    /** The finalize wait of {@code delay} started for {@code proposal}. */
    record FinalizeWaitStarted(Vote proposal, Duration delay) implements ElectionEvent {
        public FinalizeWaitStarted {
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** A better vote from {@code from} abandoned the finalize wait. */
    record FinalizeWaitAbandoned(long from, Vote better) implements ElectionEvent {
        public FinalizeWaitAbandoned {
            Objects.requireNonNull(better, "better");
        }
    }

    /** The election decided. */
    record Decided(Decision decision) implements ElectionEvent {
        public Decided {
            Objects.requireNonNull(decision, "decision");
        }
    }

    /** The election state changed ({@code from != to}) in {@code round}. */
    record StateChanged(PeerState from, PeerState to, long round) implements ElectionEvent {
        public StateChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * While this peer follows (or observes) {@code leader}, the leader itself sent a LOOKING notification that
     * shows it does not lead the decided round: it is in a later {@code round}, or it proposes another leader
     * ({@code proposal}) in the decided round. Its followers can stop waiting for it (docs/protocol.md "A leader
     * that looks").
     */
    record LeaderLooking(long leader, long round, Vote proposal) implements ElectionEvent {
        public LeaderLooking {
            Objects.requireNonNull(proposal, "proposal");
        }
    }

    /** After a decision or epoch establishment, {@code vote} answers LOOKING peers from now on. */
    record VoteUpdated(PeerState state, Vote vote) implements ElectionEvent {
        public VoteUpdated {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(vote, "vote");
        }
    }

    /** Voter {@code from} advertised a config whose version is not mine ({@link ConfigVersionRule}); reported once per kind. */
    record ConfigMismatch(long from, ConfigVersionRule.Action action, long myVersion) implements ElectionEvent {
        public ConfigMismatch {
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * A reply to non-voter {@code sid} waits (docs/protocol.md "Receiving a notification"): for this peer's decision
     * ({@code untilDecided}: both look, and this peer's vote is not final yet), else for the end of the rate-limit window.
     */
    record NonVoterReplyDeferred(long sid, boolean untilDecided) implements ElectionEvent {
    }
}
