package dev.ballot.election.fsm;

import java.time.Duration;
import java.util.Objects;

/** A timer request in an {@link Output}: arm (replacing any armed timer of that kind) or cancel. */
public sealed interface TimerCommand {

    /** The timer this command is about. */
    TimerKind kind();

    /**
     * Run {@code kind} once after {@code delay}, then call {@code onTimeout(kind, generation)}.
     * Replaces an armed timer of the same kind.
     */
    record Arm(TimerKind kind, Duration delay, long generation) implements TimerCommand {
        public Arm {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative timer delay " + delay + " for " + kind);
            }
        }
    }

    /** Cancel the armed timer of {@code kind}, if any (a late firing would be stale anyway). */
    record Cancel(TimerKind kind) implements TimerCommand {
        public Cancel {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
