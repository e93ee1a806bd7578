package dev.ballot.election;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.core.transport.Transport;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One peer's leader election (ZooKeeper's FastLeaderElection, docs/protocol.md "4. Fast Leader Election"), embeddable in a Netty service.
 *
 * <pre>{@code
 * Election e = Election.builder().config(ElectionConfig.from(cfg, myId)).transport(transport)
 *         .executor(group.next()).listener(listener).persisted(currentEpoch, lastZxid).build();
 * e.start().thenCompose(v -> e.lookForLeader()).thenAccept(r -> ...);
 * }</pre>
 *
 * <p><b>Lifecycle</b>: NEW → STARTING → RUNNING → CLOSING → CLOSED ({@link #start()}, {@link #closeAsync()}).
 * <b>Threading</b>: every method is thread-safe and non-blocking except {@link #close()}; work hops onto
 * one {@link EventExecutor} (the caller's, or one the election owns and shuts down on close); futures
 * complete and listener callbacks run on that executor.
 */
public interface Election extends AutoCloseable {

    /** A builder; config and transport are required. */
    static Builder builder() {
        return new Builder();
    }

    /** Starts the transport and the driver; completes when the transport is listening. */
    CompletableFuture<Void> start();

    /**
     * Enters LOOKING and runs the next election round. Completes when it decides; if an election is
     * already running, returns its future. Fails if not RUNNING or when closed before deciding.
     */
    CompletableFuture<ElectionResult> lookForLeader();

    /**
     * After deciding (or after epoch establishment): FOLLOWING, LEADING or OBSERVING with the vote used
     * to answer LOOKING peers (copy the new epoch into its peerEpoch, docs/protocol.md "Epoch establishment" step 6). Fails on an
     * illegal transition (e.g. while an election runs, or to LOOKING).
     */
    CompletableFuture<Void> setState(PeerState state, Vote currentVote);

    /** New persisted (currentEpoch, lastZxid), used by the next election's initial vote. */
    void updatePersisted(long currentEpoch, long lastZxid);

    /**
     * The caller's own failure detector found {@code sid} silent although its election connection is open (a
     * follower heard nothing from its leader for syncLimit*tickTime). The election counts that voter as known
     * down, as if its connection had closed, until it hears from it again: a decision that waits only for it
     * waits the short grace instead of the whole finalize wait (docs/protocol.md "Where Ballot differs"). Its
     * election connection is reset ({@link dev.ballot.core.transport.Transport#reset}): after a one-way cut its
     * answers would otherwise wait in a stalled TCP connection for tens of seconds after the heal.
     */
    void peerSilent(long sid);

    /** The election state as of the last processed input. */
    PeerState state();

    /** This peer's sid. */
    long localSid();

    /** Counters as of the last processed input. */
    ElectionStats stats();

    /** Stops timers, fails a pending election, closes the transport (and an owned executor). Idempotent. */
    CompletableFuture<Void> closeAsync();

    /** {@link #closeAsync()} and wait; for {@code main} and tests. Idempotent. */
    @Override
    default void close() {
        closeAsync().join();
    }

    /** Builds an {@link Election}. Not thread-safe; use once. */
    final class Builder {
        ElectionConfig config;
        Transport transport;
        EventExecutor executor;
        ElectionListener listener = new ElectionListener() { };
        long currentEpoch;
        long lastZxid;
        TraceSink traceSink = TraceSink.NOOP;

        Builder() {
        }

        /** Required. */
        public Builder config(ElectionConfig v) { this.config = v; return this; }

        /** Required; the election starts it and closes it. Its local sid must equal the config's. */
        public Builder transport(Transport v) { this.transport = v; return this; }

        /** Optional: the executor to run on (the caller's). Absent: the election owns one thread. */
        public Builder executor(EventExecutor v) { this.executor = v; return this; }

        /** Optional. */
        public Builder listener(ElectionListener v) { this.listener = Objects.requireNonNull(v, "listener"); return this; }

        /** The persisted currentEpoch and last zxid (default 0, 0). */
        public Builder persisted(long epoch, long zxid) { this.currentEpoch = epoch; this.lastZxid = zxid; return this; }

        /**
         * Optional: where this election's trace events go (election started, notifications, proposal
         * changes, quorum, finalize wait, decision, role changes), stamped with {@link System#nanoTime()}.
         * Default {@link TraceSink#NOOP}: tracing off.
         */
        public Builder traceSink(TraceSink v) { this.traceSink = Objects.requireNonNull(v, "traceSink"); return this; }

        /** @throws IllegalArgumentException if a required part is missing or the sids disagree */
        public Election build() {
            if (config == null || transport == null) {
                throw new IllegalArgumentException("Election.builder(): config and transport are required (config="
                        + config + ", transport=" + transport + ")");
            }
            if (transport.localSid() != config.myId()) {
                throw new IllegalArgumentException("transport sid " + transport.localSid() + " != config myId "
                        + config.myId());
            }
            return new ElectionDriver(this);
        }
    }
}
