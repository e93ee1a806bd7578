package dev.ballot.bench.zk;

import dev.ballot.bench.cell.Ensemble;
import dev.ballot.bench.cell.Layout;
import dev.ballot.bench.cell.PeerSpec;
import org.apache.zookeeper.server.quorum.FastLeaderElection;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeer.LearnerType;
import org.apache.zookeeper.server.quorum.QuorumPeer.QuorumServer;
import org.apache.zookeeper.server.quorum.QuorumPeer.ServerState;
import org.apache.zookeeper.server.quorum.Vote;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * ZooKeeper 3.9.5's election layer for every peer of a {@link Layout}: one {@code QuorumPeer} per sid with
 * its member map, {@code startLeaderElection()} to start its {@code QuorumCnxManager} listener and
 * {@code FastLeaderElection} workers, and a blocking {@code lookForLeader()} on one thread per peer (the
 * thread a {@code QuorumPeer} runs it on). After deciding, the peer's current vote is set, as
 * {@code QuorumPeer.run} does, so it answers LOOKING peers with it.
 *
 * <p>Used by one scenario thread.
 */
public final class ZkEnsemble implements Ensemble {
    private final Layout layout;
    private final ZkSettings settings;
    private final Path dataRoot;
    private final Map<Long, QuorumPeer> peers = new HashMap<>();
    private final Map<Long, Boolean> running = new HashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final ExecutorService lookers;

    public ZkEnsemble(Layout layout, ZkSettings settings) {
        this.layout = layout;
        this.settings = settings;
        try {
            this.dataRoot = Files.createTempDirectory("ballot-bench-zk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger n = new AtomicInteger();
        this.lookers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zk-quorum-peer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (PeerSpec p : layout.peers()) {
            recreate(p.sid());
        }
    }

    @Override
    public void recreate(long sid) {
        if (Boolean.TRUE.equals(running.get(sid))) {
            throw new IllegalStateException("peer " + sid + " is running; stop it first");
        }
        try {
            File dir = Files.createDirectories(dataRoot.resolve("p" + sid)).toFile();
            QuorumPeer peer = new CountingQuorumPeer(viewOf(sid), dir, sid, settings, sent, received);
            peer.setLearnerType(isObserver(sid) ? LearnerType.OBSERVER : LearnerType.PARTICIPANT);
            peers.put(sid, peer);
            running.put(sid, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ZooKeeper peer " + sid, e);
        }
    }

    @Override
    public void start(long sid) {
        peers.get(sid).startLeaderElection();
        running.put(sid, true);
    }

    @Override
    public CompletableFuture<Long> lookForLeader(long sid) {
        QuorumPeer peer = peers.get(sid);
        return CompletableFuture.supplyAsync(() -> {
            peer.setPeerState(ServerState.LOOKING);
            try {
                Vote v = ((FastLeaderElection) peer.getElectionAlg()).lookForLeader();
                if (v == null) {
                    throw new IllegalStateException("peer " + sid + ": lookForLeader returned no vote (shut down)");
                }
                peer.setCurrentVote(v);
                return v.getId();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("peer " + sid + " interrupted", e);
            }
        }, lookers);
    }

    @Override
    public void stop(long sid) {
        if (Boolean.TRUE.equals(running.put(sid, false))) {
            peers.get(sid).getElectionAlg().shutdown();
        }
    }

    @Override
    public long notificationsSent() {
        return sent.sum();
    }

    @Override
    public long notificationsReceived() {
        return received.sum();
    }

    @Override
    public void close() {
        for (Long sid : peers.keySet()) {
            stop(sid);
        }
        lookers.shutdownNow();
        try {
            lookers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dataRoot);
    }

    private boolean isObserver(long sid) {
        return layout.peers().stream().anyMatch(p -> p.sid() == sid && p.observer());
    }

    /** The member map as {@code sid} sees it: its own listening port, every other peer's advertised port. */
    private Map<Long, QuorumServer> viewOf(long self) {
        Map<Long, QuorumServer> view = new LinkedHashMap<>();
        for (PeerSpec p : layout.peers()) {
            int election = p.sid() == self ? p.electionPort() : p.advertisedPort();
            view.put(p.sid(), new QuorumServer(p.sid(), new InetSocketAddress(Layout.HOST, p.quorumPort()),
                    new InetSocketAddress(Layout.HOST, election),
                    p.observer() ? LearnerType.OBSERVER : LearnerType.PARTICIPANT));
        }
        return view;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
