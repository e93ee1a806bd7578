package dev.ballot.election;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;

/**
 * Election events. Every callback runs on the election's executor and must not block; an exception
 * thrown by a callback is logged once at WARN and does not stop the election. Callbacks come in the
 * order the state machine reports the events: {@code onStateChanged(X, LOOKING)} (when X is not
 * LOOKING), {@code onElectionStarted}, then {@code onDecided} and {@code onStateChanged(LOOKING, role)};
 * the {@link Election#lookForLeader()} future completes after them.
 */
public interface ElectionListener {
    /** An election started: {@code round} is the new logical clock, {@code initialVote} our first proposal. */
    default void onElectionStarted(long round, Vote initialVote) {
    }

    /** The election decided (also completes the future from {@link Election#lookForLeader()}). */
    default void onDecided(ElectionResult result) {
    }

    /** The election state changed (LOOKING, FOLLOWING, LEADING, OBSERVING). */
    default void onStateChanged(PeerState from, PeerState to) {
    }

    /**
     * While this peer follows or observes {@code leader}, the leader sent a LOOKING notification showing that it
     * does not lead the round this peer decided in: it looks in a later {@code round}, or proposes {@code proposal},
     * another peer. A role still waiting for that leader can give up at once instead of at its timeout.
     */
    default void onLeaderLooking(long leader, long round, Vote proposal) {
    }
}
