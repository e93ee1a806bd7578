package dev.ballot.bench.ballot;

import dev.ballot.bench.cell.Ensemble;
import dev.ballot.bench.cell.Layout;
import dev.ballot.bench.cell.PeerSpec;
import dev.ballot.core.LearnerType;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import dev.ballot.election.Election;
import dev.ballot.election.ElectionConfig;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.ElectionStats;
import dev.ballot.transport.netty.NettyQuorumTransport;
import dev.ballot.transport.netty.TransportConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ballot's election layer for every peer of a {@link Layout}: per peer a {@link NettyQuorumTransport} and an
 * {@link Election}, all on one shared event-loop group of as many threads as processors (epoll when
 * available), as an embedding service would run them. After deciding, a peer is given its role and vote
 * ({@link Election#setState}), as the ZooKeeper side sets its current vote. Settings come from
 * {@link EnsembleConfig}'s defaults, which equal ZooKeeper's (finalizeWait 200 ms, notification interval
 * 200 ms to 60 s).
 *
 * <p>Used by one scenario thread.
 */
public final class BallotEnsemble implements Ensemble {
    private static final Path UNUSED_DATA_DIR = Path.of(System.getProperty("java.io.tmpdir"));

    private final Layout layout;
    private final boolean decideWhenAllVoted;
    private final EventLoopGroup group;
    private final Map<Long, Election> peers = new HashMap<>();
    private final Map<Long, Boolean> running = new HashMap<>();
    private long retiredSent;
    private long retiredReceived;

    /**
     * @param decideWhenAllVoted Ballot's default {@code true} decides as soon as every voter agrees; {@code false}
     *                           always waits {@code finalizeWait}, as ZooKeeper 3.9's FLE does (docs/protocol.md "A LOOKING notification" step 7)
     */
    public BallotEnsemble(Layout layout, boolean decideWhenAllVoted) {
        this.layout = layout;
        this.decideWhenAllVoted = decideWhenAllVoted;
        int threads = Runtime.getRuntime().availableProcessors();
        DefaultThreadFactory factory = new DefaultThreadFactory("ballot-bench-loop", true);
        this.group = new MultiThreadIoEventLoopGroup(threads, factory,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        for (PeerSpec p : layout.peers()) {
            recreate(p.sid());
        }
    }

    @Override
    public void recreate(long sid) {
        if (Boolean.TRUE.equals(running.get(sid))) {
            throw new IllegalStateException("peer " + sid + " is running; stop it first");
        }
        Election old = peers.get(sid);
        if (old != null) {
            ElectionStats s = old.stats();
            retiredSent += s.notificationsSent();
            retiredReceived += s.notificationsReceived();
        }
        EnsembleConfig cfg = configOf(sid);
        NettyQuorumTransport transport = NettyQuorumTransport.builder().config(TransportConfig.from(cfg, sid))
                .eventLoopGroup(group).build();
        peers.put(sid, Election.builder().config(ElectionConfig.from(cfg, sid)).transport(transport)
                .executor(group.next()).build());
        running.put(sid, false);
    }

    @Override
    public void start(long sid) {
        peers.get(sid).start().join();
        running.put(sid, true);
    }

    @Override
    public CompletableFuture<Long> lookForLeader(long sid) {
        Election e = peers.get(sid);
        return e.lookForLeader().thenCompose((ElectionResult r) ->
                e.setState(r.role(), r.vote()).thenApply(v -> r.vote().leader()));
    }

    @Override
    public void stop(long sid) {
        if (Boolean.TRUE.equals(running.put(sid, false))) {
            peers.get(sid).close();
        }
    }

    @Override
    public long notificationsSent() {
        return retiredSent + peers.values().stream().mapToLong(e -> e.stats().notificationsSent()).sum();
    }

    @Override
    public long notificationsReceived() {
        return retiredReceived + peers.values().stream().mapToLong(e -> e.stats().notificationsReceived()).sum();
    }

    @Override
    public void close() {
        for (Long sid : peers.keySet()) {
            stop(sid);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The ensemble as {@code self} sees it: its own listening port, every other peer's advertised port. */
    private EnsembleConfig configOf(long self) {
        Map<Long, QuorumServer> members = new LinkedHashMap<>();
        for (PeerSpec p : layout.peers()) {
            int election = p.sid() == self ? p.electionPort() : p.advertisedPort();
            members.put(p.sid(), QuorumServer.of(p.sid(), Layout.HOST, p.quorumPort(), election,
                    p.observer() ? LearnerType.OBSERVER : LearnerType.PARTICIPANT));
        }
        return EnsembleConfig.builder().dataDir(UNUSED_DATA_DIR).quorum(new MajorityQuorumVerifier(members, 0))
                .adminServerEnabled(false).decideWhenAllVoted(decideWhenAllVoted).build();
    }
}
