package dev.ballot.leadership;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.PeerState;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The election as the peer uses it: the narrow port between {@link QuorumPeer} and the election
 * module (its adapter is {@link FleElector}; tests use a scripted fake).
 *
 * <p>Thread-safe; futures complete on the election's executor, callers hop to their own loop.
 */
public interface Elector {

    /**
     * What the election tells the peer between decisions. Called on the election's executor; must not block.
     */
    interface Watcher {
        /**
         * The leader this peer follows sent a LOOKING notification showing it does not lead the decided round:
         * it looks in a later {@code round}, or proposes another peer in that round.
         */
        void leaderLooking(long leader, long round);
    }

    /** Where {@link Watcher} events go from now on (the default ignores them). */
    default void watch(Watcher watcher) {
    }

    /** Binds the election port and starts the driver. */
    CompletableFuture<Void> start();

    /** Enters LOOKING (the next round); completes when decided. */
    CompletableFuture<ElectionResult> lookForLeader();

    /**
     * The role of the last decision is established under {@code epoch}: from now on LOOKING peers are
     * answered with the decided vote carrying {@code epoch} as its peer epoch, and the next election
     * starts from ({@code epoch}, zxid {@code epoch << 32}). The election keeps the vote; the caller only
     * says what happened.
     */
    CompletableFuture<Void> onEpochEstablished(PeerState role, long epoch);

    /**
     * A leader resigns and sits out the next election: LOOKING peers are answered as by an observer,
     * which FLE ignores, so nobody counts or follows this peer's old vote.
     */
    CompletableFuture<Void> sitOut();

    /**
     * This peer's role heard nothing from {@code sid} for syncLimit*tickTime (a follower's leader): the next
     * election counts it as known down until it hears from it ({@link dev.ballot.election.Election#peerSilent}).
     */
    void peerSilent(long sid);

    /** Election and transport counters so far. */
    PeerCounters counters();

    /** Sids with a live election connection. */
    Set<Long> connectedPeers();

    /** Closes the election and its transport. */
    CompletableFuture<Void> closeAsync();

    /**
     * Leaves the election for now (a peer that cannot persist an epoch): the election port closes, so the
     * other peers neither wait for this peer nor elect it. Counters keep what they counted.
     */
    CompletableFuture<Void> withdraw();

    /** Back in the election after {@link #withdraw()}, with these persisted values; then {@link #lookForLeader()}. */
    CompletableFuture<Void> rejoin(long currentEpoch, long lastZxid);
}
