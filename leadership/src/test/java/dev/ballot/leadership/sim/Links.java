package dev.ballot.leadership.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which directed links between peers are cut: one view for both the election network and the quorum-port
 * connections, so a fault cuts a direction for everything that travels it. Not thread-safe.
 */
final class Links {
    private final TreeSet<Long> cut = new TreeSet<>(); // ordered: iteration must not depend on hashing

    /** Whether bytes from {@code from} reach {@code to}. */
    boolean up(long from, long to) {
        return from == to || !cut.contains(key(from, to));
    }

    /** Whether both directions between {@code a} and {@code b} are up. */
    boolean bothUp(long a, long b) {
        return up(a, b) && up(b, a);
    }

    void cut(long from, long to) {
        if (from != to) {
            cut.add(key(from, to));
        }
    }

    /** @return whether it was cut */
    boolean heal(long from, long to) {
        return cut.remove(key(from, to));
    }

    /** The cut directions as (from, to) pairs, in order. */
    List<long[]> cuts() {
        List<long[]> s = new ArrayList<>();
        cut.forEach(k -> s.add(new long[] {k / 1000, k % 1000}));
        return s;
    }

    private static long key(long from, long to) {
        return from * 1000 + to;
    }
}
