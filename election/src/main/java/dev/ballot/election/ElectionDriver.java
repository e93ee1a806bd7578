package dev.ballot.election;

import dev.ballot.core.Reasons;
import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.transport.Transport;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.TimerKind;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ElectionCore} on one {@link EventExecutor} (convention 3): every input hops onto the
 * executor; the core's effects are carried out there (bytes to the transport, self-deliveries and timers
 * as executor tasks, decisions to the pending future and the listener). No locks; the only field other
 * threads read is the published {@link Snapshot}.
 */
final class ElectionDriver implements Election {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionDriver.class);

    private final long sid;
    /** The stepping core shared with the simulator: the state machine, its logging, tracing and counters. */
    private final ElectionCore core;
    private final Transport transport;
    private final EventExecutor executor;
    private final boolean ownsExecutor;
    private final ElectionListener listener;
    private final Map<TimerKind, ScheduledFuture<?>> timers = new EnumMap<>(TimerKind.class);
    private final CompletableFuture<Void> startFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    /** Lifecycle state; confined to the executor (published through {@link #snapshot}). */
    private Lifecycle lifecycle = Lifecycle.NEW;
    /** The running election's future, or null. */
    private CompletableFuture<ElectionResult> pending;
    /**
     * Coalesce sends: one frame per peer per executor turn, the newest (off only to measure the difference,
     * {@code -Dballot.election.coalesceSends=false}).
     */
    private final boolean coalesce = !"false".equals(System.getProperty("ballot.election.coalesceSends"));
    /** Frames waiting for the end of this executor turn, newest per peer (ZooKeeper's send queue keeps the newest too). */
    private final Map<Long, ByteBuffer> outbox = new LinkedHashMap<>();
    private boolean flushScheduled;
    /** A decided election's future and result, completed after the step that decided it (callbacks first). */
    private CompletableFuture<ElectionResult> completing;
    private ElectionResult completingWith;
    /**
     * The one field read by other threads (convention 3's allowed exception): an immutable snapshot of
     * lifecycle, state and counters, replaced on the executor after every input.
     */
    private volatile Snapshot snapshot;

    /** What {@link #state()} and {@link #stats()} return. */
    private record Snapshot(Lifecycle lifecycle, PeerState state, ElectionStats stats) {
    }

    ElectionDriver(Election.Builder b) {
        this.sid = b.config.myId();
        // System.nanoTime, as the transport's tracer: election and connection events share one time line
        this.core = new ElectionCore(b.config.fleSettings(), b.currentEpoch, b.lastZxid, System::nanoTime,
                b.traceSink, LOG, new Effects());
        this.transport = b.transport;
        this.ownsExecutor = b.executor == null;
        this.executor = ownsExecutor
                ? new DefaultEventExecutor(new DefaultThreadFactory("ballot-election-" + sid, true)) : b.executor;
        this.listener = b.listener;
        this.snapshot = new Snapshot(Lifecycle.NEW, PeerState.LOOKING, ElectionStats.EMPTY);
    }

    // ---- public API: every call hops onto the executor ---------------------------------------------

    @Override
    public CompletableFuture<Void> start() {
        onExecutor(this::doStart);
        return startFuture;
    }

    @Override
    public CompletableFuture<ElectionResult> lookForLeader() {
        CompletableFuture<ElectionResult> result = new CompletableFuture<>();
        onExecutor(() -> doLookForLeader(result));
        return result;
    }

    @Override
    public CompletableFuture<Void> setState(PeerState state, Vote currentVote) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        onExecutor(() -> {
            try {
                step(() -> core.setState(state, currentVote));
                result.complete(null);
            } catch (IllegalStateException | IllegalArgumentException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public void updatePersisted(long currentEpoch, long lastZxid) {
        onExecutor(() -> core.updatePersisted(currentEpoch, lastZxid));
    }

    @Override
    public void peerSilent(long sid) {
        onExecutor(() -> {
            if (accepting()) {
                step(() -> core.onPeerSilent(sid));
                transport.reset(sid); // its answers may sit in a stalled TCP connection: a one-way cut, healed
            }
        });
    }

    @Override
    public PeerState state() {
        return snapshot.state();
    }

    @Override
    public long localSid() {
        return sid;
    }

    @Override
    public ElectionStats stats() {
        return snapshot.stats();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        onExecutor(this::doClose);
        return closeFuture;
    }

    // ---- executor-confined work ------------------------------------------------------------------

    private void onExecutor(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else if (executor.isShuttingDown()) {
            closeFuture.whenComplete((v, e) -> task.run());
        } else {
            executor.execute(task);
        }
    }

    private void doStart() {
        if (lifecycle != Lifecycle.NEW) {
            return;
        }
        move(Lifecycle.STARTING);
        transport.start(new TransportListener()).whenComplete((v, error) -> onExecutor(() -> {
            if (error != null) {
                LOG.warn("{}: transport failed to start: {}", sid, Reasons.of(error));
                startFuture.completeExceptionally(error);
                doClose();
            } else if (lifecycle == Lifecycle.STARTING) {
                move(Lifecycle.RUNNING);
                startFuture.complete(null);
            }
        }));
    }

    private void doLookForLeader(CompletableFuture<ElectionResult> result) {
        if (lifecycle != Lifecycle.RUNNING) {
            result.completeExceptionally(new IllegalStateException(sid + ": lookForLeader() while " + lifecycle));
            return;
        }
        if (pending != null) {
            pending.whenComplete((r, e) -> complete(result, r, e));
            return;
        }
        pending = result;
        step(core::startLooking);
    }

    /** Feeds one input to the core, publishes the snapshot, then completes a decided election's future. */
    private void step(Runnable input) {
        try {
            input.run();
        } finally {
            publish();
            CompletableFuture<ElectionResult> f = completing;
            if (f != null) {
                completing = null;
                f.complete(completingWith);
            }
        }
    }

    private static <T> void complete(CompletableFuture<T> f, T value, Throwable error) {
        if (error != null) {
            f.completeExceptionally(error);
        } else {
            f.complete(value);
        }
    }

    private void onMessage(long from, ByteBuffer payload) {
        if (accepting()) {
            step(() -> core.onMessage(from, payload));
        }
    }

    private void onSelfDelivery(Notification n) {
        if (accepting()) {
            step(() -> core.onNotification(sid, n));
        }
    }

    private void onTimer(TimerKind kind, long generation) {
        timers.remove(kind);
        if (lifecycle == Lifecycle.RUNNING) {
            step(() -> core.onTimeout(kind, generation));
        }
    }

    private void flush() {
        flushScheduled = false;
        outbox.forEach(transport::send);
        outbox.clear();
    }

    /** The core's effects, carried out on the executor. */
    private final class Effects implements ElectionCore.Effects {
        /**
         * A proposal that changes k times in one burst would send k frames to every voter, of which only the
         * last matters: frames wait in {@link #outbox} for the end of the executor turn, newest per peer.
         */
        @Override
        public void send(long to, ByteBuffer payload) {
            if (!coalesce) {
                transport.send(to, payload);
                return;
            }
            outbox.put(to, payload);
            if (!flushScheduled) {
                flushScheduled = true;
                later(ElectionDriver.this::flush);
            }
        }

        @Override
        public void deliverToSelf(Notification n) {
            later(() -> onSelfDelivery(n)); // a later task, as a frame from the transport would be
        }

        @Override
        public void connectAll() {
            transport.connectAll();
        }

        @Override
        public void arm(TimerKind kind, Duration delay, long generation) {
            cancel(kind);
            timers.put(kind, executor.schedule(() -> onTimer(kind, generation), delay.toNanos(),
                    TimeUnit.NANOSECONDS));
        }

        @Override
        public void cancel(TimerKind kind) {
            ScheduledFuture<?> previous = timers.remove(kind);
            if (previous != null) {
                previous.cancel(false);
            }
        }

        @Override
        public void electionStarted(long round, Vote initialVote) {
            notifyListener(l -> l.onElectionStarted(round, initialVote));
        }

        @Override
        public void decided(Decision decision, ElectionResult result) {
            completing = pending;
            completingWith = result;
            pending = null;
            publish();
            notifyListener(l -> l.onDecided(result));
        }

        @Override
        public void stateChanged(PeerState from, PeerState to) {
            publish();
            notifyListener(l -> l.onStateChanged(from, to));
        }

        @Override
        public void leaderLooking(long leader, long round, Vote proposal) {
            notifyListener(l -> l.onLeaderLooking(leader, round, proposal));
        }
    }

    private void notifyListener(Consumer<ElectionListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{}: election listener {} failed: {}", sid, listener, Reasons.of(e), e);
        }
    }

    private void doClose() {
        if (lifecycle == Lifecycle.CLOSING || lifecycle == Lifecycle.CLOSED) {
            return;
        }
        move(Lifecycle.CLOSING);
        timers.values().forEach(t -> t.cancel(false));
        timers.clear();
        if (pending != null) {
            pending.completeExceptionally(new CancellationException(sid + ": election closed before deciding"));
            pending = null;
        }
        startFuture.completeExceptionally(new CancellationException(sid + ": election closed before it started"));
        transport.closeAsync().whenComplete((v, e) -> onExecutorOrHere(this::finishClose));
    }

    private void onExecutorOrHere(Runnable task) {
        if (executor.isShuttingDown()) {
            task.run();
        } else {
            onExecutor(task);
        }
    }

    private void finishClose() {
        if (lifecycle == Lifecycle.CLOSED) {
            return;
        }
        move(Lifecycle.CLOSED);
        LOG.info("{}: election closed", sid);
        if (ownsExecutor) {
            executor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
                    .addListener(f -> closeFuture.complete(null));
        } else {
            closeFuture.complete(null);
        }
    }

    /**
     * Whether transport input is processed: also while STARTING, because peers may write as soon as
     * the listener is bound, before the start future's callback has run (replies go out at once;
     * LOOKING votes wait for the first election, docs/protocol.md "The LOOKING loop"'s queue).
     */
    private boolean accepting() {
        return lifecycle == Lifecycle.RUNNING || lifecycle == Lifecycle.STARTING;
    }

    private void move(Lifecycle to) {
        lifecycle = lifecycle.moveTo(to, sid);
        publish();
    }

    private void publish() {
        snapshot = new Snapshot(lifecycle, core.fsm().state(), core.stats());
    }

    /** Queues a transport callback on the executor, never inline (a self-send must not re-enter {@link #apply}). */
    private void later(Runnable task) {
        if (!executor.isShuttingDown()) {
            executor.execute(task);
        }
    }

    /** Hops every transport callback onto the executor. */
    private final class TransportListener implements Transport.Listener {
        @Override
        public void onMessage(long from, ByteBuffer payload) {
            later(() -> ElectionDriver.this.onMessage(from, payload));
        }

        @Override
        public void onPeerUp(long peer) {
            later(() -> {
                if (accepting()) {
                    step(() -> core.onPeerUp(peer));
                }
            });
        }

        @Override
        public void onPeerDown(long peer, String reason) {
            later(() -> {
                if (accepting()) {
                    step(() -> core.onPeerDown(peer));
                }
            });
        }
    }
}
