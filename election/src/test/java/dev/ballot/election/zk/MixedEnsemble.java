package dev.ballot.election.zk;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.scenario.NettyEnsemble;
import dev.ballot.election.sim.Ensemble;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.LongPredicate;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.flexible.QuorumHierarchical;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;

/**
 * The scenario suite's third ensemble (convention 20): sids chosen by {@code zooKeeperSid} run the
 * real ZooKeeper 3.9.5 election ({@link ZkPeer}), the others Ballot on Netty; mocks are bare Ballot
 * transports. ZooKeeper peers get the same configuration (majority or hierarchical) built from
 * Ballot's config text with the real loopback ports.
 */
final class MixedEnsemble implements Ensemble {
    private static final long BOUND_S = 30;
    private final QuorumVerifier quorum;
    private final LongPredicate zooKeeperSid;
    private final NettyEnsemble ballot;
    private final org.apache.zookeeper.server.quorum.flexible.QuorumVerifier zkQuorum;
    private final Map<Long, ZkPeer> zk = new HashMap<>();
    private final Map<Long, CompletableFuture<org.apache.zookeeper.server.quorum.Vote>> zkResults = new HashMap<>();
    private final ExecutorService zkThreads = Executors.newCachedThreadPool();
    private final Path dataRoot;
    private int incarnation;

