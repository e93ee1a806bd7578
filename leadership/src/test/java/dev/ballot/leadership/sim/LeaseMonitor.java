package dev.ballot.leadership.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The safety invariants on leadership, over a run's acquired/lost events in the order they happened:
 * <ul>
 *   <li>lease: a member acquires only after every earlier leader lost (or died): no two leaderships overlap;</li>
 *   <li>fencing tokens strictly increase from one acquisition to the next (so one leader per epoch);</li>
 *   <li>a follower is established only under a (leader, epoch) that leader acquired.</li>
 * </ul>
 * Also measures the gap between a loss and the next acquisition. A lease break is checked against the rule's
 * assumptions by {@code outside}: a break it explains (a reason, not null) is recorded as a known limitation
 * rather than a violation. Times are global virtual ms. Not thread-safe.
 */
final class LeaseMonitor {
    private final Consumer<String> violation;
    private final java.util.function.LongFunction<String> outside;
    private final List<String> outsideAssumptions = new ArrayList<>();
    private final Map<Long, Long> holding = new TreeMap<>();   // sid -> epoch, while it leads
    private final Map<Long, Long> acquiredBy = new TreeMap<>(); // epoch -> the sid that acquired it
    private long lastToken = Long.MIN_VALUE;
    private long lastLostAt = Long.MIN_VALUE;
    private final List<Long> gaps = new ArrayList<>();         // ms from a loss to the next acquisition

    /**
     * @param violation where broken invariants go
     * @param outside   why the lease rule's assumptions did not hold for the member acquiring now, or null
     */
    LeaseMonitor(Consumer<String> violation, java.util.function.LongFunction<String> outside) {
        this.violation = violation;
        this.outside = outside;
    }

    void acquired(long sid, long epoch, long atMs) {
        for (var h : holding.entrySet()) {
            if (h.getKey() != sid) {
                String what = "lease: " + sid + " acquired epoch " + epoch + " while " + h.getKey()
                        + " still leads epoch " + h.getValue() + " (its lost has not fired)";
                String why = outside.apply(sid);
                if (why == null) {
                    violation.accept(what);
                } else {
                    outsideAssumptions.add(what + "; " + why);
                }
            }
        }
        if (epoch <= lastToken) {
            violation.accept("fencing token: " + sid + " acquired epoch " + epoch + " after epoch " + lastToken);
        }
        Long other = acquiredBy.putIfAbsent(epoch, sid);
        if (other != null && other != sid) {
            violation.accept("two leaders of epoch " + epoch + ": " + other + " and " + sid);
        }
        lastToken = Math.max(lastToken, epoch);
        if (lastLostAt != Long.MIN_VALUE && holding.isEmpty()) {
            gaps.add(atMs - lastLostAt);
        }
        holding.put(sid, epoch);
    }

    /** {@code sid}'s leadership ended (its role ended, or its process died). */
    void lost(long sid, long atMs) {
        if (holding.remove(sid) != null) {
            lastLostAt = atMs;
        }
    }

    void followerEstablished(long sid, long leader, long epoch) {
        Long by = acquiredBy.get(epoch);
        if (by == null || by != leader) {
            violation.accept("follower " + sid + " established under leader " + leader + " epoch " + epoch
                    + ", which " + (by == null ? "nobody acquired" : "leader " + by + " acquired"));
        }
    }

    /** Lease breaks the rule's assumptions do not cover, with why. */
    List<String> outsideAssumptions() {
        return outsideAssumptions;
    }

    /** Gaps (ms) between a leadership's loss and the next acquisition, in order. */
    List<Long> gaps() {
        return gaps;
    }
}
