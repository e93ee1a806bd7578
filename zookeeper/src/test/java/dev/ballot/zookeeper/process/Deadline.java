package dev.ballot.zookeeper.process;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling with a deadline: the process tests' only way to wait. */
final class Deadline {
    private static final long POLL_MS = 50;

    private Deadline() {
    }

    /** Polls {@code probe} until it returns a value or {@code timeout} passes; then fails naming {@code what}. */
    static <T> T await(Duration timeout, String what, Supplier<Optional<T>> probe) {
        return await(timeout, () -> what, probe);
    }

    /** As above; {@code what} is built only on failure (it may describe the state at that moment). */
    static <T> T await(Duration timeout, Supplier<String> what, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.get());
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    static void awaitTrue(Duration timeout, Supplier<String> what, Supplier<Boolean> condition) {
        await(timeout, what, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