    MixedEnsemble(QuorumVerifier quorum, LongPredicate zooKeeperSid) {
        this.quorum = quorum;
        this.zooKeeperSid = zooKeeperSid;
        this.ballot = new NettyEnsemble(quorum);
        this.zkQuorum = zooKeeperConfig(quorum, ballot);
        try {
            this.dataRoot = Files.createTempDirectory("ballot-mixed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ballot's config text with the real election ports (and fresh quorum ports), parsed by ZooKeeper. */
    private static org.apache.zookeeper.server.quorum.flexible.QuorumVerifier zooKeeperConfig(QuorumVerifier q,
                                                                                            NettyEnsemble ballot) {
        // the election ports may not be bound yet: a quorum port equal to one of them is refused by ZooKeeper
        List<Integer> electionPorts = q.allMembers().keySet().stream().map(ballot::port).toList();
        List<Integer> quorumPorts = LoopbackPorts.reserveAvoiding(q.allMembers().size(), electionPorts);
        Properties props = new Properties();
        try {
            props.load(new StringReader(q.toConfigString()));
            int i = 0;
            for (var m : q.allMembers().values()) {
                props.setProperty("server." + m.sid(), "127.0.0.1:" + quorumPorts.get(i++) + ":"
                        + ballot.port(m.sid()) + ":" + m.type().configWord());
            }
            props.remove("version");
            boolean hierarchical = props.stringPropertyNames().stream()
                    .anyMatch(k -> k.startsWith("group") || k.startsWith("weight"));
            return hierarchical ? new QuorumHierarchical(props) : new QuorumMaj(props);
        } catch (IOException | QuorumPeerConfig.ConfigException e) {
            throw new IllegalStateException("ZooKeeper rejects Ballot's config text: " + e, e);
        }
    }

    @Override
    public QuorumVerifier quorum() {
        return quorum;
    }

    @Override
    public void start(long sid, long currentEpoch, long lastZxid) {
        if (!zooKeeperSid.test(sid)) {
            ballot.start(sid, currentEpoch, lastZxid);
            return;
        }
        zkResults.put(sid, zooKeeperPeer(sid, currentEpoch, lastZxid).elect(zkThreads));
    }

    private ZkPeer zooKeeperPeer(long sid, long currentEpoch, long lastZxid) {
        try {
            File dir = Files.createDirectories(dataRoot.resolve("zk" + sid + "-" + incarnation++)).toFile();
            ZkPeer peer = new ZkPeer(zkQuorum, dir, sid, currentEpoch, lastZxid);
            zk.put(sid, peer);
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code peers} so that start-up latency cannot decide the election. ZooKeeper's finalize wait
     * is a 200 ms constant, Ballot's is patient here: so every peer is bound and every Ballot peer
     * connected first, the Ballot peers look first, and a ZooKeeper participant looks only once the best
     * vote is already waiting for it (the ZooKeeper peer with the best vote, if it is one, looks before
     * the other ZooKeeper peers). Without a best participant of positive weight no order is imposed.
     */
    @Override
    public void startTogether(Collection<Start> peers) {
        List<Long> ballotSids = peers.stream().map(Start::sid).filter(s -> !zooKeeperSid.test(s)).toList();
        List<Long> all = peers.stream().map(Start::sid).toList();
        peers.stream().filter(p -> !zooKeeperSid.test(p.sid())).forEach(p ->
                ballot.startWithoutLooking(p.sid(), p.currentEpoch(), p.lastZxid(), ballot.config(p.sid())));
        List<Start> zkStarts = peers.stream().filter(p -> zooKeeperSid.test(p.sid())).toList();
        zkStarts.forEach(p -> zooKeeperPeer(p.sid(), p.currentEpoch(), p.lastZxid()).bind());
        ballot.awaitConnected(ballotSids, all);
        ballot.lookTogether(ballotSids);
        Optional<Start> best = peers.stream().filter(p -> quorum.isVoter(p.sid()))
                .max(Comparator.comparingLong(Start::currentEpoch).thenComparingLong(Start::lastZxid)
                        .thenComparingLong(Start::sid))
                .filter(p -> quorum.weight(p.sid()) > 0);
        List<Long> waiting = new ArrayList<>(zkStarts.stream().map(Start::sid).toList());
        if (best.isPresent()) {
            long b = best.get().sid();
            if (waiting.remove(b)) {
                lookZooKeeper(b);
            }
            List<Long> ballotVoters = ballotSids.stream().filter(quorum::isVoter).toList();
            List<Long> zkVoters = waiting.stream().filter(quorum::isVoter).toList();
            await(() -> ballotVoters.stream().allMatch(s -> zkVoters.stream().allMatch(z -> ballot.hasSent(s, z, b))),
                    "Ballot voters " + ballotVoters + " sent their vote for " + b + " to ZooKeeper peers " + zkVoters);
        }
        waiting.forEach(this::lookZooKeeper);
    }

    private void lookZooKeeper(long sid) {
        zkResults.put(sid, zk.get(sid).look(zkThreads));
    }

    /** The Ballot peers look first; the ZooKeeper peers (200 ms finalize wait) last. */
    @Override
    public void lookAgainTogether(Collection<Long> sids) {
        sids.stream().filter(s -> !zooKeeperSid.test(s)).forEach(this::lookAgain);
        sids.stream().filter(zooKeeperSid::test).forEach(this::lookAgain);
    }

    @Override
    public void stop(long sid) {
        ZkPeer p = zk.remove(sid);
        if (p != null) {
            p.stopElection();
            zkResults.remove(sid);
        } else {
            ballot.stop(sid);
        }
    }

    @Override
    public void lookAgain(long sid) {
        ZkPeer p = zk.get(sid);
        if (p != null) {
            zkResults.put(sid, p.look(zkThreads));
        } else {
            ballot.lookAgain(sid);
        }
    }

    @Override
    public void awaitDecided(Collection<Long> sids) {
        for (long s : sids) {
            CompletableFuture<org.apache.zookeeper.server.quorum.Vote> f = zkResults.get(s);
            if (f != null) {
                try {
                    f.get(BOUND_S, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("ZooKeeper peer " + s + " did not decide: " + e, e);
                }
            } else {
                ballot.awaitDecided(List.of(s));
            }
        }
    }

    @Override
    public void await(BooleanSupplier condition, String what) {
        ballot.await(condition, what);
    }

    @Override
    public PeerState state(long sid) {
        ZkPeer p = zk.get(sid);
        return p != null ? PeerState.valueOf(p.getPeerState().name()) : ballot.state(sid);
    }

    @Override
    public Vote vote(long sid) {
        ZkPeer p = zk.get(sid);
        if (p == null) {
            return ballot.vote(sid);
        }
        org.apache.zookeeper.server.quorum.Vote v = p.getCurrentVote();
        return new Vote(v.getId(), v.getZxid(), v.getElectionEpoch(), v.getPeerEpoch(),
                PeerState.valueOf(p.getPeerState().name()));
    }

    @Override
    public void establish(long leader, long newEpoch) {
        zk.values().stream().filter(p -> p.getPeerState() != org.apache.zookeeper.server.quorum.QuorumPeer.ServerState.LOOKING
                && p.getCurrentVote().getId() == leader).forEach(p -> p.establish(newEpoch));
        ballot.establish(leader, newEpoch);
    }

    @Override
    public void mock(long sid) {
        ballot.mock(sid);
    }

    @Override
    public void sendRaw(long from, long to, ByteBuffer payload) {
        ballot.sendRaw(from, to, payload);
    }

    @Override
    public Notification awaitReceived(long sid, Predicate<Notification> p) {
        return ballot.awaitReceived(sid, p);
    }

    @Override
    public void close() {
        zk.values().forEach(ZkPeer::stopElection);
        zk.clear();
        ballot.close();
        zkThreads.shutdownNow();
        try (var files = Files.walk(dataRoot)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
