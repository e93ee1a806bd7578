package dev.ballot.leadership.quorum;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Carries out a session's {@link Action.PersistAccepted} and {@link Action.PersistCurrent} for either role: the
 * write runs off the event loop (the {@link EpochPersistence}), and its outcome is fed back to the session on
 * the loop ({@link RoleScheduler#execute}). Stateless.
 */
final class EpochWrites {
    private EpochWrites() {
    }

    /**
     * Starts the write if {@code action} is one; {@code run} then gets the session's next actions on the loop.
     *
     * @return whether {@code action} was an epoch write
     */
    static boolean handle(Action action, EpochPersistence epochs, RoleScheduler sched, EpochSteps session,
                          Consumer<List<Action>> run) {
        if (action instanceof Action.PersistAccepted p) {
            persist(sched, epochs.persistAccepted(p.epoch()), "acceptedEpoch=" + p.epoch(), session, run,
                    () -> session.onAcceptedPersisted(p.epoch(), sched.now()));
            return true;
        }
        if (action instanceof Action.PersistCurrent p) {
            persist(sched, epochs.persistCurrent(p.epoch()), "currentEpoch=" + p.epoch(), session, run,
                    () -> session.onCurrentPersisted(p.epoch(), sched.now()));
            return true;
        }
        return false;
    }

    private static void persist(RoleScheduler sched, CompletableFuture<Void> write, String what, EpochSteps session,
                                Consumer<List<Action>> run, Supplier<List<Action>> then) {
        write.whenComplete((v, err) -> sched.execute(() -> run.accept(err != null
                ? session.onPersistFailed(what + ": " + EpochPersistence.failureMessage(err)) : then.get())));
    }
}
