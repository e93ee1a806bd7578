package dev.ballot.election.sim;

import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.fsm.Decision;

/** What a {@link SimPeer} needs from the run it belongs to: clock, network, and where to report. */
interface SimHost {
    VirtualScheduler clock();

    SimNetwork network();

    /** Records a broken invariant. */
    void violation(String what);

    /** A peer decided. */
    void onDecision(SimPeer peer, Decision decision);

    /** Whether {@code from} only ever sends well-formed notifications (false for hand-made mock senders). */
    default boolean wellFormed(long from) {
        return true;
    }

    /** Where the peers' structured trace events go (virtual time); off unless a run asks for them. */
    default TraceSink traceSink() {
        return TraceSink.NOOP;
    }
}
