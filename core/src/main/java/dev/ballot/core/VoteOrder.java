package dev.ballot.core;

import java.util.function.LongUnaryOperator;

/**
 * FLE's total order on proposals (docs/protocol.md "Ordering votes", ZooKeeper's {@code totalOrderPredicate}): a higher
 * peer epoch wins, then a higher zxid, then a higher sid; a candidate whose weight is 0 never wins.
 *
 * <p>A pure function; thread-safe.
 */
public final class VoteOrder {
    private VoteOrder() {
    }

    /**
     * Whether the candidate {@code (newLeader, newZxid, newEpoch)} beats the current proposal.
     *
     * @param weight the committed configuration's weight of a sid (majority: 1 for every sid)
     */
    public static boolean beats(long newLeader, long newZxid, long newEpoch,
                                long curLeader, long curZxid, long curEpoch,
                                LongUnaryOperator weight) {
        if (weight.applyAsLong(newLeader) == 0) {
            return false;
        }
        if (newEpoch != curEpoch) {
            return newEpoch > curEpoch;
        }
        if (newZxid != curZxid) {
            return newZxid > curZxid;
        }
        return newLeader > curLeader;
    }

    /** {@link #beats(long, long, long, long, long, long, LongUnaryOperator)} on two votes. */
    public static boolean beats(Vote candidate, Vote current, LongUnaryOperator weight) {
        return beats(candidate.leader(), candidate.zxid(), candidate.peerEpoch(),
                current.leader(), current.zxid(), current.peerEpoch(), weight);
    }

}
