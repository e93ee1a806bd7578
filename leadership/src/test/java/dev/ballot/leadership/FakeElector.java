package dev.ballot.leadership;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** A scripted {@link Elector}: each lookForLeader() is queued for the test to decide. */
final class FakeElector implements Elector {
    final LinkedBlockingQueue<CompletableFuture<ElectionResult>> pending = new LinkedBlockingQueue<>();
    final List<Vote> statesSet = new CopyOnWriteArrayList<>();
    final List<Long> persistedEpochs = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
    /** What the peer registered with {@link #watch}. */
    volatile Watcher watcher;
    /** When set, every lookForLeader() decides this at once (a peer that keeps electing the same leader). */
    volatile ElectionResult always;

    @Override
    public void watch(Watcher w) {
        watcher = w;
    }

    @Override
    public CompletableFuture<Void> start() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<ElectionResult> lookForLeader() {
        looks.incrementAndGet();
        calls.add("look");
        if (always != null) {
            lastDecided = always.vote();
            return CompletableFuture.completedFuture(always);
        }
        CompletableFuture<ElectionResult> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    }

    /** Waits for the next lookForLeader() and decides {@code leader} for peer {@code me}. */
    void decide(long me, long leader) throws InterruptedException {
        decide(me, leader, me == leader ? PeerState.LEADING : PeerState.FOLLOWING);
    }

    /** Waits for the next lookForLeader() and decides {@code leader} with {@code role} for peer {@code me}. */
    void decide(long me, long leader, PeerState role) throws InterruptedException {
        CompletableFuture<ElectionResult> f = pending.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("peer " + me + " did not look for a leader");
        }
        ElectionResult r = new ElectionResult(new Vote(leader, 0, 1, 0, role), role, 1, java.time.Duration.ofMillis(210), 1, 4, 3);
        lastDecided = r.vote();
        f.complete(r);
    }

    /** A decision as {@link #decide} makes it. */
    static ElectionResult decision(long leader, PeerState role) {
        return new ElectionResult(new Vote(leader, 0, 1, 0, role), role, 1, java.time.Duration.ofMillis(210), 1, 4, 3);
    }

    /** The vote of the last decision handed out. */
    volatile Vote lastDecided;

    @Override
    public CompletableFuture<Void> onEpochEstablished(PeerState role, long epoch) {
        persistedEpochs.add(epoch);
        statesSet.add(lastDecided.withPeerEpoch(epoch).withState(role));
        return CompletableFuture.completedFuture(null);
    }

    /** {@code "silent <sid>"} and {@code "look"}, in the order the peer called {@link #peerSilent} and {@link #lookForLeader}. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void peerSilent(long sid) {
        calls.add("silent " + sid);
    }

    final java.util.concurrent.atomic.AtomicInteger sitOuts = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletableFuture<Void> sitOut() {
        sitOuts.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public PeerCounters counters() {
        return new PeerCounters(1, 4, 3, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0);
    }

    /** What {@link #connectedPeers()} answers; tests set it. */
    volatile Set<Long> connected = Set.of();

    @Override
    public Set<Long> connectedPeers() {
        return connected;
    }

    final java.util.concurrent.atomic.AtomicInteger withdrawals = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger rejoins = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletableFuture<Void> withdraw() {
        withdrawals.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> rejoin(long currentEpoch, long lastZxid) {
        rejoins.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        closed.complete(null);
        return closed;
    }
}
