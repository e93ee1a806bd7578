package dev.ballot.transport.netty;

import java.time.Duration;

/**
 * Reconnect delays: exponential from {@code min}, capped at {@code max}, with "equal jitter" (the
 * delay is uniformly spread over its upper half) so peers that lost each other at the same moment do
 * not redial in lock-step. Pure; the random draw is an argument.
 */
final class Backoff {
    private Backoff() {
    }

    /**
     * @param attempt the number of failed attempts so far (0 for the first retry)
     * @param min     the first delay's upper bound
     * @param max     the cap
     * @param unit    a uniform draw in [0, 1)
     * @return a delay in {@code [d/2, d)} where {@code d = min(max, min * 2^attempt)}
     */
    static Duration delay(int attempt, Duration min, Duration max, double unit) {
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        int shift = Math.min(Math.max(attempt, 0), 62);
        long full = minNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, minNanos << shift);
        long half = full / 2;
        return Duration.ofNanos(half + (long) ((full - half) * unit));
    }
}
