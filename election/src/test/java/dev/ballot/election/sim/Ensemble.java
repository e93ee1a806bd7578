package dev.ballot.election.sim;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * An ensemble the scenario suite drives (convention 20): the simulator on virtual time, or Netty
 * peers over loopback on real time. Peers are sids of {@link #quorum()}; "mock" peers are sids of the
 * config with a bare transport and no election, used to send hand-made payloads.
 */
public interface Ensemble extends AutoCloseable {
    /** The committed configuration. */
    QuorumVerifier quorum();

    /** Starts peer {@code sid} with its persisted (currentEpoch, lastZxid) and makes it look for a leader. */
    void start(long sid, long currentEpoch, long lastZxid);

    /** One peer to start: its sid and persisted (currentEpoch, lastZxid). */
    record Start(long sid, long currentEpoch, long lastZxid) {
    }

    /**
     * Starts {@code peers} as one ensemble coming up at once: each peer looks for a leader as if
     * {@link #start} had been called for each in turn. A real-time ensemble first binds and connects
     * every peer, then lets them look together, so that start-up latency does not decide the election
     * (FLE legitimately elects without a vote that arrives after a quorum's finalize wait).
     */
    default void startTogether(Collection<Start> peers) {
        peers.forEach(p -> start(p.sid(), p.currentEpoch(), p.lastZxid()));
    }

    /** Makes decided peers look again together, as if {@link #lookAgain} had been called for each in turn. */
    default void lookAgainTogether(Collection<Long> sids) {
        sids.forEach(this::lookAgain);
    }

    /** Stops peer {@code sid} (crash: no goodbye). */
    void stop(long sid);

    /** Makes a decided peer look for a leader again (the next round of its election). */
    void lookAgain(long sid);

    /** Waits (virtual or real time, bounded) until every peer in {@code sids} has decided. */
    void awaitDecided(Collection<Long> sids);

    /** Waits (bounded) until {@code condition} holds; fails with {@code what}. */
    void await(java.util.function.BooleanSupplier condition, String what);

    /** The peer's election state. */
    PeerState state(long sid);

    /** The peer's current vote (its last result, or its start-up vote). */
    Vote vote(long sid);

    /**
     * Epoch establishment in miniature (docs/protocol.md "Epoch establishment"): the leader and its followers persist
     * {@code newEpoch} and answer LOOKING peers with it.
     */
    void establish(long leader, long newEpoch);

    /** Makes {@code sid} a mock peer that sends raw payloads and records what it receives. */
    void mock(long sid);

    /** Sends a raw payload from mock {@code from} to {@code to}. */
    void sendRaw(long from, long to, ByteBuffer payload);

    /** Waits (bounded) until mock {@code sid} received a notification matching {@code p}. */
    Notification awaitReceived(long sid, Predicate<Notification> p);

    @Override
    void close();
}
