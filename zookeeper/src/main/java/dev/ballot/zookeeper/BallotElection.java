package dev.ballot.zookeeper;

import dev.ballot.core.PeerState;
import dev.ballot.election.ElectionResult;
import dev.ballot.transport.netty.NettyQuorumTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.common.Time;
import org.apache.zookeeper.server.quorum.Election;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeer.ServerState;
import org.apache.zookeeper.server.quorum.Vote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's {@link Election} on Ballot: the seam between a ZooKeeper {@link QuorumPeer} and a Ballot
 * {@link dev.ballot.election.Election}.
 *
 * <ul>
 *   <li>In: {@link #lookForLeader()} (the QuorumPeer thread; the only blocking call, as ZooKeeper's API demands;
 *       it hands the peer's persisted currentEpoch and last logged zxid to the election and waits for its
 *       decision); {@link #onCurrentVote(Vote, ServerState)} (every change of the peer's current vote while it
 *       leads, follows or observes: the decision itself, the new epoch after Zab's epoch establishment, so that
 *       LOOKING peers are answered from the peer's live state as ZooKeeper's receiver thread answers them);
 *       {@link #shutdown()}.</li>
 *   <li>Out: the decided vote and the peer's new {@link ServerState}, set as ZooKeeper's FastLeaderElection
 *       sets them.</li>
 * </ul>
 *
 * <p>The election and its transport run on one 2-thread event loop group; no thread per peer, no
 * {@code QuorumCnxManager}.
 */
final class BallotElection implements Election {
    private static final Logger LOG = LoggerFactory.getLogger(BallotElection.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final QuorumPeer peer;
    private final EventLoopGroup group;
    private final dev.ballot.election.Election election;
    private final NettyQuorumTransport transport;
    /** Consecutive failed elections (a closed or broken election); backs off the peer thread's retries. */
    private int failures;

    private BallotElection(QuorumPeer peer, ElectionSettings settings) {
        this.peer = peer;
        long sid = settings.election().myId();
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("ballot-election-" + sid, true),
                NioIoHandler.newFactory());
        this.transport = NettyQuorumTransport.builder().config(settings.transport()).eventLoopGroup(group).build();
        this.election = dev.ballot.election.Election.builder().config(settings.election()).transport(transport)
                .executor(group.next()).build();
    }

    /**
     * Builds and starts the election: returns once the election port is bound.
     *
     * @throws IllegalStateException naming the address when the port cannot be bound (ZooKeeper exits then too)
     */
    static BallotElection start(QuorumPeer peer, ElectionSettings settings) {
        BallotElection e = new BallotElection(peer, settings);
        try {
            e.election.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            e.shutdown();
            throw new IllegalStateException("interrupted while starting the election");
        } catch (ExecutionException | TimeoutException ex) {
            e.shutdown();
            Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            throw new IllegalStateException("cannot start Ballot's election on "
                    + settings.transport().ownAddresses() + ": " + cause, cause);
        }
        LOG.info("{}: Ballot election listening on {} (no QuorumCnxManager)", settings.election().myId(),
                e.transport.boundAddresses());
        return e;
    }

    @Override
    public Vote lookForLeader() throws InterruptedException {
        long epoch;
        try {
            epoch = peer.getCurrentEpoch();
        } catch (IOException e) {
            throw new IllegalStateException(peer.getMyId() + ": cannot read currentEpoch: " + e.getMessage(), e);
        }
        peer.start_fle = Time.currentElapsedTime(); // ZooKeeper logs "LEADER ELECTION TOOK" from this
        election.updatePersisted(epoch, peer.getLastLoggedZxid());
        CompletableFuture<ElectionResult> pending = election.lookForLeader();
        ElectionResult result;
        try {
            result = pending.get();
        } catch (InterruptedException e) {
            throw e; // QuorumPeer.shutdown(): the election is being closed, which fails the pending one
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (CancellationException e) {
            throw failed(e);
        }
        failures = 0;
        peer.setPeerState(Votes.toZooKeeper(result.role()));
        return Votes.toZooKeeper(result.vote());
    }

    /** A failed election: one line with a count, and a capped back-off so the peer thread never spins. */
    private RuntimeException failed(Throwable cause) throws InterruptedException {
        failures++;
        long backoffMs = Math.min(10_000, 100L << Math.min(failures, 7));
        LOG.error("{}: election failed ({} in a row), retrying in {} ms: {}", peer.getMyId(), failures, backoffMs,
                cause.toString());
        Thread.sleep(backoffMs);
        return new IllegalStateException("election failed: " + cause, cause);
    }

    /**
     * The peer's current vote changed while in {@code state}: LOOKING peers are answered with it from now on.
     * A change during an election (the election's own result arrives that way too) is the election's business.
     */
    void onCurrentVote(Vote vote, ServerState state) {
        if (vote == null || state == ServerState.LOOKING) {
            return;
        }
        PeerState role = Votes.toBallot(state);
        if (election.state() != role) {
            return;
        }
        election.setState(role, Votes.toBallot(vote, role)).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("{}: vote update {} not applied: {}", peer.getMyId(), vote, e.toString());
            }
        });
    }

    /** The election's state (for tests and logs). */
    PeerState state() {
        return election.state();
    }

    @Override
    public void shutdown() {
        try {
            election.closeAsync().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: election did not close cleanly: {}", peer.getMyId(), e.toString());
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
