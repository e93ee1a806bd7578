package dev.ballot.leadership.sim;

import dev.ballot.core.PeerState;
import dev.ballot.election.ElectionResult;

/** What a {@link WholePeer} reports to its simulation, for the transcript and the invariants. */
interface PeerEvents {
    void electionStarted(WholePeer p);

    void decided(WholePeer p, ElectionResult r);

    /** The role is established under {@code epoch} (for a leader: leadership acquired). */
    void established(WholePeer p, PeerState role, long leader, long epoch);

    /** The role ended (for an established leader: leadership lost). */
    void roleEnded(WholePeer p, PeerState role, boolean wasEstablished, String reason);

    /** An epoch write failed and the peer now knows it cannot persist; or a probe found the disk writable again. */
    void disk(WholePeer p, String event);
}
