package dev.ballot.leadership.quorum;

/**
 * What a {@link LeaderRole} or {@link FollowerRole} reports to the peer that runs it. Every callback
 * runs on the peer's event loop and must not block.
 */
public interface RoleListener {

    /** The role is established with {@code epoch}, the fencing token. */
    void onEstablished(long epoch);

    /** The role ended; the peer goes back to LOOKING (unless it is shutting down). */
    void onAbandoned(String reason);

    /** A learner joined this leader, or this learner connected to its leader. */
    default void onPeerConnected(long sid, java.net.SocketAddress address) {
    }

    /**
     * This follower's leader {@code sid} accepted the quorum connection at {@code address} but never answered
     * HELLO before the role ended (a ZooKeeper leader, most likely). Called just before {@link #onAbandoned}.
     */
    default void onLeaderSilent(long sid, java.net.SocketAddress address) {
    }

    /**
     * This follower heard nothing from its established leader {@code sid} for syncLimit*tickTime, although the
     * connection may still look open. Called just before {@link #onAbandoned}.
     */
    default void onSilence(long sid) {
    }

    /** The connection to {@code sid} on the quorum port went away. */
    default void onPeerLost(long sid, String reason) {
    }
}
