package dev.ballot.election.zk;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.zookeeper.server.quorum.FastLeaderElection;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.Vote;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.apache.zookeeper.server.quorum.flexible.QuorumVerifier;

/**
 * A real ZooKeeper 3.9.5 election peer, built the way ZooKeeper's own election tests build one
 * ({@code QuorumPeer} with a member map, algorithm 3, {@code startLeaderElection()} for its
 * {@code QuorumCnxManager} listener and {@code FastLeaderElection} workers, then a blocking
 * {@code lookForLeader()} on a thread of its own). The persisted (currentEpoch, lastZxid) that an
 * election reads are given instead of being loaded from a database. ZooKeeper is used as a black box.
 */
final class ZkPeer extends QuorumPeer {
    private static final int FLE = 3;
    private volatile long epoch;
    private volatile long zxid;

    ZkPeer(Map<Long, QuorumServer> view, File dataDir, long myId, long epoch, long zxid) throws IOException {
        this(new QuorumMaj(view), dataDir, myId, epoch, zxid);
    }

    ZkPeer(QuorumVerifier qv, File dataDir, long myId, long epoch, long zxid) throws IOException {
        super(qv.getAllMembers(), dataDir, dataDir, FLE, myId, 2000, 10, 5, 5, false, null, qv);
        this.epoch = epoch;
        this.zxid = zxid;
        setLearnerType(qv.getObservingMembers().containsKey(myId) ? LearnerType.OBSERVER : LearnerType.PARTICIPANT);
    }

    @Override
    public long getLastLoggedZxid() {
        return zxid;
    }

    @Override
    public long getCurrentEpoch() {
        return epoch;
    }

    /** Starts its election layer and runs one {@code lookForLeader()} on {@code thread}, as {@code QuorumPeer.run} does. */
    CompletableFuture<Vote> elect(ExecutorService thread) {
        bind();
        return look(thread);
    }

    /**
     * Starts its election layer without looking: the {@code QuorumCnxManager} listener and the
     * {@code FastLeaderElection} workers, which queue the notifications that arrive until {@link #look}.
     */
    void bind() {
        startLeaderElection();
    }

    /** Another {@code lookForLeader()} on the running election layer (the next round). */
    CompletableFuture<Vote> look(ExecutorService thread) {
        return CompletableFuture.supplyAsync(() -> {
            setPeerState(ServerState.LOOKING);
            try {
                Vote v = ((FastLeaderElection) getElectionAlg()).lookForLeader();
                if (v == null) {
                    throw new IllegalStateException("ZooKeeper peer " + getMyId() + " was shut down while LOOKING");
                }
                setCurrentVote(v); // what QuorumPeer.run does with the result
                return v;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, thread);
    }

    /** What a server does after Zab sync (docs/protocol.md "Epoch establishment" step 6): persist and advertise the new epoch. */
    void establish(long newEpoch) {
        epoch = newEpoch;
        zxid = newEpoch << 32;
        updateElectionVote(newEpoch);
    }

    /** Stops its election layer (listener, connections, workers). */
    void stopElection() {
        if (getElectionAlg() != null) {
            getElectionAlg().shutdown();
        }
    }
}
