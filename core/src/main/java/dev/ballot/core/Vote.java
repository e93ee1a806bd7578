package dev.ballot.core;

import java.util.Objects;

/**
 * A vote: the proposed (or elected) leader and the facts it is ranked by.
 *
 * <p>{@code version} is the notification format version the vote came with (docs/protocol.md "Vote equality"): votes a
 * server builds itself, and votes it stores in the current round's tally, carry version 0; votes
 * taken from a version-2 notification for out-of-election bookkeeping carry 2. It only matters for
 * {@link #matches(Vote)}, ZooKeeper's vote equality.
 *
 * @param leader        sid of the proposed leader ({@code Long.MIN_VALUE} for an observer's initial vote)
 * @param zxid          last zxid of the proposed leader as the voter knows it ({@code -1}: untrusted database)
 * @param electionEpoch the round (logical clock) the vote belongs to
 * @param peerEpoch     epoch of the proposed leader
 * @param state         the voter's state when it cast the vote
 * @param version       notification format version (0, 1 or 2)
 */
public record Vote(long leader, long zxid, long electionEpoch, long peerEpoch, PeerState state, int version) {

    public Vote {
        Objects.requireNonNull(state, "state");
        if (version < 0) {
            throw new IllegalArgumentException("vote version must be >= 0, got " + version);
        }
    }

    /** A version-0 vote. */
    public Vote(long leader, long zxid, long electionEpoch, long peerEpoch, PeerState state) {
        this(leader, zxid, electionEpoch, peerEpoch, state, 0);
    }

    /** This vote with another state. */
    public Vote withState(PeerState newState) {
        return new Vote(leader, zxid, electionEpoch, peerEpoch, newState, version);
    }

    /** This vote with another peer epoch (after epoch establishment, docs/protocol.md "Epoch establishment" step 6). */
    public Vote withPeerEpoch(long newPeerEpoch) {
        return new Vote(leader, zxid, electionEpoch, newPeerEpoch, state, version);
    }

    /**
     * ZooKeeper's vote equality, the rule by which votes are counted towards a quorum (docs/protocol.md "Vote equality").
     *
     * <ul>
     *   <li>if either vote is LOOKING: leader, zxid, electionEpoch and peerEpoch must be equal;</li>
     *   <li>else if exactly one has {@code version > 0}: the leaders must be equal (ZOOKEEPER-1732);</li>
     *   <li>else: leaders and peer epochs must be equal (ZOOKEEPER-1805).</li>
     * </ul>
     */
    public boolean matches(Vote other) {
        if (state == PeerState.LOOKING || other.state == PeerState.LOOKING) {
            return leader == other.leader && zxid == other.zxid
                    && electionEpoch == other.electionEpoch && peerEpoch == other.peerEpoch;
        }
        if ((version > 0) != (other.version > 0)) {
            return leader == other.leader;
        }
        return leader == other.leader && peerEpoch == other.peerEpoch;
    }
}
