package dev.ballot.core.trace;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The emitting side of tracing for one peer: binds the peer's sid, a monotonic ticker and a
 * {@link TraceSink}, and offers one method per {@link TraceEvent}. Each method returns at once when
 * the sink is disabled, before reading the ticker or allocating the event, so tracing that is off
 * costs one interface call per emission point.
 *
 * <p>The ticker is injected (e.g. {@code System::nanoTime} in a driver, a virtual clock in the
 * simulator); the tracer never reads a clock of its own.
 *
 * <p>Thread-safe if the sink and the ticker are.
 */
public final class Tracer {
    private final long sid;
    private final LongSupplier ticker;
    private final TraceSink sink;

    /**
     * @param sid    the recording peer's sid
     * @param ticker monotonic nanoseconds
     * @param sink   where events go
     */
    public Tracer(long sid, LongSupplier ticker, TraceSink sink) {
        this.sid = sid;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** A tracer that records nothing. */
    public static Tracer disabled(long sid) {
        return new Tracer(sid, () -> 0L, TraceSink.NOOP);
    }

    /** Whether the sink is enabled; check it before computing anything only a trace needs. */
    public boolean enabled() {
        return sink.enabled();
    }

    /** The ticker's current value: the timestamp an event recorded now would get. */
    public long now() {
        return ticker.getAsLong();
    }

    /** The recording peer's sid. */
    public long sid() {
        return sid;
    }

    /** The sink. */
    public TraceSink sink() {
        return sink;
    }

    /** Records {@code event} if the sink is enabled (for events built elsewhere). */
    public void record(TraceEvent event) {
        if (sink.enabled()) {
            sink.record(event);
        }
    }

    /** {@link TraceEvent.ElectionStarted}. */
    public void electionStarted(long round, Vote initialVote) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.ElectionStarted(ticker.getAsLong(), sid, round, initialVote));
        }
    }

    /** {@link TraceEvent.NotificationSent} for a notification to {@code to}. */
    public void notificationSent(long to, Notification n) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.NotificationSent(ticker.getAsLong(), sid, to, n.vote()));
        }
    }

    /** {@link TraceEvent.NotificationReceived} for a notification from {@code from}. */
    public void notificationReceived(long from, Notification n) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.NotificationReceived(ticker.getAsLong(), sid, from, n.vote()));
        }
    }

    /** {@link TraceEvent.ProposalChanged}. */
    public void proposalChanged(Vote previous, Vote proposal, TraceEvent.ProposalRule rule) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.ProposalChanged(ticker.getAsLong(), sid, previous, proposal, rule));
        }
    }

    /** {@link TraceEvent.QuorumReached}; {@code supporters} are sorted into the event. */
    public void quorumReached(Vote proposal, Collection<Long> supporters) {
        if (sink.enabled()) {
            List<Long> sorted = supporters.stream().sorted().toList();
            sink.record(new TraceEvent.QuorumReached(ticker.getAsLong(), sid, proposal, sorted));
        }
    }

    /** {@link TraceEvent.FinalizeWaitStarted}. */
    public void finalizeWaitStarted(Vote proposal, Duration delay) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.FinalizeWaitStarted(ticker.getAsLong(), sid, proposal, delay));
        }
    }

    /** {@link TraceEvent.FinalizeWaitAbandoned}. */
    public void finalizeWaitAbandoned(long from, Vote better) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.FinalizeWaitAbandoned(ticker.getAsLong(), sid, from, better));
        }
    }

    /** {@link TraceEvent.Decided}. */
    public void decided(Vote vote, PeerState role, Duration duration, int rounds,
                        long notificationsReceived, long notificationsSent) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.Decided(ticker.getAsLong(), sid, vote, role, duration, rounds,
                    notificationsReceived, notificationsSent));
        }
    }

    /** {@link TraceEvent.ConnectionOpened}. */
    public void connectionOpened(long peer, TraceEvent.Direction direction) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.ConnectionOpened(ticker.getAsLong(), sid, peer, direction));
        }
    }

    /** {@link TraceEvent.ConnectionDropped}. */
    public void connectionDropped(long peer, TraceEvent.Direction direction, String reason) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.ConnectionDropped(ticker.getAsLong(), sid, peer, direction, reason));
        }
    }

    /** {@link TraceEvent.ConnectionClosed}. */
    public void connectionClosed(long peer, String reason) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.ConnectionClosed(ticker.getAsLong(), sid, peer, reason));
        }
    }

    /** {@link TraceEvent.EpochEstablished}. */
    public void epochEstablished(long leader, long epoch) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.EpochEstablished(ticker.getAsLong(), sid, leader, epoch));
        }
    }

    /** {@link TraceEvent.RoleChanged}. */
    public void roleChanged(PeerState from, PeerState to) {
        if (sink.enabled()) {
            sink.record(new TraceEvent.RoleChanged(ticker.getAsLong(), sid, from, to));
        }
    }
}
