package dev.ballot.leadership.sim;

import dev.ballot.leadership.quorum.RoleScheduler;

/**
 * The production {@code ActionRunner}'s {@link RoleScheduler} on virtual time: the peer's drifting clock, its
 * timers and hops as tasks that do nothing once the process that armed them died. Not thread-safe.
 */
final class SimScheduler implements RoleScheduler {
    private final RoleEnv env;

    SimScheduler(RoleEnv env) {
        this.env = env;
    }

    @Override
    public long now() {
        return env.now();
    }

    @Override
    public void execute(Runnable task) {
        env.later(0, task);
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = {false};
        env.later(delayNanos, () -> {
            if (!cancelled[0]) {
                task.run();
            }
        });
        return () -> cancelled[0] = true;
    }

    @Override
    public Cancellable scheduleAtFixedRate(long periodNanos, Runnable task) {
        boolean[] cancelled = {false};
        long start = env.now();
        env.later(periodNanos, new Runnable() {
            private long runs;

            @Override
            public void run() {
                if (cancelled[0]) {
                    return;
                }
                task.run();
                runs++;
                env.later(start + (runs + 1) * periodNanos - env.now(), this);
            }
        });
        return () -> cancelled[0] = true;
    }
}
