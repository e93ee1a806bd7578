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
 * @param tickTime    {@code tickTime}; heartbeats go every {@code tickTime / 2}, at most every 100 ms
 * @param initTimeout {@code initLimit * tickTime}
 * @param syncTimeout {@code syncLimit * tickTime}
 * @param loop        the peer's event loop: every role callback and channel of the quorum port runs on it
 * @param epochs      the epoch files
 * @param blocking    where name resolution runs (never the event loop)
 * @param ticker      nanosecond clock: the peer loop's {@code ticker()} (a mock ticker in tests freezes it)
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

    /** The longest heartbeat period, whatever {@code tickTime} says. */
    public static final Duration MAX_HEARTBEAT = Duration.ofMillis(100);

    /**
     * The heartbeat period: {@code tickTime / 2}, at most {@link #MAX_HEARTBEAT} (and at least 1 ms). Frequent
     * frames keep failure detection robust on a lossy link: TCP delivers in order, so one lost segment holds back
     * every frame behind it until it is retransmitted; when frames follow each other closely, the ones after a
     * lost segment reveal the loss within a round trip (SACK, RACK), while a lone ping every {@code tickTime/2}
     * is always the last segment in flight and waits for the retransmission timer (200 ms, doubling on every
     * further loss).
     */
    public Duration heartbeat() {
        return heartbeat(tickTime);
    }

    /** {@link #heartbeat()} for {@code tickTime} (the whole-peer simulator paces its roles with it). */
    public static Duration heartbeat(Duration tickTime) {
        Duration half = tickTime.dividedBy(2);
        if (half.compareTo(MAX_HEARTBEAT) > 0) {
            return MAX_HEARTBEAT;
        }
        return half.isZero() ? Duration.ofMillis(1) : half;
    }

    public long now() {
        return ticker.getAsLong();
    }

    /** The roles' time, timers and hops: this context's loop and ticker. */
    public RoleScheduler scheduler() {
        return RoleScheduler.onLoop(loop, ticker);
    }
}
