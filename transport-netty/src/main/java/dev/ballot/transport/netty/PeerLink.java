package dev.ballot.transport.netty;

import dev.ballot.core.LogText;
import dev.ballot.core.trace.Tracer;
import dev.ballot.core.transport.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything this peer knows about one remote sid (docs/protocol.md "Sending"): its bounded newest-wins send queue,
 * the last message sent (re-sent after every reconnect), and the connection lifecycle, which a pure
 * {@link LinkMachine} decides (idle, dialing, connected, replacing, back-off, closed); this class feeds it
 * events and carries out its actions (dials, timers, writes, listener calls).
 *
 * <p><b>Threading.</b> All state is confined to {@link #loop}; the package-private entry points hop
 * onto it. The loop follows the kept channel: when a channel registered on another loop (an accepted
 * one) is kept, the link moves to that loop when the task that kept it ends, so its writes never hop
 * between threads; a task still queued on the old loop runs on the new one. {@link #channel} and
 * {@link #queued} are also read by other threads (for {@code connectedPeers()} and tests), hence volatile; {@link #send} hands messages over through a lock-free
 * inbox.
 */
final class PeerLink {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);

    /** What a link needs from its transport. */
    interface Owner {
        long localSid();
        boolean isRunning();
        TransportConfig config();
        MetricsRecorder metrics();
        Transport.Listener listener();
        boolean readsPaused();
        /** Where connection trace events go. */
        Tracer tracer();
        /** Dials {@code target} for {@code link}; progress comes back through {@link #dialStarted}, {@link #dialConnected}, {@link #dialEnded}. */
        void dial(PeerLink link, InetSocketAddress target);
        /** Delivers the frames held on {@code ch} (a claim now adopted) and lets it read; any thread. */
        void releaseHeld(PeerLink link, Channel ch);
        /** Closes the held claim {@code ch} with one rate-limited rejection line; any thread. */
        void refuseClaim(PeerLink link, Channel ch, String why);
    }

    final long sid;
    /** The loop the link's state lives on; moves to the kept channel's loop (see the class comment). */
    private volatile EventLoop loop;
    /** The loop to move to when the current task ends, or null. */
    private EventLoop moveTo;
    /** Nesting of {@link #runHere}: the link moves only when the outermost task ends. */
    private int depth;
    private final Owner owner;
    private final LinkMachine<Channel> machine;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** Messages handed over by other threads, not yet in {@link #queue}. */
    private final ConcurrentLinkedQueue<ByteBuffer> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean takeScheduled = new AtomicBoolean();
    private List<InetSocketAddress> addresses;
    private ByteBuffer lastSent;
    /** The machine's channel, for other threads. */
    private volatile Channel channel;
    private volatile int queued;
    /** Set once a message was sent, read by the claimant's loop (see {@link #holdsClaims()}). */
    private volatile boolean probeable;
    private ScheduledFuture<?> retry;

    PeerLink(long sid, EventLoop loop, List<InetSocketAddress> addresses, Owner owner) {
        this.sid = sid;
        this.loop = loop;
        this.addresses = List.copyOf(addresses);
        this.owner = owner;
        this.machine = new LinkMachine<>(owner.config().reconnectMinDelay().toNanos(),
                owner.config().connectTimeout().toNanos(), Channel::isActive);
    }

    // ---- entry points (any thread) ----

    /**
     * Queues {@code message} from any thread. Messages collect in a lock-free inbox that one loop task
     * moves into the bounded queue and writes with a single flush, so a burst costs one task, not one
     * per message.
     */
    void send(ByteBuffer message) {
        inbox.offer(message);
        if (takeScheduled.compareAndSet(false, true)) {
            run(this::takeInbox);
        }
    }

    private void takeInbox() {
        takeScheduled.set(false);
        Channel ch = machine.channel();
        boolean wrote = false;
        for (ByteBuffer m; (m = inbox.poll()) != null; ) {
            enqueue(m);
            wrote |= ch != null && writeQueued(ch); // newest-wins applies only while the channel is not writable
        }
        queued = queue.size();
        if (wrote) {
            ch.flush();
        }
        apply(machine.demand(owner.isRunning()));
    }

    /** The loop the link runs on now; dials register their channels here. */
    EventLoop loop() {
        return loop;
    }

    /** Runs {@code task} on the link's loop, in order with the link's own tasks. */
    void onLoop(Runnable task) {
        run(task);
    }

    /** Dial if there is no channel (FLE's {@code connectAll}, and sends queued before start). */
    void connect() {
        run(() -> apply(machine.demand(owner.isRunning())));
    }

    /**
     * A smaller sid dialed us (its connection was accepted at {@code acceptedNanos}): dial it back, unless
     * our channel was kept after that connection arrived (the two dials crossed, the peer gets ours) or
     * our channel is alive (it is probed instead).
     */
    void dialBack(List<InetSocketAddress> advertised, long acceptedNanos) {
        run(() -> {
            if (!advertised.isEmpty() && !owner.config().peers().containsKey(sid)) {
                addresses = List.copyOf(advertised);
            }
            apply(machine.dialBack(acceptedNanos, System.nanoTime(), owner.isRunning()));
        });
    }

    void kept(Channel ch) {
        run(() -> apply(machine.kept(ch, System.nanoTime())));
    }

    /**
     * Whether an accepted connection for this sid should be held as a claim rather than kept at once: the
     * established channel is alive and can be probed. Read on the claimant's loop; {@link #claimed}
     * decides again on the link's loop.
     */
    boolean holdsClaims() {
        Channel current = channel;
        return probeable && current != null && current.isActive();
    }

    /** An accepted connection for this sid, held by the pipeline (see {@link #holdsClaims()}). */
    void claimed(Channel ch) {
        run(() -> apply(machine.claimed(ch, System.nanoTime())));
    }

    void writable(Channel ch) {
        run(() -> {
            if (ch == machine.channel()) {
                drain();
            }
        });
    }

    void dialStarted(Channel ch) {
        run(() -> apply(machine.dialStarted(ch)));
    }

    /** The TCP connect of {@code ch} succeeded; the handshake runs in its pipeline. */
    void dialConnected(Channel ch) {
        ch.closeFuture().addListener(f -> dialEnded(ch, null));
    }

    /** The dial on {@code ch} (null if it never got a channel) failed or its channel closed; idempotent. */
    void dialEnded(Channel ch, Throwable cause) {
        run(() -> {
            if (cause != null && machine.phase() != LinkMachine.Phase.CLOSED) {
                logDialFailure(cause);
            }
            apply(machine.dialEnded(ch, cause != null, owner.config().connectTimeout().toNanos(), owner.isRunning()));
        });
    }

    void close() {
        run(() -> apply(machine.close()));
    }

    Channel channel() {
        return channel;
    }

    int queued() {
        return queued;
    }

    /** The machine's state, for tests and logs. */
    LinkMachine.Phase phase() {
        return machine.phase();
    }

    // ---- on the loop ----

    private void run(Runnable task) {
        EventLoop current = loop;
        if (current.inEventLoop()) {
            runHere(task);
            return;
        }
        try {
            current.execute(() -> run(task)); // re-checks: the link may have moved meanwhile
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{}: event loop of sid {} is shut down; dropping a task", owner.localSid(), sid);
        }
    }

    /** Runs {@code task} on the link's loop, then moves the link if the task asked for it. */
    private void runHere(Runnable task) {
        depth++;
        try {
            task.run();
        } finally {
            depth--;
        }
        EventLoop target = moveTo;
        if (depth == 0 && target != null) {
            moveTo = null;
            loop = target; // the last write of the outermost task: later tasks run on the target loop
        }
    }

    /** Carries out the machine's actions, in order. */
    private void apply(List<LinkMachine.Action<Channel>> actions) {
        for (LinkMachine.Action<Channel> action : actions) {
            perform(action);
            channel = machine.channel();
        }
    }

    private void perform(LinkMachine.Action<Channel> action) {
        if (action instanceof LinkMachine.Dial<Channel> d) {
            owner.dial(this, addresses.get(d.attempt() % addresses.size()));
        } else if (action instanceof LinkMachine.ScheduleRetry<Channel> r) {
            scheduleRetry(r.attempt(), r.floorNanos());
        } else if (action instanceof LinkMachine.CancelRetry<Channel>) {
            cancelRetry();
        } else if (action instanceof LinkMachine.Use<Channel> u) {
            use(u.channel());
        } else if (action instanceof LinkMachine.PeerUp<Channel> u) {
            LOG.debug("{}: connected to sid {} ({})", owner.localSid(), sid, u.channel().remoteAddress()); // the peer logs it at INFO
            owner.listener().onPeerUp(sid);
        } else if (action instanceof LinkMachine.PeerDown<Channel>) {
            LOG.debug("{}: connection to sid {} closed", owner.localSid(), sid); // the peer logs it at INFO
            owner.listener().onPeerDown(sid, "connection closed");
        } else if (action instanceof LinkMachine.Close<Channel> c) {
            c.channel().close();
        } else if (action instanceof LinkMachine.ScheduleRetire<Channel> r) {
            schedule(() -> apply(machine.retireDue(r.channel())), owner.config().handshakeTimeout());
        } else if (action instanceof LinkMachine.Probe<Channel> p) {
            probe(p.channel());
        } else if (action instanceof LinkMachine.ReleaseHeld<Channel> r) {
            owner.releaseHeld(this, r.channel());
        } else if (action instanceof LinkMachine.RefuseClaim<Channel> r) {
            Channel current = machine.channel();
            owner.refuseClaim(this, r.channel(), "sid " + sid + ": " + r.why() + " ("
                    + (current == null ? "no connection" : "connected from " + current.remoteAddress()) + ")");
        } else if (action instanceof LinkMachine.ScheduleClaimDeadline<Channel> d) {
            schedule(() -> apply(machine.claimDue(d.channel())), owner.config().handshakeTimeout());
        } else if (action instanceof LinkMachine.WatchClose<Channel> w) {
            w.channel().closeFuture().addListener(
                    f -> run(() -> apply(machine.closed(w.channel(), System.nanoTime(), owner.isRunning()))));
        } else if (action instanceof LinkMachine.Replaced<Channel>) {
            owner.tracer().connectionClosed(sid, "replaced by a newer connection");
        } else if (action instanceof LinkMachine.ConnectionClosed<Channel>) {
            owner.tracer().connectionClosed(sid, "connection closed");
        } else if (action instanceof LinkMachine.Note<Channel> n) {
            LOG.debug("{}: sid {}: {}", owner.localSid(), sid, n.text());
        } else {
            throw new IllegalStateException("unknown link action " + action);
        }
    }

    /** Makes {@code ch} the channel messages go to: the last message again if nothing newer is queued, then the queue. */
    private void use(Channel ch) {
        channel = ch;
        moveTo = ch.eventLoop() == loop ? null : ch.eventLoop();
        ch.config().setAutoRead(!owner.readsPaused());
        if (queue.isEmpty() && lastSent != null) {
            write(ch, lastSent);
        }
        drain();
        ch.flush();
    }

    /**
     * Sends the last message again on {@code ch}: a duplicate the election ignores (ZooKeeper re-sends it after
     * every reconnect too), and a channel whose peer has gone gets a reset and closes.
     */
    private void probe(Channel ch) {
        if (lastSent != null) {
            write(ch, lastSent);
            ch.flush();
        }
    }

    private void enqueue(ByteBuffer message) {
        if (queue.size() >= owner.config().sendQueueCapacity()) {
            queue.poll();
            owner.metrics().drops.increment();
        }
        queue.add(message);
        queued = queue.size();
    }

    private void drain() {
        Channel ch = machine.channel();
        if (ch == null) {
            return;
        }
        boolean wrote = writeQueued(ch);
        queued = queue.size();
        if (wrote) {
            ch.flush();
        }
    }

    /** Writes queued messages while {@code ch} is writable, without flushing; whether anything was written. */
    private boolean writeQueued(Channel ch) {
        boolean wrote = false;
        while (!queue.isEmpty() && ch.isActive() && ch.isWritable()) {
            ByteBuffer message = queue.poll();
            lastSent = message;
            probeable = true;
            machine.sent();
            write(ch, message);
            wrote = true;
        }
        return wrote;
    }

    private void write(Channel ch, ByteBuffer message) {
        int size = message.remaining();
        owner.metrics().framesOut.increment();
        owner.metrics().bytesOut.add(size + 4L);
        ch.write(Unpooled.wrappedBuffer(message.duplicate())).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** Schedules the next dial after the back-off delay of {@code attempt}, but not sooner than {@code floorNanos}. */
    private void scheduleRetry(int attempt, long floorNanos) {
        TransportConfig cfg = owner.config();
        Duration backoff = Backoff.delay(attempt, cfg.reconnectMinDelay(), cfg.reconnectMaxDelay(),
                ThreadLocalRandom.current().nextDouble());
        long delay = Math.max(backoff.toNanos(), floorNanos);
        retry = loop.schedule(() -> run(() -> {
            retry = null;
            if (machine.channel() == null && machine.phase() == LinkMachine.Phase.BACKOFF) {
                owner.metrics().reconnects.increment();
            }
            apply(machine.retryDue(owner.isRunning()));
        }), delay, TimeUnit.NANOSECONDS);
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void schedule(Runnable task, Duration delay) {
        loop.schedule(() -> run(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void logDialFailure(Throwable cause) {
        // DEBUG only: the peer (QuorumPeer) warns every 30 s, in one line, about the peers it cannot reach
        LOG.debug("{}: cannot connect to sid {} at {} (attempt {}): {}", owner.localSid(), sid,
                LogText.lazy(addressText()), machine.failures() + 1, LogText.lazy(cause));
    }

    private String addressText() {
        return addresses.stream().map(LogText::hostPort).toList().toString();
    }
}
