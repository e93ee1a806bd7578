package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;

import java.util.Objects;

/**
 * The messages of Ballot's quorum-port protocol: epoch establishment and heartbeats between a
 * leader and its followers and observers (design "The server after an election").
 *
 * <p>Every message travels in one frame (see {@link QuorumMessageCodec} for the bytes). Values are
 * immutable and thread-safe.
 */
public sealed interface QuorumMessage {

    /** Learner → leader, first message on a connection: who I am and what I have persisted. */
    record Hello(long sid, LearnerType type, long acceptedEpoch, long currentEpoch, long lastZxid)
            implements QuorumMessage {
        public Hello {
            Objects.requireNonNull(type, "type");
        }
    }

    /** Leader → learner: the epoch it proposes (or has already established); persist it as accepted, then ack. */
    record NewEpoch(long epoch) implements QuorumMessage {
    }

    /** Learner → leader: {@code epoch} is durably stored as my accepted epoch. */
    record AckEpoch(long epoch) implements QuorumMessage {
    }

    /** Leader → learner: a quorum acked, the leader persisted {@code epoch} as current; persist it too. */
    record Established(long epoch) implements QuorumMessage {
    }

    /** Leader → learner, every {@code tickTime / 2}; {@code epoch} is -1 until an epoch is chosen. */
    record Ping(long epoch) implements QuorumMessage {
    }

    /** Learner → leader, the answer to every {@link Ping}. */
    record Pong(long epoch) implements QuorumMessage {
    }

    /** Leader → learner: the leader is shutting down or stepping down; elect again now. */
    record Leaving(String reason) implements QuorumMessage {
        public Leaving {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Peer → learner: {@code sid} is not leading (yet: it may still be finishing the election); the
     * learner closes and dials again within its {@code initLimit} budget.
     */
    record NotLeading(long sid) implements QuorumMessage {
    }

    /** Either side: the sender refuses this connection (reason for logs); the connection closes after it. */
    record Reject(String reason) implements QuorumMessage {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
