package dev.ballot.transport.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The connection lifecycle of one {@link PeerLink} as a pure state machine: events in, {@link Action}s
 * out, no I/O, no clock (time comes in the events), no threads. {@code C} is a connection handle (a
 * Netty {@code Channel} in the transport, a string in the table test). {@code PeerLink} runs it on its
 * event loop and carries out the actions.
 *
 * <pre>
 *            demand                 dial ends          retry due
 *   IDLE ────────────► DIALING ─────────────► BACKOFF ──────────► DIALING
 *                         │ kept                  ▲ connection lost
 *                         ▼                       │
 *                     CONNECTED ──────────────────┘
 *                       │   ▲  a dial-back kept, a held claim adopted or refused,
 *                       ▼   │  the retiring channel closed
 *                     REPLACING     (any state) ── close ──► CLOSED
 * </pre>
 *
 * <ul>
 *   <li>{@link Phase#REPLACING}: a channel is established and a second one is in play: our make-before-break
 *       dial, a held claim of an accepted connection, or our previous channel kept for one handshake timeout
 *       so the acceptor switches first.</li>
 *   <li>A claim of this sid by an accepted connection while the established one is alive never replaces it:
 *       the established channel is probed (the last message sent again) and the claim held; it is adopted
 *       when the established one closes, refused after {@code claimTimeout}.</li>
 *   <li>A dial from a smaller sid while our channel is alive probes that channel instead of dialing back;
 *       if the probe kills it, we dial at once.</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to the link's event loop.
 */
final class LinkMachine<C> {

    /** The states of the table test and of the README. */
    enum Phase { IDLE, DIALING, CONNECTED, REPLACING, BACKOFF, CLOSED }

    /** What the link must do, in order. */
    sealed interface Action<C> {
    }

    /** Dial address number {@code attempt} (modulo the address count). */
    record Dial<C>(int attempt) implements Action<C> {
    }

    /** Schedule {@link RetryDue} after the back-off delay of {@code attempt}, but not sooner than {@code floorNanos}. */
    record ScheduleRetry<C>(int attempt, long floorNanos) implements Action<C> {
    }

    /** Cancel the scheduled retry. */
    record CancelRetry<C>() implements Action<C> {
    }

    /** Make {@code channel} the one messages go to: reads on, last message again if nothing is queued, drain. */
    record Use<C>(C channel) implements Action<C> {
    }

    /** Tell the listener the peer is up ({@code channel} for the log line). */
    record PeerUp<C>(C channel) implements Action<C> {
    }

    /** Tell the listener the peer is down. */
    record PeerDown<C>() implements Action<C> {
    }

    /** Close {@code channel}. */
    record Close<C>(C channel) implements Action<C> {
    }

    /** Schedule {@link RetireDue} for {@code channel} after one handshake timeout. */
    record ScheduleRetire<C>(C channel) implements Action<C> {
    }

    /** Send the last message again on {@code channel} (it closes if the peer has gone). */
    record Probe<C>(C channel) implements Action<C> {
    }

    /** Deliver what the pipeline held of claim {@code channel} and let it read. */
    record ReleaseHeld<C>(C channel) implements Action<C> {
    }

    /** Refuse claim {@code channel} (one rate-limited rejection line, then it closes). */
    record RefuseClaim<C>(C channel, String why) implements Action<C> {
    }

    /** Schedule {@link ClaimDue} for {@code channel} after one handshake timeout. */
    record ScheduleClaimDeadline<C>(C channel) implements Action<C> {
    }

    /** Report {@link Closed} for {@code channel} when it closes. */
    record WatchClose<C>(C channel) implements Action<C> {
    }

    /** {@code old} was replaced by a newer connection (for the trace). */
    record Replaced<C>(C old) implements Action<C> {
    }

    /** The established channel closed (for the trace; the listener hears {@link PeerDown} only if nothing replaces it). */
    record ConnectionClosed<C>() implements Action<C> {
    }

    /** A DEBUG line for developers. */
    record Note<C>(String text) implements Action<C> {
    }

    private final long probeIntervalNanos;
    private final long crossingNanos;
    private final Predicate<C> active;
    private final List<Action<C>> out = new ArrayList<>();

    /** The kept channel, or null. */
    private C channel;
    /** Our dial in flight, once its channel exists. */
    private C pendingDial;
    private boolean dialing;
    private boolean retryScheduled;
    /**
     * The scheduled retry waits for the peer's call-back: our dial connected but was not kept (we have the smaller
     * sid, or the peer refused us). Demand does not shorten that wait.
     */
    private boolean awaitingCallBack;
    /** Failed attempts since the last kept channel; the back-off exponent and the address index. */
    private int failures;
    /** Something was sent or a connection asked for: reconnect after losses. */
    private boolean wanted;
    private boolean closed;
    /** Our channel closed while its replacement was being dialed: the listener hears "down" only if that fails. */
    private boolean bridging;
    /** When {@link #channel} was kept. */
    private long keptNanos;
    /** Our channel replaced by our own newer dial, open for one handshake timeout. */
    private C retiring;
    /** An accepted connection claiming this sid while {@link #channel} is alive. */
    private C claim;
    /** A smaller sid dialed while our channel was alive; it was probed: dial at once if it dies. */
    private boolean redialOnClose;
    /** When the last probe was sent; 0 before the first. */
    private long probedNanos;
    /** A message was sent: the channel can be probed. */
    private boolean sentAny;

    /**
     * @param probeIntervalNanos at most one probe per this interval ({@code reconnectMinDelay})
     * @param crossingNanos      a dial from a smaller sid accepted within this long of our channel being kept crossed
     *                           ours ({@code cnxTimeout}: the smaller sid dials again only after that long without a
     *                           call-back, and a dial after that is probed)
     * @param active             whether a connection is still open (the transport asks the channel)
     */
    LinkMachine(long probeIntervalNanos, long crossingNanos, Predicate<C> active) {
        this.probeIntervalNanos = probeIntervalNanos;
        this.crossingNanos = crossingNanos;
        this.active = Objects.requireNonNull(active, "active");
    }

    // ---- events ----

    /** A message was queued or a connection asked for (FLE's connectAll): dial if there is no channel. */
    List<Action<C>> demand(boolean running) {
        wanted = true;
        connect(false, running);
        return drainActions();
    }

    /** The link wrote a message: from now on the channel can be probed. */
    void sent() {
        sentAny = true;
    }

    /**
     * A smaller sid dialed us; its connection (accepted at {@code acceptedNanos}) is being closed by the
     * arbiter. Dial back, unless our channel is newer or about as new (crossed dials) or alive and probe-able.
     */
    List<Action<C>> dialBack(long acceptedNanos, long now, boolean running) {
        C current = channel;
        if (current != null && active.test(current) && keptNanos - acceptedNanos > 0) {
            note("dialed while our channel to it was being set up; no dial-back");
        } else if (current != null && active.test(current) && acceptedNanos - keptNanos < crossingNanos) {
            // it dialed before our channel reached it (every pair of a cold start): a probe would only send it a
            // duplicate. If it did lose that channel, it dials again after cnxTimeout, and that dial is probed;
            // if our channel closes meanwhile, we dial at once
            note("dialed within cnxTimeout of our channel coming up: the dials crossed; no probe");
            redialOnClose = true;
        } else if (current != null && active.test(current) && sentAny) {
            note("dialed although our channel to it is up; probing that channel");
            redialOnClose = true;
            probe(current, now);
        } else {
            connect(true, running);
        }
        return drainActions();
    }

    /** Our dial has a channel. */
    List<Action<C>> dialStarted(C ch) {
        pendingDial = ch;
        return drainActions();
    }

    /**
     * Our dial ended without being kept: its connect failed ({@code failed}), or its channel ({@code ch}, null if
     * it never got one) closed. Ignored for a dial that is not the current one.
     */
    List<Action<C>> dialEnded(C ch, boolean failed, long connectTimeoutNanos, boolean running) {
        if (!dialing || (ch != null && pendingDial != null && ch != pendingDial)) {
            return drainActions();
        }
        dialing = false;
        pendingDial = null;
        if (bridging) {
            bridging = false;
            out.add(new PeerDown<>());
        }
        // connected but not kept: we were the smaller sid (the peer calls back) or the peer refused us;
        // give the call-back a connect timeout before dialing again
        scheduleRetry(ch != null && !failed ? connectTimeoutNanos : 0, running);
        return drainActions();
    }

    /** The arbiter kept {@code ch} for this sid (our dial if it is {@link #pendingDial}, else an accepted one). */
    List<Action<C>> kept(C ch, long now) {
        if (closed) {
            out.add(new Close<>(ch));
            return drainActions();
        }
        boolean outbound = ch == pendingDial;
        if (outbound) {
            dialing = false;
            pendingDial = null;
        }
        C old = channel;
        channel = ch;
        redialOnClose = false;
        keptNanos = now;
        failures = 0;
        cancelRetry();
        out.add(new WatchClose<>(ch));
        if (old != null && old != ch) {
            note("replacing channel " + old);
            out.add(new Replaced<>(old));
            retire(old, outbound);
        } else if (bridging) {
            bridging = false;
            note("replacement channel is up");
        } else {
            out.add(new PeerUp<>(ch));
        }
        out.add(new Use<>(ch));
        return drainActions();
    }

    /** An accepted connection claims this sid; the pipeline holds its frames until {@link ReleaseHeld}. */
    List<Action<C>> claimed(C ch, long now) {
        C current = channel;
        if (closed || current == null || !active.test(current) || !sentAny) {
            out.add(new ReleaseHeld<>(ch));
            return kept(ch, now);
        }
        if (claim != null) {
            out.add(new RefuseClaim<>(claim, "a newer connection claims this sid"));
        }
        claim = ch;
        note("holding " + ch + ": the established channel " + current + " is up; probing it");
        out.add(new WatchClose<>(ch));
        out.add(new ScheduleClaimDeadline<>(ch));
        probe(current, now);
        return drainActions();
    }

    /** The claim deadline of {@code ch} passed: the established channel survived its probe. */
    List<Action<C>> claimDue(C ch) {
        if (claim == ch) {
            claim = null;
            out.add(new RefuseClaim<>(ch, "the established connection is alive"));
        }
        return drainActions();
    }

    /** The retiring time of {@code ch} passed. */
    List<Action<C>> retireDue(C ch) {
        if (retiring == ch) {
            retiring = null;
        }
        if (ch != channel) { // it may have become current again
            out.add(new Close<>(ch));
        }
        return drainActions();
    }

    /** A watched channel closed. */
    List<Action<C>> closed(C ch, long now, boolean running) {
        if (ch == claim) {
            claim = null;
        }
        if (ch != channel) {
            return drainActions();
        }
        channel = null;
        if (closed || promote(takeRetiring(), now) || adoptClaim(now)) {
            return drainActions();
        }
        out.add(new ConnectionClosed<>());
        if (dialing) {
            bridging = true; // make-before-break in flight: the peer closed the old channel first
            note("channel closed while its replacement is being dialed");
            return drainActions();
        }
        out.add(new PeerDown<>());
        if (redialOnClose) {
            redialOnClose = false; // the probe found the peer gone: it waits for our call-back
            connect(true, running);
        } else {
            scheduleRetry(0, running);
        }
        return drainActions();
    }

    /** The back-off delay passed. */
    List<Action<C>> retryDue(boolean running) {
        retryScheduled = false;
        awaitingCallBack = false;
        if (channel == null && !dialing && !closed) {
            connect(false, running);
        }
        return drainActions();
    }

    /** The transport closes: no more dials or retries. */
    List<Action<C>> close() {
        closed = true;
        cancelRetry();
        return drainActions();
    }

    // ---- queries ----

    Phase phase() {
        if (closed) {
            return Phase.CLOSED;
        }
        if (channel != null) {
            return dialing || claim != null || retiring != null ? Phase.REPLACING : Phase.CONNECTED;
        }
        if (dialing) {
            return Phase.DIALING;
        }
        return retryScheduled ? Phase.BACKOFF : Phase.IDLE;
    }

    C channel() {
        return channel;
    }

    int failures() {
        return failures;
    }

    // ---- rules ----

    /**
     * Dials unless a dial is running or (without {@code force}) a channel exists. Demand shortens a long
     * back-off: a pending retry is rescheduled at the first delay. It does not shorten the wait for a call-back:
     * the larger sid dials back as soon as its loop gets to it, and a dial of ours before that is closed by its
     * arbiter again (in a cold election of 51, re-dialing on every proposal change made 2.6 dials per pair instead of 1).
     */
    private void connect(boolean force, boolean running) {
        if (closed || !running || dialing || (!force && channel != null)) {
            return;
        }
        if (retryScheduled && !force && awaitingCallBack) {
            return;
        }
        if (retryScheduled && !force) {
            cancelRetry();
            failures = 0;
            scheduleRetry(0, running);
            return;
        }
        cancelRetry();
        dialing = true;
        out.add(new Dial<>(failures));
    }

    private void scheduleRetry(long floorNanos, boolean running) {
        if (closed || !wanted || retryScheduled || dialing || channel != null || !running) {
            return;
        }
        retryScheduled = true;
        awaitingCallBack = floorNanos > 0;
        out.add(new ScheduleRetry<>(failures++, floorNanos));
    }

    private void cancelRetry() {
        if (retryScheduled) {
            retryScheduled = false;
            awaitingCallBack = false;
            out.add(new CancelRetry<>());
        }
    }

    /**
     * An acceptor closes a replaced channel at once. A dialer leaves it open for one handshake timeout: the
     * acceptor closes it itself when it keeps the new channel, so the peer never sees a gap.
     */
    private void retire(C old, boolean outbound) {
        if (!outbound) {
            out.add(new Close<>(old));
            return;
        }
        retiring = old;
        out.add(new ScheduleRetire<>(old));
    }

    private C takeRetiring() {
        C candidate = retiring;
        retiring = null;
        return candidate;
    }

    /**
     * The acceptor may process our two dials in the opposite order and keep the older one, closing the
     * newer: then the retiring channel is the one both sides agree on, and it becomes current again.
     */
    private boolean promote(C candidate, long now) {
        if (candidate == null || !active.test(candidate)) {
            return false;
        }
        note("the peer kept our earlier channel " + candidate + "; using it again");
        channel = candidate;
        out.add(new Use<>(candidate));
        return true;
    }

    /** The established channel closed while a claim was held: the claim takes its place, without a flap. */
    private boolean adoptClaim(long now) {
        C candidate = claim;
        claim = null;
        if (candidate == null || !active.test(candidate)) {
            return false;
        }
        note("channel closed; adopting the connection it was probed for, " + candidate);
        out.add(new ReleaseHeld<>(candidate));
        channel = candidate;
        keptNanos = now;
        out.add(new Use<>(candidate));
        return true;
    }

    private void probe(C ch, long now) {
        if (probedNanos != 0 && now - probedNanos < probeIntervalNanos) {
            return;
        }
        probedNanos = now;
        out.add(new Probe<>(ch));
    }

    private void note(String text) {
        out.add(new Note<>(text));
    }

    private List<Action<C>> drainActions() {
        List<Action<C>> actions = List.copyOf(out);
        out.clear();
        return actions;
    }
}
