package dev.ballot.bench.cell;

import java.util.concurrent.CompletableFuture;

/**
 * One system's election layers for every peer of a {@link Layout}, inside the cell JVM. The scenario code
 * drives both systems through this interface only, so they are measured the same way.
 *
 * <p>Not thread-safe: one scenario thread calls it.
 */
public interface Ensemble extends AutoCloseable {

    /** Starts the election layer (listener, workers) of {@code sid}; returns once it is started. */
    void start(long sid);

    /**
     * Makes {@code sid} look for a leader (a new round); completes with the leader's sid when this peer has
     * decided, after the peer was told its new role so it answers LOOKING peers as a decided server would.
     */
    CompletableFuture<Long> lookForLeader(long sid);

    /** Shuts {@code sid}'s election layer down (connections closed, port released); blocks until done. */
    void stop(long sid);

    /** Replaces a stopped {@code sid} with a fresh instance on the same addresses (not started). */
    void recreate(long sid);

    /** Notifications sent so far by all peers, or -1 when the system does not expose them. */
    long notificationsSent();

    /** Notifications received so far by all peers, or -1 when the system does not expose them. */
    long notificationsReceived();

    /** Stops every peer still running and releases everything the ensemble owns. */
    @Override
    void close();
}
