package dev.ballot.election;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.codec.NotificationFormatException;
import dev.ballot.core.trace.Tracer;
import dev.ballot.core.transport.Transport;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.ElectionStateMachine;
import dev.ballot.election.fsm.Outbound;
import dev.ballot.election.fsm.Output;
import dev.ballot.election.fsm.TimerCommand;
import dev.ballot.election.fsm.TimerKind;
import dev.ballot.election.fsm.Transition;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ElectionStateMachine} on one {@link EventExecutor} (convention 3): every input
 * hops onto the executor, each {@link Output} is applied there (notifications to the transport,
 * timers as scheduled tasks with generations, decisions to the pending future and the listener).
 * No locks; the only field other threads read is the published {@link Snapshot}.
 */
final class ElectionDriver implements Election {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionDriver.class);

    private final long sid;
    private final ElectionStateMachine fsm;
    /** Feeds {@link #fsm} and traces what each input did; only forwards when tracing is off. */
    private final ElectionTracing traced;
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
    /** Start of the running election, from the executor's ticker (convention 2: time comes from the executor). */
    private long electionStartNanos;
    private long receivedAtStart;
    private long sentAtStart;
    private long received;
    private long sent;
    private long decided;
    private Optional<ElectionResult> lastResult = Optional.empty();
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
        this.fsm = new ElectionStateMachine(b.config.fleSettings(), b.currentEpoch, b.lastZxid);
        this.traced = new ElectionTracing(fsm, new Tracer(sid, System::nanoTime, b.traceSink));
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
                apply(traced.setState(state, currentVote));
                result.complete(null);
            } catch (IllegalStateException | IllegalArgumentException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public void updatePersisted(long currentEpoch, long lastZxid) {
        onExecutor(() -> fsm.updatePersisted(currentEpoch, lastZxid));
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
                LOG.warn("{}: transport failed to start: {}", sid, error.toString());
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
        electionStartNanos = executor.ticker().nanoTime();
        receivedAtStart = received;
        sentAtStart = sent;
        apply(traced.startLooking());
        Vote initial = fsm.proposal();
        LOG.info("{}: election started, round {}, proposing leader {} (zxid 0x{}, peerEpoch {})", sid,
                fsm.logicalClock(), initial.leader(), Long.toHexString(initial.zxid()), initial.peerEpoch());
        notifyListener(l -> l.onElectionStarted(fsm.logicalClock(), initial));
    }

    private static <T> void complete(CompletableFuture<T> f, T value, Throwable error) {
        if (error != null) {
            f.completeExceptionally(error);
        } else {
            f.complete(value);
        }
    }

    private void onMessage(long from, ByteBuffer payload) {
        if (!accepting()) {
            return;
        }
        Notification n;
        int stateCode = payload.remaining() >= NotificationCodec.MIN_LENGTH ? payload.getInt(payload.position()) : 0;
        try {
            n = NotificationCodec.decode(payload);
        } catch (NotificationFormatException e) {
            LOG.debug("{}: reject notification from {}: {}", sid, from, e.getMessage());
            if (!PeerState.isKnownCode(stateCode)) {
                apply(fsm.onUnknownState(from));
            }
            return;
        }
        received++;
        LOG.debug("{}: received {} from {}", sid, n, from);
        apply(traced.onNotification(from, n));
    }

    private void onTimer(TimerKind kind, long generation) {
        timers.remove(kind);
        if (lifecycle == Lifecycle.RUNNING) {
            apply(traced.onTimeout(kind, generation));
        }
    }

    /** Carries out one output of the state machine. */
    private void apply(Output out) {
        out.trace().forEach(line -> LOG.debug("{}", line));
        send(out.messages());
        if (out.connectAll()) {
            transport.connectAll();
        }
        out.timers().forEach(this::applyTimer);
        out.transition().ifPresent(this::onTransition);
        out.decision().ifPresent(this::onDecision);
        publish();
    }

    /**
     * Hands the messages to the transport. A broadcast is one notification for every voter: it is encoded once
     * and each send gets its own view of the same read-only bytes (at N = 51 that is one encoding of a ~2.5 KB
     * config text instead of 51).
     */
    private void send(List<Outbound> messages) {
        Notification encoded = null;
        ByteBuffer bytes = null;
        for (Outbound m : messages) {
            if (m.notification() != encoded) {
                encoded = m.notification();
                bytes = NotificationCodec.encode(encoded).asReadOnlyBuffer();
            }
            sent++;
            transport.send(m.sid(), bytes.duplicate());
        }
    }

    private void applyTimer(TimerCommand command) {
        ScheduledFuture<?> previous = timers.remove(command.kind());
        if (previous != null) {
            previous.cancel(false);
        }
        if (command instanceof TimerCommand.Arm arm) {
            timers.put(arm.kind(), executor.schedule(() -> onTimer(arm.kind(), arm.generation()),
                    arm.delay().toNanos(), TimeUnit.NANOSECONDS));
        }
    }

    private void onTransition(Transition t) {
        if (t.from() != t.to()) {
            LOG.info("{}: {} -> {} (round {})", sid, t.from(), t.to(), t.round());
            notifyListener(l -> l.onStateChanged(t.from(), t.to()));
        }
    }

    private void onDecision(Decision d) {
        decided++;
        ElectionResult r = new ElectionResult(d.vote(), d.role(), d.round(),
                Duration.ofNanos(executor.ticker().nanoTime() - electionStartNanos), d.roundsObserved(),
                received - receivedAtStart, sent - sentAtStart);
        lastResult = Optional.of(r);
        LOG.info("{}: election decided: leader {} as {} in {} ms, round {}, {} round(s), {} notifications in, {} out",
                sid, d.vote().leader(), d.role(), r.duration().toMillis(), d.round(), d.roundsObserved(),
                r.notificationsReceived(), r.notificationsSent());
        CompletableFuture<ElectionResult> f = pending;
        pending = null;
        publish();
        notifyListener(l -> l.onDecided(r));
        if (f != null) {
            f.complete(r);
        }
    }

    private void notifyListener(Consumer<ElectionListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{}: election listener {} threw {}", sid, listener, e.toString());
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
     * LOOKING votes wait for the first election, spec §4.7's queue).
     */
    private boolean accepting() {
        return lifecycle == Lifecycle.RUNNING || lifecycle == Lifecycle.STARTING;
    }

    private void move(Lifecycle to) {
        lifecycle = lifecycle.moveTo(to, sid);
        publish();
    }

    private void publish() {
        snapshot = new Snapshot(lifecycle, fsm.state(), new ElectionStats(fsm.electionsStarted(), decided, received,
                sent, lastResult));
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
                    apply(traced.onPeerConnected(peer));
                }
            });
        }

        @Override
        public void onPeerDown(long peer, String reason) {
            later(() -> {
                if (accepting()) {
                    apply(traced.onPeerDisconnected(peer));
                }
            });
        }
    }
}
