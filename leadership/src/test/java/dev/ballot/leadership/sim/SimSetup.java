package dev.ballot.leadership.sim;

import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.leadership.PeerCycle;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What every peer of one run shares: the ensemble, its timing (zoo.cfg's tickTime, initLimit, syncLimit), the
 * quorum-port wire, how a process's {@link PeerCycle} is made, and the deliberate bugs the run injects (none in
 * the seeded runs).
 */
record SimSetup(QuorumVerifier quorum, Duration tickTime, Duration initTimeout, Duration syncTimeout,
                QuorumWire wire, Supplier<PeerCycle> cycle, java.util.Set<Mutation> mutations) {

    /**
     * A bug the simulator must catch, put back into the simulated peer's glue (tests of the invariants; the
     * first three are the behaviours before the fixes of issue 10's first table).
     */
    enum Mutation {
        /** The leader refuses HELLOs by the epochs it read when its role started (before 2427f7b). */
        STALE_EPOCHS,
        /** A role that failed is followed by the next election at once (before 7033d8a). */
        NO_BACKOFF,
        /** A peer that cannot persist keeps electing (paced) instead of withdrawing (before 08aae32): it never learns it. */
        NO_WITHDRAW,
        /** The leader never steps down on its own deadline (it ignores the lease rule). */
        NO_STEP_DOWN,
        /** A leader refusing a learner whose accepted epoch is beyond its own leads on (before the fix of seed 516). */
        LEADS_ON_OVER_AHEAD
    }
}
