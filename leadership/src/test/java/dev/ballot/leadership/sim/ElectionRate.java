package dev.ballot.leadership.sim;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The liveness bound on elections: a peer starts at most {@code max} elections in any {@code windowNanos} of its
 * own clock (issue 10: at most 10 a minute under a persistent fault). Not thread-safe.
 */
final class ElectionRate {
    private final long sid;
    private final int max;
    private final long windowNanos;
    private final Consumer<String> violation;
    private final ArrayDeque<Long> starts = new ArrayDeque<>();
    private int most;       // the most starts seen in one window
    private boolean reported;

    ElectionRate(long sid, int max, long windowNanos, Consumer<String> violation) {
        this.sid = sid;
        this.max = max;
        this.windowNanos = windowNanos;
        this.violation = violation;
    }

    void started(long localNanos) {
        starts.addLast(localNanos);
        while (localNanos - starts.peekFirst() >= windowNanos) {
            starts.removeFirst();
        }
        most = Math.max(most, starts.size());
        if (starts.size() > max && !reported) {
            reported = true;
            violation.accept("peer " + sid + " started " + starts.size() + " elections within "
                    + windowNanos / 1_000_000_000 + " s of its clock (bound " + max + ")");
        }
    }

    /** A new process: its pacer starts afresh, and so does the count. */
    void restarted() {
        starts.clear();
    }

    int most() {
        return most;
    }
}
