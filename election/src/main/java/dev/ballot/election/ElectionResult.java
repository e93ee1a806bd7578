package dev.ballot.election;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one election. Immutable.
 *
 * @param vote                  the elected vote (leader, zxid, round, peerEpoch)
 * @param role                  this peer's new state: LEADING, FOLLOWING or OBSERVING
 * @param round                 the logical clock when it decided
 * @param duration              from {@link Election#lookForLeader()} to the decision
 * @param roundsObserved        logical-clock values the election went through (1 + adopted rounds)
 * @param notificationsReceived notifications received during this election
 * @param notificationsSent     notifications sent during this election
 */
public record ElectionResult(Vote vote, PeerState role, long round, Duration duration, int roundsObserved,
                             long notificationsReceived, long notificationsSent) {
    public ElectionResult {
        Objects.requireNonNull(vote, "vote");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(duration, "duration");
    }

    /** The elected leader's sid. */
    public long leader() {
        return vote.leader();
    }
}
