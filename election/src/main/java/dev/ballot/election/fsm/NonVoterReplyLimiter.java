package dev.ballot.election.fsm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rate limit for replies to non-voters (docs/protocol.md "Receiving a notification", "ping-pong hazard"): the first reply goes out at
 * once and opens a window of {@code minNotificationInterval}; non-voters that write during the
 * window get one reply, with the then-current state, when it closes. So each non-voter gets at most
 * one reply per window and never loses the last one. Not thread-safe (owned by the state machine).
 */
final class NonVoterReplyLimiter {
    /** Non-voters that wrote while the window was open, in arrival order. */
    private final Set<Long> pending = new LinkedHashSet<>();
    /** Whether a window is open (a NON_VOTER_REPLY timer is armed). */
    private boolean windowOpen;

    /** @return true to reply now (and open a window); false when the reply was deferred */
    boolean replyNow(long sid) {
        if (!windowOpen) {
            windowOpen = true;
            return true;
        }
        pending.add(sid);
        return false;
    }

    /** The window closed: the sids to answer now. The window stays open iff there were any. */
    List<Long> windowClosed() {
        List<Long> due = new ArrayList<>(pending);
        pending.clear();
        windowOpen = !due.isEmpty();
        return due;
    }
}
