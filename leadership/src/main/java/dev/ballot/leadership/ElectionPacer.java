package dev.ballot.leadership;

import dev.ballot.leadership.quorum.Backoff;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Decides how long a peer waits before its next election once a role or an election failed, so that no
 * single persistent fault (a refused join, a leader it cannot reach, an epoch it cannot write) makes it
 * elect in a tight loop:
 * <ul>
 *   <li>a role that stayed established for {@code stableAfter} ended for an ordinary reason (its leader
 *       died, it lost its quorum): the failure count resets and the next election starts at once;</li>
 *   <li>a role that established but ended sooner, after no failure, is one failure but waits nothing: a leader
 *       killed a second after it was elected is worth a prompt re-election, and a link that flaps waits from
 *       its second short role on;</li>
 *   <li>anything else (a role that never established, a short role after a failure, a failed election) is one
 *       more consecutive failure: wait {@link Backoff#delayNanos} of the count;</li>
 *   <li>whatever the back-off says, at most {@link #MAX_PER_WINDOW} elections start in any {@link #WINDOW}.</li>
 * </ul>
 * Pure: time and randomness are inputs. Not thread-safe (the peer's loop).
 */
final class ElectionPacer {
    /** Most elections started in any {@link #WINDOW}. */
    static final int MAX_PER_WINDOW = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final long NONE = Long.MIN_VALUE;

    private final Backoff backoff;
    private final long stableAfterNanos;
    private final ArrayDeque<Long> starts = new ArrayDeque<>(); // the last MAX_PER_WINDOW election starts
    private long establishedAt = NONE;                           // when the current role established
    private int failures;                                       // consecutive failed roles or elections

    /**
     * @param backoff     the delays between failed attempts
     * @param stableAfter how long a role must stay established for its end to count as no failure
     */
    ElectionPacer(Backoff backoff, Duration stableAfter) {
        this.backoff = backoff;
        this.stableAfterNanos = stableAfter.toNanos();
    }

    /** An election starts now. */
    void started(long now) {
        starts.addLast(now);
        while (starts.size() > MAX_PER_WINDOW) {
            starts.removeFirst();
        }
    }

    /** The role established now. */
    void established(long now) {
        establishedAt = now;
    }

    /** Consecutive failures so far. */
    int failures() {
        return failures;
    }

    /**
     * The role (or the election) ended now: the nanoseconds to wait before the next election.
     *
     * @param random uniform in [0, 1), for the jitter
     */
    long nextDelay(long now, double random) {
        long delay;
        if (establishedAt != NONE && now - establishedAt >= stableAfterNanos) {
            failures = 0;
            delay = 0;
        } else if (establishedAt != NONE && failures == 0) {
            failures = 1;
            delay = 0;
        } else {
            failures++;
            delay = backoff.delayNanos(failures, random);
        }
        establishedAt = NONE;
        if (starts.size() >= MAX_PER_WINDOW) {
            delay = Math.max(delay, starts.peekFirst() + WINDOW.toNanos() - now);
        }
        return delay;
    }
}
