package dev.ballot.leadership.sim;

import dev.ballot.leadership.LeaderContext;
import dev.ballot.leadership.LeaderInfo;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The listener ordering rules of one member process ({@code LeadershipListener}): {@code onLost} of a leadership
 * comes before a later {@code onAcquired}, and is for the leadership acquired; a member's fencing tokens rise
 * from one acquisition to the next; {@code onLeaderChanged} naming this member comes after its
 * {@code onAcquired}, and one naming another member or none comes after its {@code onLost}. Not thread-safe.
 */
final class ListenerOrder {
    private final long sid;
    private final Consumer<String> violation;
    private LeaderContext holding;   // acquired and not lost
    private long lastToken = Long.MIN_VALUE;

    ListenerOrder(long sid, Consumer<String> violation) {
        this.sid = sid;
        this.violation = violation;
    }

    void acquired(LeaderContext c) {
        if (holding != null) {
            violation.accept("listener order: " + sid + " acquired token " + c.fencingToken()
                    + " before losing token " + holding.fencingToken());
        }
        if (c.fencingToken() <= lastToken) {
            violation.accept("listener order: " + sid + " acquired token " + c.fencingToken() + " after " + lastToken);
        }
        holding = c;
        lastToken = c.fencingToken();
    }

    void lost(LeaderContext c) {
        if (holding != c) {
            violation.accept("listener order: " + sid + " lost token " + c.fencingToken() + " it does not hold ("
                    + (holding == null ? "none" : holding.fencingToken()) + ")");
        }
        holding = null;
    }

    void leaderChanged(Optional<LeaderInfo> leader) {
        boolean me = leader.isPresent() && leader.get().sid() == sid;
        if (me != (holding != null) || (me && leader.get().fencingToken() != holding.fencingToken())) {
            violation.accept("listener order: " + sid + " heard leader " + leader.map(l -> l.sid() + "/"
                    + l.fencingToken()).orElse("none") + " while " + (holding == null ? "not leading"
                    : "leading token " + holding.fencingToken()));
        }
    }

    /** Whether this member holds leadership now (acquired, not lost). */
    boolean leads() {
        return holding != null;
    }
}
