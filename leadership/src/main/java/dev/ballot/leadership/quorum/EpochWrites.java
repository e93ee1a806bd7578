package dev.ballot.leadership.quorum;

import dev.ballot.core.Reasons;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Carries out a session's {@link Action.PersistAccepted} and {@link Action.PersistCurrent} for either role: the
 * write runs off the event loop ({@link RoleContext#epochs()}), and its outcome is fed back to the session on
 * the loop. Stateless.
 */
final class EpochWrites {
    private EpochWrites() {
    }

    /** What a session does once an epoch write ended. */
    interface Steps {
        List<Action> onAcceptedPersisted(long epoch, long now);

        List<Action> onCurrentPersisted(long epoch, long now);

        List<Action> onPersistFailed(String what);
    }

    /**
     * Starts the write if {@code action} is one; {@code run} then gets the session's next actions on the loop.
     *
     * @return whether {@code action} was an epoch write
     */
    static boolean handle(Action action, RoleContext ctx, Steps session, Consumer<List<Action>> run) {
        if (action instanceof Action.PersistAccepted p) {
            persist(ctx, ctx.epochs().persistAccepted(p.epoch()), "acceptedEpoch=" + p.epoch(), session, run,
                    () -> session.onAcceptedPersisted(p.epoch(), ctx.now()));
            return true;
        }
        if (action instanceof Action.PersistCurrent p) {
            persist(ctx, ctx.epochs().persistCurrent(p.epoch()), "currentEpoch=" + p.epoch(), session, run,
                    () -> session.onCurrentPersisted(p.epoch(), ctx.now()));
            return true;
        }
        return false;
    }

    private static void persist(RoleContext ctx, CompletableFuture<Void> write, String what, Steps session,
                                Consumer<List<Action>> run, Supplier<List<Action>> then) {
        write.whenCompleteAsync((v, err) -> run.accept(err != null
                ? session.onPersistFailed(what + ": " + EpochPersistence.failureMessage(err)) : then.get()), ctx.loop());
    }
}
