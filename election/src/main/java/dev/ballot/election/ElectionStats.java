package dev.ballot.election;

import java.util.Objects;
import java.util.Optional;

/**
 * Cumulative counters of one {@link Election}. Immutable snapshot.
 *
 * @param electionsStarted      calls of {@link Election#lookForLeader()} that started an election
 * @param electionsDecided      elections that decided
 * @param notificationsReceived notifications received (decoded from the transport, or sent to itself)
 * @param notificationsSent     notifications the state machine sent, itself included (the driver may coalesce
 *                              several to one peer within one executor turn into one frame)
 * @param lastResult            the latest decision, if any
 */
public record ElectionStats(long electionsStarted, long electionsDecided, long notificationsReceived,
                            long notificationsSent, Optional<ElectionResult> lastResult) {
    public ElectionStats {
        Objects.requireNonNull(lastResult, "lastResult");
    }

    /** No elections yet. */
    public static final ElectionStats EMPTY = new ElectionStats(0, 0, 0, 0, Optional.empty());
}
