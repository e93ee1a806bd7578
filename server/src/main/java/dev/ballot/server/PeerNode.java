package dev.ballot.server;

import dev.ballot.core.Reasons;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.leadership.Leadership;
import dev.ballot.leadership.QuorumPeer;
import dev.ballot.server.admin.AdminLimits;
import dev.ballot.server.admin.AdminServer;
import dev.ballot.server.admin.ConfigView;
import dev.ballot.server.admin.PeerAdmin;
import dev.ballot.server.watch.EventsFanOut;
import dev.ballot.server.watch.LeaderTracker;
import dev.ballot.server.metrics.ServerMetrics;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running peer with everything around it: epoch files, election and transport, quorum port,
 * optional admin HTTP server. {@link #launch} does the blocking start-up (for {@code main});
 * {@link #closeAsync} stops it. Thread-safe.
 */
public final class PeerNode {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNode.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Leadership leadership;
    private final LeaderTracker leaderView;
    private final AdminServer admin; // null when admin.enableServer=false

    private PeerNode(Leadership leadership, LeaderTracker leaderView, AdminServer admin) {
        this.leadership = leadership;
        this.leaderView = leaderView;
        this.admin = admin;
    }

    /**
     * Reads the epoch files (creating missing ones once everything is validated), binds the quorum,
     * election and admin ports and enters LOOKING. Blocking.
     *
     * @throws dev.ballot.core.store.EpochFileException a corrupt or inconsistent epoch file (nothing written)
     * @throws IOException         another I/O error on the epoch files
     * @throws StartupException    a port cannot be bound, or start-up took too long
     */
    public static PeerNode launch(EnsembleConfig cfg, long sid, EventLoopGroup group, Executor io,
                                  QuorumPeer.Events events) throws IOException {
        return launch(cfg, sid, group, io, events, Optional.empty());
    }

    /**
     * As {@link #launch(EnsembleConfig, long, EventLoopGroup, Executor, QuorumPeer.Events)}, tracing the
     * election and its connections into {@code trace} when present, which {@code GET /trace} serves.
     */
    public static PeerNode launch(EnsembleConfig cfg, long sid, EventLoopGroup group, Executor io,
                                  QuorumPeer.Events events, Optional<RingBufferTraceSink> trace) throws IOException {
        return launch(cfg, sid, group, io, events, trace, new LeaderTracker(sid, Clock.systemUTC()));
    }

    /**
     * As {@link #launch(EnsembleConfig, long, EventLoopGroup, Executor, QuorumPeer.Events, Optional)}, with the
     * caller's {@code leaderView} tracker (subscribe to it before launching to see the first change).
     */
    public static PeerNode launch(EnsembleConfig cfg, long sid, EventLoopGroup group, Executor io,
                                  QuorumPeer.Events events, Optional<RingBufferTraceSink> trace,
                                  LeaderTracker leaderView) throws IOException {
        events = new EventsFanOut(leaderView, events);
        if (cfg.server(sid).isEmpty()) {
            throw new StartupException("sid " + sid + " has no server." + sid + " line");
        }
        resolveOwnHosts(cfg, sid);
        ServerMetrics metrics = new ServerMetrics(System::nanoTime);
        Leadership leadership = Leadership.builder().ensemble(cfg).myId(sid).eventLoopGroup(group).io(io)
                .events(events).metrics(metrics).traceSink(trace.<TraceSink>map(t -> t).orElse(TraceSink.NOOP))
                .version(BallotVersion.get()).build();
        await(leadership.start().toCompletableFuture());
        AdminServer admin = null;
        if (cfg.adminServerEnabled()) {
            AdminLimits limits = AdminLimits.from(cfg.adminHttp());
            admin = new AdminServer(new PeerAdmin(leadership, metrics), trace, limits, Optional.of(leaderView),
                    ConfigView.of(cfg, sid, limits));
            InetSocketAddress adminBind = bindAddress(Optional.of(cfg.adminServerAddress()), cfg.adminServerPort());
            var f = admin.bind(group, adminBind).awaitUninterruptibly();
            if (!f.isSuccess()) {
                leadership.closeAsync();
                throw new StartupException("cannot bind admin port " + adminBind + ": " + Reasons.of(f.cause())
                        + " (set admin.serverPort, or admin.enableServer=false)");
            }
            LOG.info("{}: admin server on http://{}:{}/status", sid, adminBind.getHostString(), admin.localAddress().getPort());
        }
        return new PeerNode(leadership, leaderView, admin);
    }

    /**
     * Resolves the hosts of this peer's own {@code server.N} line before anything is written or bound,
     * so a typo in the name is reported as what it is, not as a failed bind.
     */
    private static void resolveOwnHosts(EnsembleConfig cfg, long sid) {
        QuorumServer me = cfg.server(sid).orElseThrow();
        List<InetSocketAddress> own = new ArrayList<>(me.quorumAddresses());
        own.addAll(me.electionAddresses());
        for (String host : own.stream().map(InetSocketAddress::getHostString).distinct().toList()) {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new StartupException("cannot resolve this server's own host name '" + host + "' (server." + sid
                        + (cfg.source().isPresent() ? " in " + cfg.source().get() : "") + "): name resolution failed; "
                        + "fix the name, add it to DNS or /etc/hosts, or write an IP address", e);
            }
        }
    }

    private static InetSocketAddress bindAddress(Optional<String> host, int port) {
        return host.map(h -> new InetSocketAddress(h, port)).orElseGet(() -> new InetSocketAddress(port));
    }

    /** Waits for start-up; file errors come out as themselves, port errors as a {@link StartupException}. */
    private static void await(CompletableFuture<Void> f) throws IOException {
        try {
            f.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof Leadership.PortBindException b) {
                throw new StartupException(b.getMessage(), b.getCause());
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new StartupException("cannot start: " + Reasons.of(c), c);
        } catch (TimeoutException e) {
            throw new StartupException("cannot bind the quorum and election ports within " + START_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting", e);
        }
    }

    /** The member's leadership: its state, listeners and {@code resign()}. */
    public Leadership leadership() {
        return leadership;
    }

    /** Who leads, as this peer sees it, with every change (what {@code /leader} and {@code /watch} show). */
    public LeaderTracker leaderView() {
        return leaderView;
    }

    /** The admin server's bound address, if enabled. */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(admin).map(AdminServer::localAddress);
    }

    /** Stops the peer (a leader tells its followers it leaves), then the admin server. */
    public CompletableFuture<Void> closeAsync(String reason) {
        leaderView.stopped();
        return leadership.closeAsync(reason).toCompletableFuture().whenComplete((v, e) -> {
            if (admin != null) {
                admin.close();
            }
        });
    }

    /** Start-up failed for a reason an operator can act on; the message says what and what to do. */
    public static final class StartupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StartupException(String message) {
            super(message);
        }

        public StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
