package dev.ballot.leadership.sim;

import dev.ballot.election.sim.VirtualScheduler;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Wall-clock time on virtual time (for the "since" of a leader): a fixed start plus the virtual ms elapsed. */
final class VirtualWallClock extends Clock {
    private static final long START = 1_800_000_000_000L;
    private final VirtualScheduler clock;

    VirtualWallClock(VirtualScheduler clock) {
        this.clock = clock;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(START + clock.now());
    }
}
