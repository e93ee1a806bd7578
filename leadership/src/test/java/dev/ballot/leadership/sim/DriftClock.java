package dev.ballot.leadership.sim;

import dev.ballot.election.sim.VirtualScheduler;

/**
 * One peer's monotonic clock on virtual time: it runs at {@code rate} times the simulation's (global) time,
 * so that a peer's deadlines, heartbeats and back-offs drift against the others' within the bound the lease
 * rule assumes. Time starts at a per-peer offset, as {@code System.nanoTime} does. Not thread-safe.
 */
final class DriftClock {
    private static final long NANOS_PER_MS = 1_000_000;
    private final VirtualScheduler global;
    private final double rate;
    private final long offsetNanos;

    DriftClock(VirtualScheduler global, double rate, long offsetNanos) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate " + rate);
        }
        this.global = global;
        this.rate = rate;
        this.offsetNanos = offsetNanos;
    }

    /** This peer's nanoseconds now (the ticker its sessions and its pacer read). */
    long nanos() {
        return offsetNanos + Math.round(global.now() * NANOS_PER_MS * rate);
    }

    /** Runs {@code task} once {@code localNanos} of this peer's time have passed (at least 0 global ms). */
    void schedule(long localNanos, Runnable task) {
        long globalMs = (long) Math.ceil(Math.max(0, localNanos) / rate / NANOS_PER_MS);
        global.schedule(globalMs, task);
    }
}
