package dev.ballot.leadership.quorum;

/**
 * What a {@link LeaderSession} or {@link FollowerSession} asks its Netty glue to do. The sessions
 * never do I/O themselves; each input returns a list of these, in order.
 */
public sealed interface Action {

    /** Send {@code message} to {@code sid} (for a follower: to the leader). */
    record Send(long sid, QuorumMessage message) implements Action {
    }

    /** Close the connection to {@code sid}; {@code reason} goes to the log. */
    record Close(long sid, String reason) implements Action {
    }

    /** Durably store {@code epoch} as the accepted epoch, then report it back (onAcceptedPersisted). */
    record PersistAccepted(long epoch) implements Action {
    }

    /** Durably store {@code epoch} as the current epoch, then report it back (onCurrentPersisted). */
    record PersistCurrent(long epoch) implements Action {
    }

    /** The role is established with {@code epoch} as its fencing token. */
    record Established(long epoch) implements Action {
    }

    /**
     * Nothing came from {@code sid} (a follower's leader) for half the syncLimit deadline: open a second
     * connection to it and say Hello there; keep the first until the second is up.
     */
    record Redial(long sid) implements Action {
    }

    /** Nothing came from {@code sid} (a follower's leader) for the whole syncLimit deadline; the role ends next. */
    record Silence(long sid) implements Action {
    }

    /** The role is over: go back to LOOKING. {@code reason} goes to the log. */
    record Abandon(String reason) implements Action {
    }
}
