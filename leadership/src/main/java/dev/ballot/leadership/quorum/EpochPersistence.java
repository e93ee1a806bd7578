package dev.ballot.leadership.quorum;

import java.util.concurrent.CompletableFuture;

/**
 * A peer's epoch files as the roles see them: the last persisted values, and asynchronous writes
 * that run off the event loop (a write fsyncs) and complete once the value is durable.
 *
 * <p>Implementations are thread-safe. Futures complete on the writer's thread; callers hop back to
 * their event loop.
 */
public interface EpochPersistence {

    /** The persisted epochs as of the last completed write. */
    EpochState read();

    /** Durably stores {@code epoch} as the accepted epoch. */
    CompletableFuture<Void> persistAccepted(long epoch);

    /** Durably stores {@code epoch} as the current epoch (and the last zxid becomes {@code epoch << 32}). */
    CompletableFuture<Void> persistCurrent(long epoch);
}
