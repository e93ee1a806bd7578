package dev.ballot.leadership;

import java.time.Clock;
import java.util.List;

/**
 * Test access to the package-private {@link LeadershipTracker}: the whole-peer simulator runs one per simulated
 * member process, fed the {@link QuorumPeer.Events} a {@code QuorumPeer} reports, so the acquired/lost/changed
 * callbacks it checks are the library's own.
 */
public final class Trackers {
    private Trackers() {
    }

    /** A tracker for member {@code sid} whose callbacks go to {@code listener}; {@code clock} stamps "since". */
    public static QuorumPeer.Events tracker(long sid, Clock clock, LeadershipListener listener) {
        return new LeadershipTracker(sid, clock, List.of(listener), new QuorumPeer.Events() {
        });
    }
}
