package dev.ballot.zookeeper;

import javax.security.sasl.SaslException;
import org.apache.zookeeper.server.quorum.Election;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.Vote;

/**
 * ZooKeeper's {@link QuorumPeer}, unchanged except for its election: {@link #createElectionAlgorithm(int)} builds a
 * {@link BallotElection} instead of a {@code QuorumCnxManager} and a {@code FastLeaderElection}, so
 * {@link #getQuorumCnxManager()} stays null (every caller in ZooKeeper 3.9.5 allows that: reconfiguration's
 * {@code connectNewPeers} is skipped, and reconfiguration is refused at start-up anyway).
 */
public class BallotQuorumPeer extends QuorumPeer {
    private volatile BallotElection ballot;

    public BallotQuorumPeer() throws SaslException {
        super();
    }

    @Override
    protected Election createElectionAlgorithm(int electionAlgorithm) {
        if (electionAlgorithm != 3) {
            throw new UnsupportedSettingException("electionAlg=" + electionAlgorithm + ": only 3 exists");
        }
        BallotElection previous = ballot;
        if (previous != null) {
            previous.shutdown();
        }
        BallotElection e = BallotElection.start(this, ElectionSettings.of(this));
        ballot = e;
        return e;
    }

    /** Every change of the current vote (the decision, Zab's new epoch) also becomes the election's answer. */
    @Override
    public synchronized void setCurrentVote(Vote v) {
        super.setCurrentVote(v);
        BallotElection e = ballot;
        if (e != null) {
            e.onCurrentVote(v, getPeerState());
        }
    }

    /** The running Ballot election, or null before start. */
    BallotElection ballotElection() {
        return ballot;
    }
}
