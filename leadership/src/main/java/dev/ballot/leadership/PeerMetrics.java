package dev.ballot.leadership;

import java.time.Duration;

/**
 * Where a {@link QuorumPeer} reports what metrics are made of. Called on the peer's event loop;
 * implementations must not block. The server's Prometheus registry implements it; embedders
 * that keep no metrics use {@link #NOOP}.
 */
public interface PeerMetrics {

    /** Reports nothing. */
    PeerMetrics NOOP = new PeerMetrics() {
    };

    /** An election decided after {@code duration}. */
    default void electionDecided(Duration duration) {
    }

    /** The peer's state changed (LOOKING, FOLLOWING, LEADING, OBSERVING). */
    default void role(String state) {
    }

    /** The role is established under {@code epoch}: a leader is known. */
    default void established(long epoch) {
    }

    /** The established role ended (or an attempt failed): no leader until the next establishment. */
    default void leaderless() {
    }

    /** A leader stepped down or a learner gave up its leader. */
    default void abandoned() {
    }

    /** Whether the peer can persist its epochs: false from a failed write until a probe write succeeds. */
    default void diskWritable(boolean writable) {
    }
}
