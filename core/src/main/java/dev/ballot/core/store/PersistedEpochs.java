package dev.ballot.core.store;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The two persisted epochs of a peer (docs/protocol.md "Start-up", docs/protocol.md "Epoch establishment"). Empty means the file does not exist: a fresh
 * peer, which ZooKeeper would start with {@code epoch(lastProcessedZxid)}.
 *
 * @param currentEpoch  the epoch of the last leader this peer completed synchronization with
 * @param acceptedEpoch the highest epoch this peer has accepted in an epoch proposal
 */
public record PersistedEpochs(OptionalLong currentEpoch, OptionalLong acceptedEpoch) {
    public PersistedEpochs {
        Objects.requireNonNull(currentEpoch, "currentEpoch");
        Objects.requireNonNull(acceptedEpoch, "acceptedEpoch");
    }

    /** Whether neither file exists. */
    public boolean isFresh() {
        return currentEpoch.isEmpty() && acceptedEpoch.isEmpty();
    }
}
