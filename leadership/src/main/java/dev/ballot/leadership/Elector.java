package dev.ballot.leadership;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The election as the peer uses it: the narrow port between {@link QuorumPeer} and the election
 * module (its adapter is {@link FleElector}; tests use a scripted fake).
 *
 * <p>Thread-safe; futures complete on the election's executor, callers hop to their own loop.
 */
public interface Elector {

    /** Binds the election port and starts the driver. */
    CompletableFuture<Void> start();

    /** Enters LOOKING (the next round); completes when decided. */
    CompletableFuture<Decision> lookForLeader();

    /** After establishment: answer LOOKING peers with {@code role} and {@code vote} (carrying the new peer epoch). */
    CompletableFuture<Void> setState(PeerState role, Vote vote);

    /** Feeds the next election's initial vote. */
    void updatePersisted(long currentEpoch, long lastZxid);

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

    /**
     * An election's outcome.
     *
     * @param vote                  the decided vote
     * @param role                  this peer's role from it
     * @param round                 the logical clock of the decision
     * @param duration              from entering LOOKING to the decision
     * @param roundsObserved        rounds observed
     * @param notificationsReceived notifications received in it
     * @param notificationsSent     notifications sent in it
     */
    record Decision(Vote vote, PeerState role, long round, java.time.Duration duration, int roundsObserved,
                    long notificationsReceived, long notificationsSent) {
    }
}
