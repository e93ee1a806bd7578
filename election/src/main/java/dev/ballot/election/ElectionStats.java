package dev.ballot.election;

import java.util.Objects;
import java.util.Optional;

/**
 * Cumulative counters of one {@link Election}. Immutable snapshot.
 *
 * @param electionsStarted      calls of {@link Election#lookForLeader()} that started an election
 * @param electionsDecided      elections that decided
 * @param notificationsReceived notifications decoded from the transport
 * @param notificationsSent     notifications handed to the transport
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
