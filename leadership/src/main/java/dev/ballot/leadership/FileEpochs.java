package dev.ballot.leadership;

import dev.ballot.core.Reasons;
import dev.ballot.core.Zxid;
import dev.ballot.core.store.EpochStore;
import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.EpochState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link EpochPersistence} over core's {@link EpochStore} ({@code <dataDir>/version-2/currentEpoch}
 * and {@code acceptedEpoch}, written atomically with fsync). Writes run on the given executor, never
 * on an event loop. Thread-safe.
 */
public final class FileEpochs implements EpochPersistence {
    private final EpochStore store;
    private final Executor io;
    private volatile EpochState state; // last durable values

    private FileEpochs(EpochStore store, Executor io, EpochState state) {
        this.store = store;
        this.io = io;
        this.state = state;
    }

    /**
     * Reads both epoch files (blocking; call from {@code main}). A corrupt or inconsistent file fails
     * with {@link dev.ballot.core.store.EpochFileException} and nothing is written.
     */
    public static FileEpochs load(Path dataDir, Executor io) throws IOException {
        EpochStore store = EpochStore.open(dataDir);
        var p = store.load();
        long current = p.currentEpoch().orElse(0);
        long accepted = p.acceptedEpoch().orElse(current);
        return new FileEpochs(store, io, new EpochState(accepted, current, Zxid.make(current, 0)));
    }

    /** Whether either file is missing (a fresh peer). */
    public boolean missingFiles() throws IOException {
        return store.currentEpoch().isEmpty() || store.acceptedEpoch().isEmpty();
    }

    /**
     * Writes the files that are missing with the values {@link #load} assumed (blocking; first start).
     *
     * @throws IOException naming the file that could not be written and the operating system's reason
     */
    public void createMissing() throws IOException {
        EpochState s = state;
        if (store.acceptedEpoch().isEmpty()) {
            write(EpochStore.ACCEPTED_EPOCH, () -> store.writeAcceptedEpoch(s.acceptedEpoch()));
        }
        if (store.currentEpoch().isEmpty()) {
            write(EpochStore.CURRENT_EPOCH, () -> store.writeCurrentEpoch(s.currentEpoch()));
        }
    }

    /** {@code <dataDir>/version-2}. */
    public Path directory() {
        return store.directory();
    }

    @Override
    public EpochState read() {
        return state;
    }

    @Override
    public CompletableFuture<Void> persistAccepted(long epoch) {
        return CompletableFuture.runAsync(() -> {
            unchecked(EpochStore.ACCEPTED_EPOCH, () -> store.writeAcceptedEpoch(epoch));
            EpochState s = state;
            state = new EpochState(epoch, s.currentEpoch(), s.lastZxid());
        }, io);
    }

    @Override
    public CompletableFuture<Void> persistCurrent(long epoch) {
        return CompletableFuture.runAsync(() -> {
            unchecked(EpochStore.CURRENT_EPOCH, () -> store.writeCurrentEpoch(epoch));
            EpochState s = state;
            state = new EpochState(Math.max(s.acceptedEpoch(), epoch), epoch, Zxid.make(epoch, 0));
        }, io);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** Runs a write; its failure names the file and the reason ("cannot write .../acceptedEpoch: read-only file system"). */
    private void write(String name, IoAction a) throws IOException {
        try {
            a.run();
        } catch (IOException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith("cannot write ")) {
                throw e; // the store named the file already
            }
            throw new IOException("cannot write " + store.directory().resolve(name) + ": " + Reasons.of(e), e);
        }
    }

    private void unchecked(String name, IoAction a) {
        try {
            write(name, a);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
