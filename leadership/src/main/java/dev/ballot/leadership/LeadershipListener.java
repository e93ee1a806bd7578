package dev.ballot.leadership;

import java.util.Optional;

/**
 * What a member hears about leadership. Every method runs on the {@link Leadership}'s event loop (one
 * loop of its group, see {@link Leadership#executor()}), one call at a time, and must not block.
 *
 * <p>Ordering, on every member: {@link #onLost} of a leadership always comes before a later
 * {@link #onAcquired}; {@link #onLeaderChanged} follows the change it reports (after {@code onAcquired}
 * on the new leader, after {@code onLost} on the old one). A member that closes while leading hears
 * {@code onLost} before it tells the others it leaves.
 */
public interface LeadershipListener {

    /**
     * The established leader changed: a leader was established ({@code leader} present), or the member
     * lost it and is electing ({@code leader} empty). Heard by every member, leader or not.
     */
    default void onLeaderChanged(Optional<LeaderInfo> leader) {
    }

    /** This member became the established leader; {@code context} carries the fencing token. */
    default void onAcquired(LeaderContext context) {
    }

    /**
     * This member is no longer the leader of {@code context}: it lost its quorum, resigned, closed, or
     * could not persist an epoch. {@code reason} says which, for logs.
     */
    default void onLost(LeaderContext context, String reason) {
    }
}
