package dev.ballot.leadership.quorum;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Where a role's time, timers and hops come from: the peer's event loop and its ticker in production
 * ({@link #onLoop}), virtual time in the whole-peer simulator, so that {@link ActionRunner} (and the deadline
 * timer and epoch writes it drives) is the same code in both. Every task runs on the role's one thread.
 */
public interface RoleScheduler {

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }

    /** Nanoseconds of the role's monotonic clock. */
    long now();

    /** Runs {@code task} in a later turn of the role's thread (a hop back to the loop). */
    void execute(Runnable task);

    /** Runs {@code task} once, {@code delayNanos} from now. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} every {@code periodNanos}, the first time one period from now. */
    Cancellable scheduleAtFixedRate(long periodNanos, Runnable task);

    /** The production scheduler: the peer's event loop, its time from {@code ticker} (the loop's). */
    static RoleScheduler onLoop(EventLoop loop, LongSupplier ticker) {
        return new RoleScheduler() {
            @Override
            public long now() {
                return ticker.getAsLong();
            }

            @Override
            public void execute(Runnable task) {
                loop.execute(task);
            }

            @Override
            public Cancellable schedule(long delayNanos, Runnable task) {
                ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public Cancellable scheduleAtFixedRate(long periodNanos, Runnable task) {
                ScheduledFuture<?> f = loop.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }
        };
    }
}
