package dev.ballot.leadership.sim;

import dev.ballot.core.quorum.QuorumVerifier;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * What a simulated role needs from its peer, as {@code RoleContext} is for the production roles: identity,
 * timing, the peer's drifting clock, its disk, the quorum-port wire, its random numbers, and whether the process
 * that started the role still runs (a killed process's tasks do nothing), and the bugs a test injects.
 */
record RoleEnv(long sid, QuorumVerifier quorum, Duration tickTime, Duration initTimeout, Duration syncTimeout,
               DriftClock clock, SimDisk disk, QuorumWire wire, SplittableRandom random, BooleanSupplier running,
               java.util.Set<SimSetup.Mutation> mutations) {

    boolean has(SimSetup.Mutation bug) {
        return mutations.contains(bug);
    }

    long now() {
        return clock.nanos();
    }

    /** Runs {@code task} after {@code localNanos} of the peer's time, if its process still runs then. */
    void later(long localNanos, Runnable task) {
        clock.schedule(localNanos, () -> {
            if (running.getAsBoolean()) {
                task.run();
            }
        });
    }
}
