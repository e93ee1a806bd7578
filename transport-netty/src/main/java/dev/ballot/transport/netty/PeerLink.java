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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Everything this peer knows about one remote sid (spec §2.2): its bounded newest-wins send queue,
 * the last message sent (re-sent after every reconnect), the one kept channel, and the dial and
 * reconnect back-off state.
 *
 * <p><b>Threading.</b> All state is confined to {@link #loop}; the package-private entry points hop
 * onto it. {@link #channel} and {@link #queued} are also read by other threads (for {@code
 * connectedPeers()} and tests), hence volatile; {@link #send} hands messages over
 * through a lock-free inbox.
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
    final EventLoop loop;
    private final Owner owner;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** Messages handed over by other threads, not yet in {@link #queue}. */
    private final ConcurrentLinkedQueue<ByteBuffer> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean takeScheduled = new AtomicBoolean();
    private List<InetSocketAddress> addresses;
    private ByteBuffer lastSent;
    private volatile Channel channel;
    private volatile int queued;
    private boolean dialing;
    private Channel pendingDial;
    private ScheduledFuture<?> retry;
    private int failures;
    private boolean wanted;
    private boolean closed;
    /**
     * The kept channel closed while its replacement was being dialed (the peer switched first): the
     * listener is not told "down" unless the replacement fails.
     */
    private boolean bridging;
    /** {@link System#nanoTime()} when {@link #channel} was kept. */
    private long keptNanos;
    /** A channel we replaced by our own newer dial, kept open for one handshake timeout. */
    private Channel retiring;
    /**
     * An accepted connection claiming this sid while {@link #channel} is alive: held (not read, not used)
     * until the established one closes (it is adopted) or survives a probe for one handshake timeout
     * (it is refused). At most one; a newer claim replaces it.
     */
    private Channel claim;
    /** A smaller sid dialed us while {@link #channel} was alive; the channel was probed: redial at once if it dies. */
    private boolean redialOnClose;
    /** {@link System#nanoTime()} of the last probe. */
    private long probedNanos;
    /** Set once a message was sent: the established channel can be probed by sending it again. */
    private volatile boolean probeable;

    PeerLink(long sid, EventLoop loop, List<InetSocketAddress> addresses, Owner owner) {
        this.sid = sid;
        this.loop = loop;
        this.addresses = List.copyOf(addresses);
        this.owner = owner;
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
        wanted = true;
        Channel ch = channel;
        boolean wrote = false;
        for (ByteBuffer m; (m = inbox.poll()) != null; ) {
            enqueue(m);
            wrote |= ch != null && writeQueued(ch); // newest-wins applies only while the channel is not writable
        }
        queued = queue.size();
        if (wrote) {
            ch.flush();
        }
        if (ch == null) {
            connect(false);
        }
    }

    /** Dial if there is no channel (FLE's {@code connectAll}, and sends queued before start). */
    void connect() {
        run(() -> {
            wanted = true;
            connect(false);
        });
    }

    /**
     * A smaller sid dialed us (its connection was accepted at {@code acceptedNanos}): dial it back even
     * if a channel exists; the new one replaces it once kept. Skipped when our current channel was
     * kept after that connection arrived: the two dials crossed, and the peer gets ours.
     */
    void dialBack(List<InetSocketAddress> advertised, long acceptedNanos) {
        run(() -> {
            Channel current = channel;
            if (current != null && current.isActive() && keptNanos - acceptedNanos > 0) {
                LOG.debug("{}: sid {} dialed while our channel to it was being set up; no dial-back", owner.localSid(), sid);
                return;
            }
            if (current != null && current.isActive() && lastSent != null) {
                // the peer lost its side (the probe gets a reset and we redial at once), or the claim is forged
                LOG.debug("{}: sid {} dialed although our channel {} to it is up; probing that channel", owner.localSid(),
                        sid, current);
                redialOnClose = true;
                probe(current);
                return;
            }
            if (!advertised.isEmpty() && !owner.config().peers().containsKey(sid)) {
                addresses = List.copyOf(advertised);
            }
            connect(true);
        });
    }

    void kept(Channel ch) {
        run(() -> onKept(ch));
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
        run(() -> onClaimed(ch));
    }

    void writable(Channel ch) {
        run(() -> {
            if (ch == channel) {
                drain();
            }
        });
    }

    void dialStarted(Channel ch) {
        run(() -> pendingDial = ch);
    }

    /** The TCP connect of {@code ch} succeeded; the handshake runs in its pipeline. */
    void dialConnected(Channel ch) {
        ch.closeFuture().addListener(f -> dialEnded(ch, null));
    }

    /** The dial on {@code ch} (null if it never got a channel) failed or its channel closed; idempotent. */
    void dialEnded(Channel ch, Throwable cause) {
        run(() -> {
            if (!dialing || (ch != null && pendingDial != null && ch != pendingDial)) {
                return;
            }
            dialing = false;
            pendingDial = null;
            if (cause != null && !closed) {
                logDialFailure(cause);
            }
            if (bridging) {
                bridging = false;
                peerDown();
            }
            // connected but not kept: we were the smaller sid (the peer calls back) or the peer refused us;
            // give the call-back a connect timeout before dialing again
            scheduleRetry(ch != null && cause == null ? owner.config().connectTimeout() : Duration.ZERO);
        });
    }

    void close() {
        run(() -> {
            closed = true;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        });
    }

    Channel channel() {
        return channel;
    }

    int queued() {
        return queued;
    }

    // ---- on the loop ----

    private void run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{}: event loop of sid {} is shut down; dropping a task", owner.localSid(), sid);
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

    /**
     * Dials unless a dial is running or (without {@code force}) a channel exists. Demand (a send, FLE's
     * {@code connectAll}) shortens a long back-off: a pending retry is rescheduled at the minimum delay, so a
     * peer that comes up is reached within about {@code reconnectMinDelay} of the next message for it, while a
     * stream of sends to a dead peer still dials at most about once per {@code reconnectMinDelay}.
     */
    private void connect(boolean force) {
        if (closed || !owner.isRunning() || dialing || (!force && channel != null)) {
            return;
        }
        if (retry != null && !force) {
            retry.cancel(false);
            retry = null;
            failures = 0;
            scheduleRetry();
            return;
        }
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        dialing = true;
        owner.dial(this, addresses.get(failures % addresses.size()));
    }

    private void onClaimed(Channel ch) {
        Channel current = channel;
        if (closed || current == null || !current.isActive() || lastSent == null) {
            owner.releaseHeld(this, ch);
            onKept(ch);
            return;
        }
        if (claim != null) {
            owner.refuseClaim(this, claim, "a newer connection claims sid " + sid);
        }
        claim = ch;
        LOG.debug("{}: holding {} for sid {}: its channel {} is up; probing it", owner.localSid(), ch, sid, current);
        ch.closeFuture().addListener(f -> run(() -> {
            if (claim == ch) {
                claim = null;
            }
        }));
        loop.schedule(() -> {
            if (claim == ch) {
                claim = null;
                owner.refuseClaim(this, ch, "sid " + sid + " is connected from " + current.remoteAddress()
                        + " and that connection is alive");
            }
        }, owner.config().handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        probe(current);
    }

    /**
     * Sends the last message again on {@code ch}, at most once per {@code reconnectMinDelay}: a duplicate the
     * election ignores (ZooKeeper re-sends it after every reconnect too), and a channel whose peer has gone
     * gets a reset and closes.
     */
    private void probe(Channel ch) {
        long now = System.nanoTime();
        if (probedNanos != 0 && now - probedNanos < owner.config().reconnectMinDelay().toNanos()) {
            return;
        }
        probedNanos = now;
        write(ch, lastSent);
        ch.flush();
    }

    /** The established channel closed while a claim was held: the claim becomes the channel, seamlessly. */
    private boolean adoptClaim() {
        Channel candidate = claim;
        claim = null;
        if (candidate == null || !candidate.isActive()) {
            return false;
        }
        LOG.debug("{}: channel to sid {} closed; adopting the connection it was probed for, {}", owner.localSid(),
                sid, candidate);
        owner.releaseHeld(this, candidate);
        channel = candidate;
        keptNanos = System.nanoTime();
        candidate.closeFuture().addListener(f -> run(() -> onKeptClosed(candidate)));
        if (queue.isEmpty() && lastSent != null) {
            write(candidate, lastSent);
        }
        drain();
        candidate.flush();
        return true;
    }

    private void onKept(Channel ch) {
        if (closed) {
            ch.close();
            return;
        }
        boolean outbound = ch == pendingDial;
        if (outbound) {
            dialing = false;
            pendingDial = null;
        }
        Channel old = channel;
        channel = ch;
        redialOnClose = false;
        keptNanos = System.nanoTime();
        ch.config().setAutoRead(!owner.readsPaused());
        failures = 0;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        ch.closeFuture().addListener(f -> run(() -> onKeptClosed(ch)));
        if (old != null && old != ch) {
            owner.tracer().connectionClosed(sid, "replaced by a newer connection");
            retire(old, outbound);
        } else if (bridging) {
            bridging = false;
            LOG.debug("{}: replacement channel to sid {} is up", owner.localSid(), sid);
        } else {
            LOG.debug("{}: connected to sid {} ({})", owner.localSid(), sid, ch.remoteAddress()); // the peer logs it at INFO
            owner.listener().onPeerUp(sid);
        }
        if (queue.isEmpty() && lastSent != null) {
            write(ch, lastSent);
        }
        drain();
        ch.flush();
    }

    /**
     * Stops using {@code old} after {@code replacement} was kept. An acceptor closes it at once. A
     * dialer leaves it open for one handshake timeout: the acceptor closes it itself when it keeps the
     * new channel, so the peer never sees a gap, and frames still arriving on it are delivered.
     */
    private void retire(Channel old, boolean outbound) {
        LOG.debug("{}: replacing channel {} to sid {}", owner.localSid(), old, sid);
        if (!outbound) {
            old.close();
            return;
        }
        retiring = old;
        loop.schedule(() -> {
            if (retiring == old) {
                retiring = null;
            }
            if (old != channel) { // it may have become current again
                old.close();
            }
        }, owner.config().handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The acceptor may process our two dials in the opposite order and keep the older one, closing
     * the newer: then the retiring channel is the one both sides agree on, and it becomes current
     * again (with the last message re-sent, as after any reconnect).
     */
    private boolean promoteRetiring() {
        Channel candidate = retiring;
        retiring = null;
        if (candidate == null || !candidate.isActive()) {
            return false;
        }
        LOG.debug("{}: sid {} kept our earlier channel {}; using it again", owner.localSid(), sid, candidate);
        channel = candidate;
        if (queue.isEmpty() && lastSent != null) {
            write(candidate, lastSent);
        }
        drain();
        candidate.flush();
        return true;
    }

    private void onKeptClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        if (closed || promoteRetiring() || adoptClaim()) {
            return;
        }
        owner.tracer().connectionClosed(sid, "connection closed");
        if (dialing) {
            bridging = true; // make-before-break in flight: the peer closed the old channel first
            LOG.debug("{}: channel to sid {} closed while its replacement is being dialed", owner.localSid(), sid);
            return;
        }
        peerDown();
        if (redialOnClose) {
            redialOnClose = false; // the probe found the peer gone: it is waiting for our call-back
            connect(true);
        } else {
            scheduleRetry();
        }
    }

    private void peerDown() {
        LOG.debug("{}: connection to sid {} closed", owner.localSid(), sid); // the peer logs it at INFO
        owner.listener().onPeerDown(sid, "connection closed");
    }

    private void drain() {
        Channel ch = channel;
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

    private void scheduleRetry() {
        scheduleRetry(Duration.ZERO);
    }

    /** Schedules the next dial after the back-off delay, but not sooner than {@code floor}. */
    private void scheduleRetry(Duration floor) {
        if (closed || !wanted || retry != null || dialing || channel != null || !owner.isRunning()) {
            return;
        }
        TransportConfig cfg = owner.config();
        Duration backoff = Backoff.delay(failures++, cfg.reconnectMinDelay(), cfg.reconnectMaxDelay(),
                ThreadLocalRandom.current().nextDouble());
        Duration delay = backoff.compareTo(floor) >= 0 ? backoff : floor;
        retry = loop.schedule(() -> {
            retry = null;
            if (channel == null && !dialing && !closed) {
                owner.metrics().reconnects.increment();
                connect(false);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void logDialFailure(Throwable cause) {
        // DEBUG only: the peer (QuorumPeer) warns every 30 s, in one line, about the peers it cannot reach
        LOG.debug("{}: cannot connect to sid {} at {} (attempt {}): {}", owner.localSid(), sid,
                LogText.lazy(addressText()), failures + 1, LogText.lazy(cause));
    }

    private String addressText() {
        return addresses.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList().toString();
    }
}
