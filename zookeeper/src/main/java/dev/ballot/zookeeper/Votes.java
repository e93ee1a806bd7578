package dev.ballot.zookeeper;

import dev.ballot.core.PeerState;
import org.apache.zookeeper.server.quorum.QuorumPeer.ServerState;
import org.apache.zookeeper.server.quorum.Vote;

/** Conversions between ZooKeeper's {@link Vote}/{@link ServerState} and Ballot's. */
final class Votes {
    private Votes() {
    }

    static PeerState toBallot(ServerState s) {
        return switch (s) {
            case LOOKING -> PeerState.LOOKING;
            case FOLLOWING -> PeerState.FOLLOWING;
            case LEADING -> PeerState.LEADING;
            case OBSERVING -> PeerState.OBSERVING;
        };
    }

    static ServerState toZooKeeper(PeerState s) {
        return switch (s) {
            case LOOKING -> ServerState.LOOKING;
            case FOLLOWING -> ServerState.FOLLOWING;
            case LEADING -> ServerState.LEADING;
            case OBSERVING -> ServerState.OBSERVING;
        };
    }

    /** ZooKeeper's vote as Ballot's, in {@code state}. */
    static dev.ballot.core.Vote toBallot(Vote v, PeerState state) {
        return new dev.ballot.core.Vote(v.getId(), v.getZxid(), v.getElectionEpoch(), v.getPeerEpoch(), state);
    }

    /** The decided vote as ZooKeeper's FastLeaderElection returns it. */
    static Vote toZooKeeper(dev.ballot.core.Vote v) {
        return new Vote(v.leader(), v.zxid(), v.electionEpoch(), v.peerEpoch(), toZooKeeper(v.state()));
    }
}
