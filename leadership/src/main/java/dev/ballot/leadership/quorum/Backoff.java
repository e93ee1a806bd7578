package dev.ballot.leadership.quorum;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential back-off with equal jitter: retry {@code n} (1 = the first) waits between half and all of
 * {@code min(cap, base * 2^(n-1))}. Half of the ceiling is fixed so that retries never bunch up near zero
 * (full jitter would allow that), the other half is random so that peers that failed together do not retry
 * together. Pure arithmetic: the caller passes the random number. Immutable and thread-safe.
 *
 * @param base the ceiling of the first retry
 * @param cap  the largest ceiling
 */
public record Backoff(Duration base, Duration cap) {
    /** Between a role that failed and the next election: 100 ms doubling to 5 s. */
    public static final Backoff ROLE = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    /** Between connection attempts to the elected leader within one role: 100 ms doubling to 1 s. */
    public static final Backoff DIAL = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    /** Between write probes of a peer that cannot persist its epochs: 250 ms doubling to 5 s. */
    public static final Backoff PROBE = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < base <= cap, got base " + base + ", cap " + cap);
        }
    }

    /** The ceiling of retry {@code attempt} (1 = the first): {@code base * 2^(attempt-1)}, at most {@code cap}. */
    public long ceilingNanos(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt " + attempt + " < 1");
        }
        long cap = this.cap.toNanos();
        long d = base.toNanos();
        for (int i = 1; i < attempt && d < cap; i++) {
            d *= 2;
        }
        return Math.min(d, cap);
    }

    /** The delay before retry {@code attempt}: half its ceiling plus {@code random} (in [0, 1)) times the other half. */
    public long delayNanos(int attempt, double random) {
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random " + random + " not in [0, 1)");
        }
        long ceiling = ceilingNanos(attempt);
        long half = ceiling / 2;
        return half + (long) (random * (ceiling - half));
    }
}
