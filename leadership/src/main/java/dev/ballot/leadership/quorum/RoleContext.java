package dev.ballot.leadership.quorum;

import dev.ballot.core.quorum.QuorumVerifier;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * What a role needs from its peer: identity, timing, the event loop everything runs on, the epoch
 * files, and an executor for blocking work (DNS, nothing else).
 *
 * @param mySid       this peer's sid
 * @param quorum      the ensemble
 * @param tickTime    {@code tickTime}; heartbeats go every {@code tickTime / 2}
 * @param initTimeout {@code initLimit * tickTime}
 * @param syncTimeout {@code syncLimit * tickTime}
 * @param loop        the peer's event loop: every role callback and channel of the quorum port runs on it
 * @param epochs      the epoch files
 * @param blocking    where name resolution runs (never the event loop)
 * @param ticker      nanosecond clock ({@code System::nanoTime} outside tests)
 */
public record RoleContext(long mySid, QuorumVerifier quorum, Duration tickTime, Duration initTimeout,
                          Duration syncTimeout, EventLoop loop, EpochPersistence epochs, Executor blocking,
                          LongSupplier ticker) {
    public RoleContext {
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(tickTime, "tickTime");
        Objects.requireNonNull(initTimeout, "initTimeout");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(blocking, "blocking");
        Objects.requireNonNull(ticker, "ticker");
    }

    /** The heartbeat period, {@code tickTime / 2} (at least 1 ms). */
    public Duration heartbeat() {
        return tickTime.dividedBy(2).isZero() ? Duration.ofMillis(1) : tickTime.dividedBy(2);
    }

    public long now() {
        return ticker.getAsLong();
    }
}
