package dev.ballot.leadership;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.Election;
import dev.ballot.election.ElectionConfig;
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
 * Thread-safe.
 */
public final class FleElector implements Elector {
    private final NettyQuorumTransport transport;
    private final Election election;

    private FleElector(NettyQuorumTransport transport, Election election) {
        this.transport = transport;
        this.election = election;
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
        NettyQuorumTransport t = NettyQuorumTransport.builder().config(TransportConfig.from(cfg, myId))
                .eventLoopGroup(group).traceSink(trace).build();
        Election e = Election.builder().config(ElectionConfig.from(cfg, myId)).transport(t).executor(executor)
                .persisted(currentEpoch, lastZxid).traceSink(trace).build();
        return new FleElector(t, e);
    }

    /** The bound election addresses, once started. */
    public List<InetSocketAddress> electionAddresses() {
        return transport.boundAddresses();
    }

    @Override
    public CompletableFuture<Void> start() {
        return election.start();
    }

    @Override
    public CompletableFuture<Decision> lookForLeader() {
        return election.lookForLeader().thenApply(FleElector::decision);
    }

    private static Decision decision(ElectionResult r) {
        return new Decision(r.vote(), r.role(), r.round(), r.duration(), r.roundsObserved(), r.notificationsReceived(),
                r.notificationsSent());
    }

    @Override
    public CompletableFuture<Void> setState(PeerState role, Vote vote) {
        return election.setState(role, vote);
    }

    @Override
    public void updatePersisted(long currentEpoch, long lastZxid) {
        election.updatePersisted(currentEpoch, lastZxid);
    }

    @Override
    public PeerCounters counters() {
        ElectionStats s = election.stats();
        TransportMetrics m = transport.metrics();
        return new PeerCounters(s.electionsStarted(), s.notificationsReceived(), s.notificationsSent(),
                m.connectionsOpened(), m.connectionsClosed(), m.handshakesAccepted(), m.handshakesRejected(),
                m.framesIn(), m.framesOut(), m.bytesIn(), m.bytesOut(), m.sendQueueDrops(), m.reconnects(),
                transport.connectedPeers().size());
    }

    @Override
    public Set<Long> connectedPeers() {
        return transport.connectedPeers();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return election.closeAsync();
    }
}
