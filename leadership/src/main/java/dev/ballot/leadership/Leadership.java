package dev.ballot.leadership;

import dev.ballot.core.Reasons;
import dev.ballot.core.trace.TraceSink;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Whole leadership for one member of a group: FLE election, epoch establishment with a quorum,
 * heartbeats and failure detection, persisted epochs (the fencing token), all on one loop of the
 * caller's {@link EventLoopGroup} (or of one it owns). Built with {@link #builder()}.
 *
 * <pre>{@code
 * Leadership l = Leadership.builder()
 *         .members(List.of(Member.participant(1, "10.0.0.1", 2888, 3888), ...))
 *         .myId(1).dataDir(Path.of("/var/lib/app/ballot"))
 *         .eventLoopGroup(group)
 *         .listener(new LeadershipListener() { ... })
 *         .build();
 * l.runWhileLeader(ctx -> startPublishing(ctx.fencingToken()));   // cancelled when leadership is lost
 * l.start().toCompletableFuture().join();
 * }</pre>
 *
 * <p>Threads: none of its own on the event loops it is given. Epoch files are written (with fsync) on
 * a single helper thread that exists only while a write or a host-name lookup is pending.
 * Thread-safe: every method may be called from any thread; listeners and leader work run on
 * {@link #executor()}.
 */
public final class Leadership implements AutoCloseable {
    private final LeadershipSettings settings;
    private final EventLoopGroup group;
    private final io.netty.channel.EventLoop loop; // the one loop of the group everything of this member runs on
    private final boolean ownsGroup;
    private final java.util.concurrent.Executor io;
    private final ExecutorService ownIo; // null when the caller gave one
    private final LeadershipTracker tracker;
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile QuorumPeer peer; // set once start() assembled it; read from any thread

    Leadership(LeadershipSettings settings, EventLoopGroup group, boolean ownsGroup) {
        this.settings = settings;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.loop = group.next();
        long sid = settings.myId();
        this.ownIo = settings.io().isPresent() ? null
                : new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ballot-io-" + sid);
                    t.setDaemon(true);
                    return t;
                });
        this.io = settings.io().isPresent() ? settings.io().get() : ownIo;
        this.tracker = new LeadershipTracker(sid, Clock.systemUTC(), settings.listeners(), settings.events());
    }

    /** A builder; members (or a zoo.cfg), this member's sid and a data directory are required. */
    public static LeadershipBuilder builder() {
        return new LeadershipBuilder();
    }

    /** This member's sid. */
    public long myId() {
        return settings.myId();
    }

    /**
     * Reads the epoch files (creating them on a first start), binds the election and quorum ports and
     * starts electing. Completes when both ports are bound; fails with the reason (a corrupt epoch
     * file, a port in use). Call once.
     */
    public CompletionStage<Void> start() {
        lifecycle.starting();
        CompletableFuture<Void> started = CompletableFuture.supplyAsync(() -> {
            try {
                return PeerLaunch.create(settings.ensemble(), settings.myId(), group, loop, io, tracker, settings.metrics(),
                        settings.trace(), settings.version());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, io).thenCompose(p -> {
            peer = p;
            var bind = PeerLaunch.quorumBindAddress(settings.ensemble(), settings.myId());
            return p.start(bind).exceptionally(e -> {
                Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                throw new PortBindException("cannot bind quorum port " + dev.ballot.core.LogText.hostPort(bind)
                        + " and election port " + dev.ballot.core.LogText.hostPort(
                                settings.ensemble().server(settings.myId()).orElseThrow().electionAddress()) + ": "
                        + Reasons.of(c), c);
            });
        });
        return started.whenComplete((v, err) -> lifecycle.started(err == null));
    }

    /** The loop listeners and leader work run on. */
    public EventExecutor executor() {
        return loop;
    }

    /** Whether this member is the established leader now. */
    public boolean isLeader() {
        return tracker.isLeader();
    }

    /** The established leader as this member sees it (itself included); empty while electing. */
    public Optional<LeaderInfo> currentLeader() {
        return tracker.current();
    }

    /** Completes when this member is (or next becomes) the established leader; fails if it closes first. May be called before {@link #start()}. */
    public CompletionStage<LeaderContext> awaitLeadership() {
        CompletableFuture<LeaderContext> f = new CompletableFuture<>();
        onLoop(() -> tracker.await(f));
        return f;
    }

    /**
     * Runs {@code work} whenever this member acquires leadership (now, if it leads), with that term's
     * context; the stage it returns is cancelled when the term ends ({@link LeaderContext#ended()}
     * completes first). Work that does not return at once should watch {@code ended()} or honour
     * cancellation. Closing the returned handle unregisters it and cancels a running stage. May be
     * called before {@link #start()}.
     */
    public AutoCloseable runWhileLeader(Function<LeaderContext, ? extends CompletionStage<?>> work) {
        CompletableFuture<LeaderWork> registered = new CompletableFuture<>();
        onLoop(() -> registered.complete(tracker.register(work)));
        return () -> registered.thenAccept(w -> onLoop(w::close));
    }

    /**
     * Gives up leadership: {@code onLost} fires here first, then the followers are told and elect among
     * themselves while this member stays out of the election for {@link LeadershipBuilder#resignSitOut};
     * then it rejoins as a follower of the new leader. Completes with true if it was leading.
     */
    public CompletionStage<Boolean> resign() {
        QuorumPeer p = peer;
        if (p == null || !tracker.isLeader()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        onLoop(() -> {
            tracker.lose("resigned");
            p.resign(settings.resignSitOut()).whenComplete((v, e) -> f.complete(e == null && v));
        });
        return f;
    }

    /** The election's and the transport's counters so far (for metrics). */
    public CompletionStage<PeerCounters> counters() {
        QuorumPeer p = peer;
        if (p == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("member " + myId() + " is not started"));
        }
        return p.counters();
    }

    /** Adds a listener at any time; it hears the changes from the next one on. */
    public void addListener(LeadershipListener l) {
        tracker.addListener(l);
    }

    /** A snapshot of this member's state (role, epochs, election counters, peers). */
    public CompletionStage<PeerStatus> status() {
        QuorumPeer p = peer;
        if (p == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("member " + myId() + " is not started"));
        }
        return p.status();
    }

    /**
     * Stops: a leader hears {@code onLost} first, then tells its followers it leaves (they elect at
     * once); the ports close; a group this member created is shut down. Idempotent.
     */
    public CompletionStage<Void> closeAsync() {
        return closeAsync("closed");
    }

    /** As {@link #closeAsync()}, with {@code reason} for the logs, {@code onLost} and the followers. */
    public CompletionStage<Void> closeAsync(String reason) {
        if (!lifecycle.closing()) {
            return lifecycle.closed();
        }
        QuorumPeer p = peer;
        CompletableFuture<Void> stopped = p == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> tracker.lose(reason), p.loop())
                .thenCompose(v -> p.closeAsync(reason))
                .thenRunAsync(() -> {
                    tracker.leaderGone();
                    tracker.closed();
                }, p.loop());
        stopped.whenComplete((v, e) -> {
            if (ownIo != null) {
                ownIo.shutdown();
            }
            if (ownsGroup) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
            lifecycle.finish();
        });
        return lifecycle.closed();
    }

    /** {@link #closeAsync()}, waiting up to 10 s. For {@code main} and tests; never call it on an event loop. */
    @Override
    public void close() {
        closeAsync().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    /** NEW → STARTING → RUNNING → CLOSING → CLOSED, with a failed start going straight to CLOSING on close. */
    private static final class Lifecycle {
        private enum State { NEW, STARTING, RUNNING, CLOSING, CLOSED }

        private State state = State.NEW;
        private final CompletableFuture<Void> closed = new CompletableFuture<>();

        synchronized void starting() {
            if (state != State.NEW) {
                throw new IllegalStateException("start() called in state " + state);
            }
            state = State.STARTING;
        }

        synchronized void started(boolean ok) {
            if (state == State.STARTING && ok) {
                state = State.RUNNING;
            }
        }

        /** True if this call moves to CLOSING. */
        synchronized boolean closing() {
            if (state == State.CLOSING || state == State.CLOSED) {
                return false;
            }
            state = State.CLOSING;
            return true;
        }

        synchronized void finish() {
            state = State.CLOSED;
            closed.complete(null);
        }

        CompletableFuture<Void> closed() {
            return closed;
        }
    }

    /** Settings resolved by the builder. */
    record LeadershipSettings(dev.ballot.core.config.EnsembleConfig ensemble, long myId,
                              java.util.List<LeadershipListener> listeners, QuorumPeer.Events events,
                              PeerMetrics metrics, TraceSink trace, Duration resignSitOut,
                              Optional<java.util.concurrent.Executor> io, String version) {
    }

    /** {@link #start()} failed because a port could not be bound; the message names both ports. */
    public static final class PortBindException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortBindException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
