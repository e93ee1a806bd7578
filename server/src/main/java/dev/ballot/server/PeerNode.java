package dev.ballot.server;

import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.leadership.PeerLaunch;
import dev.ballot.leadership.QuorumPeer;
import dev.ballot.server.admin.AdminServer;
import dev.ballot.server.admin.PeerAdmin;
import dev.ballot.server.metrics.ServerMetrics;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
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

    private final QuorumPeer peer;
    private final AdminServer admin; // null when admin.enableServer=false

    private PeerNode(QuorumPeer peer, AdminServer admin) {
        this.peer = peer;
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
        if (cfg.server(sid).isEmpty()) {
            throw new StartupException("sid " + sid + " has no server." + sid + " line");
        }
        ServerMetrics metrics = new ServerMetrics(System::nanoTime);
        QuorumPeer peer = PeerLaunch.create(cfg, sid, group, io, events, metrics,
                trace.<TraceSink>map(t -> t).orElse(TraceSink.NOOP), BallotVersion.get());
        QuorumServer me = cfg.server(sid).get();
        InetSocketAddress quorumBind = PeerLaunch.quorumBindAddress(cfg, sid);
        await(peer.start(quorumBind), "bind quorum port " + quorumBind + " and election port " + me.electionAddress());
        AdminServer admin = null;
        if (cfg.adminServerEnabled()) {
            admin = new AdminServer(new PeerAdmin(peer, metrics), trace);
            InetSocketAddress adminBind = bindAddress(Optional.of(cfg.adminServerAddress()), cfg.adminServerPort());
            var f = admin.bind(group, adminBind).awaitUninterruptibly();
            if (!f.isSuccess()) {
                peer.closeAsync("admin port failed").orTimeout(5, TimeUnit.SECONDS);
                throw new StartupException("cannot bind admin port " + adminBind + ": " + f.cause().getMessage()
                        + " (set admin.serverPort, or admin.enableServer=false)");
            }
            LOG.info("{}: admin server on http://{}:{}/status", sid, adminBind.getHostString(), admin.localAddress().getPort());
        }
        return new PeerNode(peer, admin);
    }

    private static InetSocketAddress bindAddress(Optional<String> host, int port) {
        return host.map(h -> new InetSocketAddress(h, port)).orElseGet(() -> new InetSocketAddress(port));
    }

    private static void await(CompletableFuture<Void> f, String what) {
        try {
            f.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StartupException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException("cannot " + what + " within " + START_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while trying to " + what, e);
        }
    }

    public QuorumPeer peer() {
        return peer;
    }

    /** The admin server's bound address, if enabled. */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(admin).map(AdminServer::localAddress);
    }

    /** Stops the peer (a leader tells its followers it leaves), then the admin server. */
    public CompletableFuture<Void> closeAsync(String reason) {
        return peer.closeAsync(reason).whenComplete((v, e) -> {
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
