package dev.ballot.core.trace;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One step of an election or of its connection layer, as recorded by one peer.
 *
 * <p>Every event carries {@link #nanos()}, a monotonic timestamp in nanoseconds from the ticker the
 * emitter was given (only differences between events are meaningful; events of peers that share a
 * JVM and a ticker can be merged by it), and {@link #sid()}, the sid of the peer that recorded it.
 * {@link #type()} is the event's stable name in the JSON-lines form
 * ({@code dev.ballot.server.trace.TraceJson}).
 *
 * <p>Votes in events keep their round in {@link Vote#electionEpoch()} and the sender's state in
 * {@link Vote#state()}: a notification's vote is {@link dev.ballot.core.Notification#vote()}.
 *
 * <p>All events are immutable records; thread-safe.
 */
public sealed interface TraceEvent {

    /** Monotonic timestamp, nanoseconds, from the emitter's ticker. */
    long nanos();

    /** The sid of the peer that recorded this event. */
    long sid();

    /** The event's stable name, the {@code type} field of its JSON line. */
    String type();

    /** Which side opened a connection, seen from the recording peer. */
    enum Direction {
        /** The remote peer dialed us. */
        INBOUND,
        /** We dialed the remote peer. */
        OUTBOUND
    }

    /** Why a LOOKING peer replaced its proposal (docs/protocol.md "A LOOKING notification"). */
    enum ProposalRule {
        /**
         * A notification from a newer round arrived: the peer adopted that round and proposes the
         * better of the notification's vote and its own initial vote (docs/protocol.md "A LOOKING notification" step 3).
         */
        NEWER_ROUND,
        /** A notification of the same round carried a vote that beats the proposal (docs/protocol.md "A LOOKING notification" step 5). */
        BETTER_VOTE
    }

    /**
     * The events in timestamp order; events with equal timestamps keep their order in {@code events}
     * (a stable sort). Use it to merge the traces of several peers that share a ticker.
     */
    static List<TraceEvent> inTimeOrder(Collection<? extends TraceEvent> events) {
        List<TraceEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(TraceEvent::nanos));
        return sorted;
    }

    /**
     * The peer entered LOOKING and broadcast its initial vote.
     *
     * @param round       the new round (logical clock)
     * @param initialVote the vote it starts with (docs/protocol.md "The initial vote")
     */
    record ElectionStarted(long nanos, long sid, long round, Vote initialVote) implements TraceEvent {
        public ElectionStarted {
            Objects.requireNonNull(initialVote, "initialVote");
        }

        @Override
        public String type() {
            return "election_started";
        }
    }

    /**
     * The peer handed a notification for {@code to} to its transport ({@code to == sid} for the copy
     * to itself, docs/protocol.md "The initial vote").
     *
     * @param vote the notification's content: state, leader, zxid, round ({@code electionEpoch}),
     *             peer epoch and format version
     */
    record NotificationSent(long nanos, long sid, long to, Vote vote) implements TraceEvent {
        public NotificationSent {
            Objects.requireNonNull(vote, "vote");
        }

        /** The sender: the recording peer. */
        public long from() {
            return sid;
        }

        @Override
        public String type() {
            return "notification_sent";
        }
    }

    /**
     * The peer's election received (decoded) a notification from {@code from}.
     *
     * @param vote the notification's content, as for {@link NotificationSent}
     */
    record NotificationReceived(long nanos, long sid, long from, Vote vote) implements TraceEvent {
        public NotificationReceived {
            Objects.requireNonNull(vote, "vote");
        }

        /** The receiver: the recording peer. */
        public long to() {
            return sid;
        }

        @Override
        public String type() {
            return "notification_received";
        }
    }

    /**
     * The peer replaced its proposal.
     *
     * @param previous the proposal before
     * @param proposal the proposal after
     * @param rule     the rule that made it change
     */
    record ProposalChanged(long nanos, long sid, Vote previous, Vote proposal, ProposalRule rule)
            implements TraceEvent {
        public ProposalChanged {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public String type() {
            return "proposal_changed";
        }
    }

    /**
     * The votes that match the proposal form a quorum (docs/protocol.md "Quorums and termination" termination predicate).
     *
     * @param proposal   the proposal the quorum agrees on
     * @param supporters the sids whose votes match it, ascending
     */
    record QuorumReached(long nanos, long sid, Vote proposal, List<Long> supporters) implements TraceEvent {
        public QuorumReached {
            Objects.requireNonNull(proposal, "proposal");
            supporters = List.copyOf(supporters);
        }

        @Override
        public String type() {
            return "quorum_reached";
        }
    }

    /**
     * After a quorum in the peer's own round it waits {@code delay} for a better vote before deciding
     * (docs/protocol.md "A LOOKING notification" step 7).
     */
    record FinalizeWaitStarted(long nanos, long sid, Vote proposal, Duration delay) implements TraceEvent {
        public FinalizeWaitStarted {
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(delay, "delay");
        }

        @Override
        public String type() {
            return "finalize_wait_started";
        }
    }

    /**
     * A notification from {@code from} whose vote beats the proposal arrived during the finalize
     * wait; the decision is abandoned and the election goes on (docs/protocol.md "A LOOKING notification" step 7).
     *
     * @param better the vote that beat the proposal
     */
    record FinalizeWaitAbandoned(long nanos, long sid, long from, Vote better) implements TraceEvent {
        public FinalizeWaitAbandoned {
            Objects.requireNonNull(better, "better");
        }

        @Override
        public String type() {
            return "finalize_wait_abandoned";
        }
    }

    /**
     * The election decided.
     *
     * @param vote                  the elected vote ({@code vote.leader()} is the leader)
     * @param role                  the role it maps to for this peer (LEADING, FOLLOWING, OBSERVING)
     * @param duration              from the start of the election to the decision
     * @param rounds                how many rounds the peer went through in this election
     * @param notificationsReceived notifications received during this election
     * @param notificationsSent     notifications sent during this election
     */
    record Decided(long nanos, long sid, Vote vote, PeerState role, Duration duration, int rounds,
                   long notificationsReceived, long notificationsSent) implements TraceEvent {
        public Decided {
            Objects.requireNonNull(vote, "vote");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(duration, "duration");
        }

        /** The elected leader's sid. */
        public long leader() {
            return vote.leader();
        }

        @Override
        public String type() {
            return "decided";
        }
    }

    /** A connection to {@code peer} passed the handshake and arbitration and is in use. */
    record ConnectionOpened(long nanos, long sid, long peer, Direction direction) implements TraceEvent {
        public ConnectionOpened {
            Objects.requireNonNull(direction, "direction");
        }

        @Override
        public String type() {
            return "connection_opened";
        }
    }

    /**
     * Arbitration dropped a connection to {@code peer} (docs/protocol.md "Arbitration": only a connection opened by the
     * larger sid survives).
     *
     * @param reason why, for humans (e.g. "smaller sid dialed; calling back")
     */
    record ConnectionDropped(long nanos, long sid, long peer, Direction direction, String reason)
            implements TraceEvent {
        public ConnectionDropped {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String type() {
            return "connection_dropped";
        }
    }

    /** An open connection to {@code peer} closed. */
    record ConnectionClosed(long nanos, long sid, long peer, String reason) implements TraceEvent {
        public ConnectionClosed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String type() {
            return "connection_closed";
        }
    }

    /**
     * After the election, leader and followers agreed on a new epoch (design "The server after an
     * election"); it feeds the next election's peer epoch and zxid.
     */
    record EpochEstablished(long nanos, long sid, long leader, long epoch) implements TraceEvent {
        @Override
        public String type() {
            return "epoch_established";
        }
    }

    /** The peer's state changed. */
    record RoleChanged(long nanos, long sid, PeerState from, PeerState to) implements TraceEvent {
        public RoleChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String type() {
            return "role_changed";
        }
    }
}
