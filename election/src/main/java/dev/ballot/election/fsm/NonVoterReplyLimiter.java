package dev.ballot.election.fsm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rate limit for replies to non-voters (docs/protocol.md "Receiving a notification", "ping-pong hazard"), per
 * non-voter: the first reply to a non-voter goes out at once; one that writes again while the window of
 * {@code minNotificationInterval} is open gets one reply, with the then-current state, when it closes. So each
 * non-voter gets at most one reply per window at once and one when it closes, and never loses the last one; other
 * non-voters are not held back by it (one window for all of them made 99 of 100 observers wait the whole window).
 * Not thread-safe (owned by the state machine).
 */
final class NonVoterReplyLimiter {
    /** What to do with one non-voter's notification. */
    enum Reply {
        /** Reply now and open the window (arm its timer). */
        NOW_OPENING_WINDOW,
        /** Reply now; the window is already open. */
        NOW,
        /** Reply when the window closes. */
        DEFERRED
    }

    /** Non-voters answered in the open window (at once, or when the previous window closed). */
    private final Set<Long> answered = new HashSet<>();
    /** Answered non-voters that wrote again while the window was open, in arrival order. */
    private final Set<Long> pending = new LinkedHashSet<>();
    /** Whether a window is open (a NON_VOTER_REPLY timer is armed). */
    private boolean windowOpen;

    Reply onNotification(long sid) {
        if (!answered.add(sid)) {
            pending.add(sid);
            return Reply.DEFERRED;
        }
        if (windowOpen) {
            return Reply.NOW;
        }
        windowOpen = true;
        return Reply.NOW_OPENING_WINDOW;
    }

    /** The window closed: the sids to answer now. The window stays open iff there were any. */
    List<Long> windowClosed() {
        List<Long> due = new ArrayList<>(pending);
        pending.clear();
        answered.clear();
        answered.addAll(due);
        windowOpen = !due.isEmpty();
        return due;
    }
}
