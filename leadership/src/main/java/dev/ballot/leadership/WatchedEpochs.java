package dev.ballot.leadership;

import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.EpochState;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The epoch files as the roles use them, reporting every failed write to the peer ({@code onFault} with the
 * failure's message: the file and the operating system's reason) before the role hears of it, so that the peer
 * knows the role ended for a disk fault. Thread-safe if {@code inner} is.
 */
final class WatchedEpochs implements EpochPersistence {
    private final EpochPersistence inner;
    private final Consumer<String> onFault;

    WatchedEpochs(EpochPersistence inner, Consumer<String> onFault) {
        this.inner = inner;
        this.onFault = onFault;
    }

    @Override
    public EpochState read() {
        return inner.read();
    }

    @Override
    public CompletableFuture<Void> persistAccepted(long epoch) {
        return watch(inner.persistAccepted(epoch));
    }

    @Override
    public CompletableFuture<Void> persistCurrent(long epoch) {
        return watch(inner.persistCurrent(epoch));
    }

    private CompletableFuture<Void> watch(CompletableFuture<Void> write) {
        return write.whenComplete((v, err) -> {
            if (err != null) {
                onFault.accept(EpochPersistence.failureMessage(err));
            }
        });
    }
}
