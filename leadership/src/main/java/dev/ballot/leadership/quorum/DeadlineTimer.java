package dev.ballot.leadership.quorum;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Runs {@code onDue} when a session's deadline passes, on the loop, to the timer's precision rather than on a
 * coarse periodic poll. The deadline moves later with every frame heard, so the timer is not re-armed then:
 * when it fires early it re-arms itself for the current deadline; it is re-armed at once only when the deadline
 * moved earlier ({@link #arm()} after every input). Not thread-safe: the loop only.
 */
final class DeadlineTimer {
    private final RoleScheduler sched;
    private final Supplier<OptionalLong> deadline;
    private final Runnable onDue;
    private RoleScheduler.Cancellable timer;
    private long armedFor;
    private boolean cancelled;

    DeadlineTimer(RoleScheduler sched, Supplier<OptionalLong> deadline, Runnable onDue) {
        this.sched = sched;
        this.deadline = deadline;
        this.onDue = onDue;
    }

    /** Arms the timer for the session's deadline, unless it is already armed for that time or earlier. */
    void arm() {
        OptionalLong d = deadline.get();
        if (cancelled || d.isEmpty()) {
            return;
        }
        long at = d.getAsLong();
        if (timer != null && armedFor - at <= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        armedFor = at;
        timer = sched.schedule(Math.max(0, at - sched.now()), this::fire);
    }

    private void fire() {
        timer = null;
        if (cancelled) {
            return;
        }
        OptionalLong d = deadline.get();
        if (d.isPresent() && sched.now() - d.getAsLong() >= 0) {
            onDue.run();
        }
        arm();
    }

    void cancel() {
        cancelled = true;
        if (timer != null) {
            timer.cancel();
        }
    }
}
