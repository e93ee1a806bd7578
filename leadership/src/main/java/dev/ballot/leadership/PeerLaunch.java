package dev.ballot.leadership;

import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.trace.TraceSink;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Builds a {@link QuorumPeer} with everything under it: the epoch files, the election and its
 * transport, all on one loop of the caller's group. Thread-safe (stateless).
 */
public final class PeerLaunch {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLaunch.class);

    private PeerLaunch() {
    }

    /**
     * Reads the epoch files (creating missing ones once they validate) and assembles the peer; nothing is
     * bound until {@link QuorumPeer#start(InetSocketAddress)}. Reads files: call it off the event loop.
     *
     * @param cfg     the ensemble
     * @param sid     this peer's sid
     * @param group   the event loop group for the transport, the election and the roles
     * @param io      where epoch writes and name resolution run (never an event loop)
     * @param events  operator events
     * @param metrics where metrics go ({@link PeerMetrics#NOOP} for none)
     * @param trace   election and connection trace events ({@link TraceSink#NOOP} for none)
     * @param version the version shown in status
     * @throws dev.ballot.core.store.EpochFileException a corrupt or inconsistent epoch file (nothing written)
     * @throws IOException another I/O error on the epoch files
     */
    public static QuorumPeer create(EnsembleConfig cfg, long sid, EventLoopGroup group, Executor io,
                                    QuorumPeer.Events events, PeerMetrics metrics, TraceSink trace, String version)
            throws IOException {
        return create(cfg, sid, group, group.next(), io, events, metrics, trace, version);
    }

    /** As {@link #create(EnsembleConfig, long, EventLoopGroup, Executor, QuorumPeer.Events, PeerMetrics, TraceSink, String)}, on {@code loop} of {@code group}. */
    public static QuorumPeer create(EnsembleConfig cfg, long sid, EventLoopGroup group, EventLoop loop, Executor io,
                                    QuorumPeer.Events events, PeerMetrics metrics, TraceSink trace, String version)
            throws IOException {
        FileEpochs epochs = FileEpochs.load(cfg.dataDir(), io);
        if (epochs.missingFiles()) {
            epochs.createMissing();
            LOG.info("{}: created epoch files in {} (first start)", sid, epochs.directory());
        }
        var e = epochs.read();
        FleElector elector = FleElector.create(cfg, sid, group, loop, e.currentEpoch(), e.lastZxid(), trace);
        return new QuorumPeer(cfg, sid, elector, epochs, loop, io, events, metrics, Clock.systemUTC(), version);
    }

    /** Where this peer's quorum port binds: its {@code server.N} host, or every address with {@code quorumListenOnAllIPs}. */
    public static InetSocketAddress quorumBindAddress(EnsembleConfig cfg, long sid) {
        QuorumServer me = cfg.server(sid).orElseThrow(() ->
                new IllegalArgumentException("sid " + sid + " has no server." + sid + " line"));
        Optional<String> host = cfg.quorumListenOnAllIPs() ? Optional.empty()
                : Optional.of(me.quorumAddress().getHostString());
        int port = me.quorumAddress().getPort();
        return host.map(h -> new InetSocketAddress(h, port)).orElseGet(() -> new InetSocketAddress(port));
    }
}
