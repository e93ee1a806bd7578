package dev.ballot.server.trace;

import dev.ballot.core.Vote;

import java.time.Duration;
import java.util.Locale;

/** How votes, sids and durations read in diagrams and tables. Stateless. */
final class TraceText {
    private TraceText() {
    }

    /** {@code (leader, zxid, rRound, ePeerEpoch)}, e.g. {@code (3, 0x100000002, r1, e1)}. */
    static String vote(Vote v) {
        return "(" + id(v.leader()) + ", " + zxid(v.zxid()) + ", r" + id(v.electionEpoch()) + ", e"
                + id(v.peerEpoch()) + ")";
    }

    /** A notification label: the sender's state and its vote, e.g. {@code LOOKING (3, 0x0, r1, e0)}. */
    static String notification(Vote v) {
        return v.state().name() + " " + vote(v);
    }

    /** A zxid in hex; {@code -1} (untrusted database) and {@code Long.MIN_VALUE} (observer) as words. */
    static String zxid(long zxid) {
        if (zxid == Long.MIN_VALUE) {
            return "none";
        }
        return zxid == -1 ? "-1" : "0x" + Long.toHexString(zxid);
    }

    /** A sid or counter; {@code Long.MIN_VALUE} (an observer's "no leader") as {@code none}. */
    static String id(long value) {
        return value == Long.MIN_VALUE ? "none" : Long.toString(value);
    }

    /** A lifeline's name: {@code n<sid>}. */
    static String participant(long sid) {
        return "n" + Long.toString(sid).replace('-', 'm');
    }

    /** Milliseconds with one decimal, e.g. {@code 205.3 ms}. */
    static String millis(Duration d) {
        return millis(d.toNanos());
    }

    /** Nanoseconds as milliseconds with one decimal. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
    }
}
