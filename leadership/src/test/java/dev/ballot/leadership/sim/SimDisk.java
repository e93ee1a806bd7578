package dev.ballot.leadership.sim;

import dev.ballot.core.Zxid;
import dev.ballot.election.sim.VirtualScheduler;
import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.EpochState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A peer's epoch files on a simulated disk, as {@link EpochPersistence}: a write takes a few virtual ms and is
 * atomic (the values are the old or the new ones, never torn: a crash while it is pending keeps it or not, by
 * the seed); the disk can turn read-only, fill up, fail with an I/O error, and heal. A failed write completes
 * exceptionally with the message {@code FileEpochs} gives (the file and the reason). The durable values survive
 * the peer's crashes. Not thread-safe.
 */
final class SimDisk implements EpochPersistence {

    /** What the disk does with a write. */
    enum Mode {
        HEALTHY(null), READ_ONLY("Read-only file system"), FULL("No space left on device"), FAILING("Input/output error");

        final String reason;

        Mode(String reason) {
            this.reason = reason;
        }
    }

    private final long sid;
    private final VirtualScheduler clock;
    private final SplittableRandom random;
    private final List<Runnable> pending = new ArrayList<>(); // writes not yet durable, in order
    private Consumer<String> onWriteFailed = reason -> { };
    private EpochState durable;
    private Mode mode = Mode.HEALTHY;
    private boolean failedSinceFault; // a write failed since the disk last turned faulty and the process started

    SimDisk(long sid, VirtualScheduler clock, SplittableRandom random, EpochState initial) {
        this.sid = sid;
        this.clock = clock;
        this.random = random;
        this.durable = initial;
    }

    /** Where failed writes are reported first (the peer's disk-fault watch, as {@code WatchedEpochs}). */
    void onWriteFailed(Consumer<String> watcher) {
        this.onWriteFailed = watcher;
    }

    void mode(Mode m) {
        this.mode = m;
        failedSinceFault = false;
    }

    /** Whether the disk is faulty and a write of the running process found out (it knows it cannot persist). */
    boolean knownFaulty() {
        return mode != Mode.HEALTHY && failedSinceFault;
    }

    Mode mode() {
        return mode;
    }

    @Override
    public EpochState read() {
        return durable;
    }

    @Override
    public CompletableFuture<Void> persistAccepted(long epoch) {
        return write("acceptedEpoch=" + epoch, "acceptedEpoch",
                () -> durable = new EpochState(epoch, durable.currentEpoch(), durable.lastZxid()));
    }

    @Override
    public CompletableFuture<Void> persistCurrent(long epoch) {
        return write("currentEpoch=" + epoch, "currentEpoch", () -> durable = new EpochState(
                Math.max(durable.acceptedEpoch(), epoch), epoch, Zxid.make(epoch, 0)));
    }

    /**
     * The peer's process died: each pending write became durable or not (a rename that happened or did not), and
     * none reports back.
     */
    void crashed() {
        failedSinceFault = false; // the next process has not found out yet
        for (Runnable w : pending) {
            if (random.nextBoolean()) {
                w.run();
            }
        }
        pending.clear();
    }

    private CompletableFuture<Void> write(String what, String file, Runnable apply) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(apply);
        clock.schedule(1 + random.nextInt(5), () -> {
            if (!pending.remove(apply)) {
                return; // the process crashed meanwhile
            }
            if (mode != Mode.HEALTHY) {
                failedSinceFault = true;
                String message = "cannot write /sim/" + sid + "/version-2/" + file + ": " + mode.reason;
                onWriteFailed.accept(message);
                done.completeExceptionally(new UncheckedIOException(message, new IOException(message)));
                return;
            }
            apply.run();
            done.complete(null);
        });
        return done;
    }
}
