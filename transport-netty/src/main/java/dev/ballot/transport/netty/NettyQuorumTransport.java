package dev.ballot.transport.netty;

import dev.ballot.core.LogText;
import dev.ballot.core.Reasons;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.core.trace.Tracer;
import dev.ballot.core.transport.Transport;
import dev.ballot.transport.netty.handler.InitialMessage;
import dev.ballot.transport.netty.handler.PeerChannelInitializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * ZooKeeper's {@code QuorumCnxManager} on Netty (docs/protocol.md "1. Connections"–2): listens on this peer's election
 * address(es), dials peers, handshakes, keeps one connection per pair by ZooKeeper's rule, frames
 * messages, and keeps a bounded newest-wins send queue per peer with resend-last on reconnect.
 *
 * <pre>{@code
 * NettyQuorumTransport t = NettyQuorumTransport.builder().config(TransportConfig.from(cfg, myId)).build();
 * t.start(listener).toCompletableFuture().join();   // bound
 * t.send(2, payload);                               // never blocks
 * t.closeAsync();
 * }</pre>
 *
 * <p><b>Threads.</b> Runs on the given {@link EventLoopGroup}, or on one it creates (with {@link
 * TransportConfig#ioThreads()} threads) and shuts down on close. Besides that, host names are looked
 * up on one short-lived resolver thread; IP literals need none. Nothing is started per peer.
 *
 * <p><b>Thread-safety.</b> Every public method is thread-safe and non-blocking. Listener callbacks
 * run on event loops: {@code onMessage} on the receiving channel's loop, {@code onPeerUp/Down} on the
 * peer's loop, self-sends on one fixed loop.
 */
public final class NettyQuorumTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyQuorumTransport.class);

    /** Lifecycle; written with CAS, read by any thread (the one cross-thread state field). */
    private enum State { NEW, STARTING, RUNNING, CLOSING, CLOSED }

    private final TransportConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final IoTransport io;
    private final MetricsRecorder metrics = new MetricsRecorder();
    /** Connection events (opened, dropped by arbitration, closed); off unless a sink was given. */
    private final Tracer tracer;
    private final Host host;
    private final PeerChannelInitializer initializer;
    private final Bootstrap dialer;
    private final DialResolver resolver;
    /** server.N's IPs for {@code checkPeerAddress}. */
    private final PeerAddresses peerAddresses;
    private final EventLoop selfLoop;
    private final ConcurrentHashMap<Long, PeerLink> links = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("ballot-quorum", ImmediateEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Transport.Listener listener;
    /** Set by {@link #pauseReads()}; read by event loops when a channel is kept. */
    private volatile boolean readsPaused;

    private NettyQuorumTransport(TransportConfig config, EventLoopGroup group, Optional<TlsContexts> tls,
                                 TraceSink traceSink) {
        this.config = config;
        this.tracer = new Tracer(config.myId(), System::nanoTime, traceSink);
        this.ownsGroup = group == null;
        this.group = ownsGroup ? IoTransport.newGroup(config.ioThreads(), config.preferNative(), config.myId()) : group;
        this.io = IoTransport.of(this.group);
        this.host = new Host(this);
        this.resolver = new DialResolver(config.myId());
        this.peerAddresses = new PeerAddresses(config.myId(), config.peers(), resolver, System::nanoTime);
        this.initializer = new PeerChannelInitializer(host, new PeerAdmission(config, peerAddresses), config.handshakeTimeout(),
                alloc -> InitialMessage.encode(alloc, config.myId(), config.ownAddresses(), config.multiAddress()),
                tls.map(TlsContexts::server), tls.map(TlsContexts::client), config.tls().portUnification());
        this.dialer = new Bootstrap().channel(io.socket())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, config.tcpKeepAlive())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(config));
        this.selfLoop = this.group.next();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- Transport SPI ----

    @Override
    public CompletionStage<Void> start(Transport.Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            return CompletableFuture.failedFuture(new IllegalStateException(config.myId() + ": start() called in state " + state.get()));
        }
        this.listener = new SafeListener(config.myId(), listener);
        if (config.checkPeerAddress()) {
            peerAddresses.refreshAll();
        }
        List<CompletableFuture<Void>> binds = new ArrayList<>();
        for (InetSocketAddress address : listenAddresses()) {
            binds.add(resolver.resolve(address).thenCompose(this::bind));
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new)).thenRun(() -> {
            if (!state.compareAndSet(State.STARTING, State.RUNNING)) {
                throw new IllegalStateException(config.myId() + ": closed while starting");
            }
            LOG.info("{}: listening on {}", config.myId(), boundAddresses().stream().map(LogText::hostPort).toList());
            links.values().forEach(PeerLink::connect);
        }).whenComplete((v, err) -> {
            if (err != null) {
                LOG.warn("{}: cannot listen on {}: {}", config.myId(),
                        listenAddresses().stream().map(LogText::hostPort).toList(), LogText.escape(Reasons.of(err)));
                closeAsync();
            }
        });
    }

    @Override
    public long localSid() {
        return config.myId();
    }

    @Override
    public void send(long sid, ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        State s = state.get();
        if (s == State.CLOSING || s == State.CLOSED) {
            LOG.debug("{}: dropping a message to sid {}: transport is {}", config.myId(), sid, s);
            return;
        }
        if (sid == config.myId()) {
            deliverToSelf(payload);
            return;
        }
        PeerLink link = link(sid, List.of());
        if (link == null) {
            LOG.debug("{}: dropping a message to sid {}: not in the configuration", config.myId(), sid);
            metrics.drops.increment();
            return;
        }
        link.send(payload);
    }

    @Override
    public void connectAll() {
        // As ZooKeeper's connectAll: only peers this transport has had traffic with. Dialing every configured
        // member would make observers, which never talk to each other, build a full mesh among themselves.
        links.values().forEach(PeerLink::connect);
    }

    @Override
    public void reset(long sid) {
        PeerLink link = links.get(sid);
        if (link != null) {
            link.onLoop(() -> {
                Channel ch = link.channel();
                if (ch != null) {
                    LOG.debug("{}: resetting the connection to sid {}: silent", config.myId(), sid);
                    ch.close(); // the link sees a lost connection and dials again
                }
            });
        }
    }

    /**
     * Dials configured peer {@code sid} now if there is no connection, without sending anything: for embedders
     * (and tests) that want connections up before the first message. Unknown sids are ignored.
     */
    public void connect(long sid) {
        if (sid != config.myId() && config.peers().containsKey(sid)) {
            PeerLink link = link(sid, List.of());
            if (link != null) {
                link.connect();
            }
        }
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        State s = state.get();
        while (s != State.CLOSING && s != State.CLOSED) {
            if (state.compareAndSet(s, State.CLOSING)) {
                shutdown();
                break;
            }
            s = state.get();
        }
        return closed;
    }

    // ---- agreed extras ----

    /** This transport's counters. */
    public TransportMetrics metrics() {
        return metrics;
    }

    /** Sids with a live, arbitrated channel right now. */
    public Set<Long> connectedPeers() {
        return links.values().stream().filter(l -> l.channel() != null && l.channel().isActive())
                .map(l -> l.sid).collect(Collectors.toUnmodifiableSet());
    }

    /** The bound listening addresses; complete once {@link #start} has completed. */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel ch : serverChannels) {
            SocketAddress a = ch.localAddress();
            if (a instanceof InetSocketAddress isa) {
                out.add(isa);
            }
        }
        return out;
    }

    /**
     * Stops reading from every peer connection (Netty's {@code autoRead} off) until {@link
     * #resumeReads()}: for a consumer whose own queue is filling up. Peers are then held back by
     * TCP flow control; nothing is buffered here. Handshakes of new connections still complete.
     * Thread-safe, idempotent.
     */
    public void pauseReads() {
        readsPaused = true;
        applyAutoRead();
    }

    /** Resumes reading after {@link #pauseReads()}. Thread-safe, idempotent. */
    public void resumeReads() {
        readsPaused = false;
        applyAutoRead();
    }

    /** Whether reads are paused by {@link #pauseReads()}. */
    public boolean readsPaused() {
        return readsPaused;
    }

    private void applyAutoRead() {
        for (PeerLink link : links.values()) {
            Channel ch = link.channel();
            if (ch != null) {
                ch.config().setAutoRead(!readsPaused);
            }
        }
    }

    /** The configuration this transport runs with. */
    public TransportConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "NettyQuorumTransport[sid=" + config.myId() + ", state=" + state.get() + ", connected=" + connectedPeers() + "]";
    }

    // ---- internals ----

    /** Open peer connections (accepted or dialed, in any phase), server channels excluded; for tests. */
    int openConnections() {
        return (int) channels.stream().filter(ch -> ch.isOpen() && !serverChannels.contains(ch)).count();
    }

    boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    MetricsRecorder recorder() {
        return metrics;
    }

    Tracer tracer() {
        return tracer;
    }

    Transport.Listener listener() {
        return listener;
    }

    /** The link for {@code sid}, created on first use; null for a sid that is neither configured nor advertised. */
    PeerLink link(long sid, List<InetSocketAddress> advertised) {
        List<InetSocketAddress> configured = config.peers().get(sid);
        if (configured == null && advertised.isEmpty()) {
            return links.get(sid);
        }
        return links.computeIfAbsent(sid, k -> new PeerLink(k, group.next(),
                configured != null ? configured : advertised, host));
    }

    void dial(PeerLink link, InetSocketAddress target) {
        resolver.resolve(target).whenComplete((address, err) -> link.onLoop(() -> {
            if (err != null) {
                link.dialEnded(null, err);
                return;
            }
            ChannelFuture f = dialer.clone(link.loop()).handler(initializer.outbound(link.sid)).connect(address);
            link.dialStarted(f.channel());
            f.addListener(r -> {
                if (r.isSuccess()) {
                    link.dialConnected(f.channel());
                } else {
                    link.dialEnded(f.channel(), r.cause());
                }
            });
        }));
    }

    void track(Channel ch) {
        ch.attr(dev.ballot.transport.netty.handler.ChannelAttributes.CREATED_NANOS).set(System.nanoTime());
        metrics.opened.increment();
        channels.add(ch);
        ch.closeFuture().addListener(f -> metrics.closed.increment());
        if (!isRunning() && state.get() != State.STARTING) {
            ch.close();
        }
    }

    private void deliverToSelf(ByteBuffer payload) {
        Transport.Listener l = listener;
        if (l == null) {
            LOG.debug("{}: dropping a message to self before start", config.myId());
            metrics.drops.increment();
            return;
        }
        try {
            selfLoop.execute(() -> l.onMessage(config.myId(), payload));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{}: dropping a message to self: event loop shut down", config.myId());
        }
    }

    private List<InetSocketAddress> listenAddresses() {
        if (config.listenOnAllIPs()) {
            return config.ownAddresses().stream().map(a -> new InetSocketAddress(a.getPort())).distinct().toList();
        }
        return config.ownAddresses();
    }

    private CompletableFuture<Void> bind(InetSocketAddress address) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(io.server())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .handler(initializer.acceptErrors())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, config.tcpKeepAlive())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(config))
                .childHandler(initializer.inbound());
        ChannelFuture f = b.bind(address);
        f.addListener(r -> {
            if (r.isSuccess()) {
                serverChannels.add(f.channel());
                channels.add(f.channel());
                done.complete(null);
            } else {
                done.completeExceptionally(new java.io.IOException("cannot bind " + LogText.hostPort(address) + ": "
                        + Reasons.of(r.cause()), r.cause()));
            }
        });
        return done;
    }

    private void shutdown() {
        links.values().forEach(PeerLink::close);
        channels.close().addListener(f -> {
            initializer.flushLogs();
            resolver.shutdown();
            if (!ownsGroup) {
                finishClose();
                return;
            }
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).addListener(g -> finishClose());
        });
    }

    private void finishClose() {
        state.set(State.CLOSED);
        LOG.info("{}: transport closed", config.myId());
        closed.complete(null);
    }

    private static WriteBufferWaterMark waterMark(TransportConfig config) {
        return new WriteBufferWaterMark(config.writeBufferLowBytes(), config.writeBufferHighBytes());
    }

    /** Builds a transport; {@link #config} is required. */
    public static final class Builder {
        private TransportConfig config;
        private EventLoopGroup group;
        private TraceSink traceSink = TraceSink.NOOP;

        private Builder() {
        }

        public Builder config(TransportConfig v) { this.config = v; return this; }

        /** Run on this group (embedding); it is not shut down on close. Absent: the transport owns one. */
        public Builder eventLoopGroup(EventLoopGroup v) { this.group = v; return this; }

        /**
         * Optional: where connection trace events go (opened, dropped by arbitration, closed), stamped
         * with {@link System#nanoTime()}. Default {@link TraceSink#NOOP}: tracing off.
         */
        public Builder traceSink(TraceSink v) { this.traceSink = Objects.requireNonNull(v, "traceSink"); return this; }

        /**
         * Validates and builds. With TLS on this reads the key and trust stores.
         *
         * @throws IllegalArgumentException naming the setting at fault
         */
        public NettyQuorumTransport build() {
            Objects.requireNonNull(config, "config");
            Optional<TlsContexts> tls = config.tls().enabled() ? Optional.of(TlsContexts.build(config.tls())) : Optional.empty();
            return new NettyQuorumTransport(config, group, tls, traceSink);
        }
    }
}
