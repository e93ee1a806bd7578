package dev.ballot.election.fsm;

import java.util.HashMap;
import java.util.Map;

/**
 * What the election knows about its links to the other voters, from the transport's up and down
 * events (and from traffic: a notification proves its sender's link is up). A voter is <em>known
 * down</em> when its link closed and has not come back, or when it never came up since start and
 * the connect timeout from the first election's start has passed. Only
 * {@link FleRules#allReachableVoted} reads it: it speeds a decision up, it never makes one. Not
 * thread-safe (owned by the state machine).
 */
final class LinkView {
    private enum Link { UP, DOWN }

    private final long myId;
    /** Links that came up or went down at least once; absent: never connected since start. */
    private final Map<Long, Link> links = new HashMap<>();
    private boolean connectTimeoutPassed;

    LinkView(long myId) {
        this.myId = myId;
    }

    /** @return whether this changed what is known */
    boolean up(long sid) {
        return links.put(sid, Link.UP) != Link.UP;
    }

    /** @return whether this changed what is known */
    boolean down(long sid) {
        return sid != myId && links.put(sid, Link.DOWN) != Link.DOWN;
    }

    void connectTimeoutPassed() {
        connectTimeoutPassed = true;
    }

    /** Whether {@code sid}'s link is known to be down (never true for this peer itself). */
    boolean knownDown(long sid) {
        if (sid == myId) {
            return false;
        }
        Link l = links.get(sid);
        return l == Link.DOWN || (l == null && connectTimeoutPassed);
    }
}
