package dev.ballot.leadership.quorum;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** In-memory {@link EpochPersistence} whose writes complete on {@code executor}, like the real one. */
final class MemoryEpochs implements EpochPersistence {
    private final Executor executor;
    private volatile EpochState state;

    MemoryEpochs(Executor executor, long accepted, long current) {
        this.executor = executor;
        this.state = new EpochState(accepted, current, current << 32);
    }

    @Override
    public EpochState read() {
        return state;
    }

    @Override
    public CompletableFuture<Void> persistAccepted(long epoch) {
        return CompletableFuture.runAsync(() -> {
            EpochState s = state;
            state = new EpochState(epoch, s.currentEpoch(), s.lastZxid());
        }, executor);
    }

    @Override
    public CompletableFuture<Void> persistCurrent(long epoch) {
        return CompletableFuture.runAsync(() -> state = new EpochState(state.acceptedEpoch(), epoch, epoch << 32),
                executor);
    }
}
