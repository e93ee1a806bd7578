package dev.ballot.leadership.quorum;

/**
 * The highest accepted epoch of a learner that this peer's leader roles had to refuse because it was beyond
 * their epoch: the next epoch this peer proposes exceeds it (docs/protocol.md "A learner ahead of the leader's
 * epoch"). Such a learner acked a would-be leader's epoch that never established; Zab forbids it to ack a lower
 * one, so no leader below its accepted epoch can ever have it. The leader that refuses it steps down, and the
 * next epoch it chooses must not depend on whether that learner's HELLO arrives before the quorum's.
 *
 * <p>In memory, one per peer process: a restart forgets it, and the next refusal teaches it again. Raising it
 * only ever raises the epoch a leader proposes, which Zab allows. Not thread-safe: the peer's loop only.
 */
public final class EpochFloor {
    private long floor = -1;

    /** A learner refused for being beyond this leader's epoch had accepted {@code acceptedEpoch}. */
    public void raise(long acceptedEpoch) {
        floor = Math.max(floor, acceptedEpoch);
    }

    /** The epoch the next proposal must exceed; -1 when nothing was learned. */
    public long value() {
        return floor;
    }
}
