package dev.ballot.leadership;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.Zxid;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.Election;
import dev.ballot.election.ElectionConfig;
import dev.ballot.election.ElectionListener;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.ElectionStats;
import dev.ballot.transport.netty.NettyQuorumTransport;
import dev.ballot.transport.netty.TransportConfig;
import dev.ballot.transport.netty.TransportMetrics;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Elector} of a real peer: the election module's {@link Election} over a
 * {@link NettyQuorumTransport}, both on the caller's event loop group (no threads of their own).
 * {@link #withdraw()} closes both; {@link #rejoin} builds a fresh pair on the same port, and the counters
 * go on from where the closed pair left them. Thread-safe (the current pair is swapped atomically).
 */
public final class FleElector implements Elector {
    /** The last decided vote; written when a decision completes, read by the peer's loop (volatile: two threads may touch it). */
    private volatile Vote decided;
    /** A transport and the election over it; one per stretch in the election. */
    private record Parts(NettyQuorumTransport transport, Election election) {
    }

    /** Builds the parts for the given persisted (currentEpoch, lastZxid). */
    private interface PartsFactory {
        Parts create(long currentEpoch, long lastZxid);
    }

    private final PartsFactory factory;
    /** Forwards the election's {@link ElectionListener#onLeaderLooking} to the current watcher. */
    private static final class Forwarder implements ElectionListener {
        volatile Watcher watcher = (leader, round) -> { };

        @Override
        public void onLeaderLooking(long leader, long round, Vote proposal) {
            watcher.leaderLooking(leader, round);
        }
    }

    private volatile Parts parts;                               // the current pair
    private volatile PeerCounters retired = PeerCounters.ZERO; // counts of pairs closed by withdraw()
    private volatile boolean withdrawn;                        // between withdraw() and rejoin(): parts are closed

    private final Forwarder forwarder;

    private FleElector(PartsFactory factory, Parts parts, Forwarder forwarder) {
        this.factory = factory;
        this.parts = parts;
        this.forwarder = forwarder;
    }

    @Override
    public void watch(Watcher watcher) {
        forwarder.watcher = java.util.Objects.requireNonNull(watcher, "watcher");
    }

    /**
     * @param cfg          the ensemble
     * @param myId         this peer's sid
     * @param group        the event loop group the transport runs on
     * @param executor     the executor the election runs on (the peer's loop)
     * @param currentEpoch the persisted current epoch (initial vote's peer epoch)
     * @param lastZxid     the last zxid (initial vote's zxid)
     */
    public static FleElector create(EnsembleConfig cfg, long myId, EventLoopGroup group, EventExecutor executor,
                                    long currentEpoch, long lastZxid) {
        return create(cfg, myId, group, executor, currentEpoch, lastZxid, TraceSink.NOOP);
    }

    /** As {@link #create(EnsembleConfig, long, EventLoopGroup, EventExecutor, long, long)}, tracing into {@code trace}. */
    public static FleElector create(EnsembleConfig cfg, long myId, EventLoopGroup group, EventExecutor executor,
                                    long currentEpoch, long lastZxid, TraceSink trace) {
        Forwarder forwarder = new Forwarder();
        PartsFactory factory = (epoch, zxid) -> {
            NettyQuorumTransport t = NettyQuorumTransport.builder().config(TransportConfig.from(cfg, myId))
                    .eventLoopGroup(group).traceSink(trace).build();
            Election e = Election.builder().config(ElectionConfig.from(cfg, myId)).transport(t).executor(executor)
                    .persisted(epoch, zxid).traceSink(trace).listener(forwarder).build();
            return new Parts(t, e);
        };
        return new FleElector(factory, factory.create(currentEpoch, lastZxid), forwarder);
    }

    /** The bound election addresses, once started. */
    public List<InetSocketAddress> electionAddresses() {
        return parts.transport().boundAddresses();
    }

    @Override
    public CompletableFuture<Void> start() {
        return parts.election().start();
    }

    @Override
    public CompletableFuture<ElectionResult> lookForLeader() {
        return parts.election().lookForLeader().thenApply(r -> {
            decided = r.vote();
            return r;
        });
    }

    @Override
    public CompletableFuture<Void> onEpochEstablished(PeerState role, long epoch) {
        Vote v = decided;
        if (v == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no decision to establish"));
        }
        Election e = parts.election();
        e.updatePersisted(epoch, Zxid.make(epoch, 0));
        return e.setState(role, v.withPeerEpoch(epoch).withState(role));
    }

    @Override
    public void peerSilent(long sid) {
        parts.election().peerSilent(sid);
    }

    @Override
    public CompletableFuture<Void> sitOut() {
        Vote v = decided;
        if (v == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no decision to sit out from"));
        }
        return parts.election().setState(PeerState.OBSERVING, v.withState(PeerState.OBSERVING));
    }

    @Override
    public PeerCounters counters() {
        return withdrawn ? retired : retired.plus(counters(parts));
    }

    private static PeerCounters counters(Parts p) {
        ElectionStats s = p.election().stats();
        TransportMetrics m = p.transport().metrics();
        return new PeerCounters(s.electionsStarted(), s.notificationsReceived(), s.notificationsSent(),
                m.connectionsOpened(), m.connectionsClosed(), m.handshakesAccepted(), m.handshakesRejected(),
                m.framesIn(), m.framesOut(), m.bytesIn(), m.bytesOut(), m.sendQueueDrops(), m.reconnects(),
                p.transport().connectedPeers().size());
    }

    @Override
    public Set<Long> connectedPeers() {
        return withdrawn ? Set.of() : parts.transport().connectedPeers();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return parts.election().closeAsync();
    }

    @Override
    public CompletableFuture<Void> withdraw() {
        Parts p = parts;
        return p.election().closeAsync().thenRun(() -> {
            retired = retired.plus(counters(p).disconnected());
            withdrawn = true;
        });
    }

    @Override
    public CompletableFuture<Void> rejoin(long currentEpoch, long lastZxid) {
        Parts p = factory.create(currentEpoch, lastZxid);
        parts = p;
        withdrawn = false;
        return p.election().start();
    }
}
