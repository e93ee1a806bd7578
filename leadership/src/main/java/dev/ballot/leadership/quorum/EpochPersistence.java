package dev.ballot.leadership.quorum;

import dev.ballot.core.Reasons;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    /**
     * The message of a failed write itself (it names the file and the reason), not that of the future's wrapper
     * ("java.util.concurrent.CompletionException: ...").
     */
    static String failureMessage(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t.getMessage() == null ? Reasons.of(t) : t.getMessage();
    }
}
