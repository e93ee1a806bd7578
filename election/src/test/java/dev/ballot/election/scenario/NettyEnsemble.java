package dev.ballot.election.scenario;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.codec.NotificationFormatException;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.Election;
import dev.ballot.election.ElectionConfig;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.sim.Ensemble;
import dev.ballot.transport.netty.NettyQuorumTransport;
import dev.ballot.transport.netty.TransportConfig;
import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import dev.ballot.transport.netty.testing.RecordingListener;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The scenario suite's {@link Ensemble} on real Netty peers over loopback (127.0.0.1, OS-chosen
 * ports): one {@link NettyQuorumTransport} and one {@link Election} per peer, all on one shared
 * event loop group. {@link #close()} stops every election, transport and the group.
 *
 * <p>Peers started by {@link #start} and {@link #startTogether} wait {@link #REAL_TIME_FINALIZE_WAIT}
 * after reaching a quorum: on a loaded machine a vote can take far longer than ZooKeeper's 200 ms to
 * arrive, and FLE legitimately decides without it. With every voter heard they decide at once
 * ({@code decideWhenAllVoted}), so the wait only costs time in elections that lack a voter.
 */
public final class NettyEnsemble implements Ensemble {
    /** The finalize wait of peers started by {@link #start} and {@link #startTogether}. */
    public static final Duration REAL_TIME_FINALIZE_WAIT = Duration.ofSeconds(2);
    private static final Duration BOUND = Duration.ofSeconds(30);
    private final QuorumVerifier quorum;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Map<Long, Integer> ports = new LinkedHashMap<>();
    private final Map<Long, Election> elections = new LinkedHashMap<>();
    private final Map<Long, NettyQuorumTransport> transports = new LinkedHashMap<>();
    private final Map<Long, Set<Sent>> sent = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ElectionResult>> results = new LinkedHashMap<>();
    private final Map<Long, NettyQuorumTransport> mocks = new LinkedHashMap<>();
    private final Map<Long, RecordingListener> mockInbox = new LinkedHashMap<>();

    public NettyEnsemble(QuorumVerifier quorum) {
        this(quorum, new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory()), true);
    }

    /** An ensemble on the caller's group (not shut down by {@link #close()}). */
    public NettyEnsemble(QuorumVerifier quorum, EventLoopGroup group, boolean ownsGroup) {
        this.quorum = quorum;
        this.group = group;
        this.ownsGroup = ownsGroup;
        List<Integer> p = LoopbackPorts.reserve(quorum.allMembers().size());
        int i = 0;
        for (long sid : quorum.allMembers().keySet()) {
            ports.put(sid, p.get(i++));
        }
    }

    /** The election address port of {@code sid}. */
    public int port(long sid) {
        return ports.get(sid);
    }

    /** The running election of {@code sid}. */
    public Election election(long sid) {
        return elections.get(sid);
    }

    private NettyQuorumTransport transport(long sid) {
        TransportConfig.Builder b = TransportConfig.builder().myId(sid).reconnectMaxDelay(Duration.ofSeconds(1));
        ports.forEach((s, port) -> b.peer(s, "127.0.0.1", port));
        return NettyQuorumTransport.builder().config(b.build()).eventLoopGroup(group).build();
    }

    @Override
    public QuorumVerifier quorum() {
        return quorum;
    }

    /** A notification a peer handed to its transport: to whom, for which leader. */
    private record Sent(long to, long leader) {
    }

    /** The configuration {@link #start} gives peer {@code sid}: the real-time finalize wait. */
    public ElectionConfig.Builder config(long sid) {
        return ElectionConfig.builder().myId(sid).quorum(quorum).finalizeWait(REAL_TIME_FINALIZE_WAIT);
    }

    @Override
    public void start(long sid, long currentEpoch, long lastZxid) {
        Election e = startWithoutLooking(sid, currentEpoch, lastZxid, config(sid));
        results.put(sid, e.lookForLeader());
    }

    /** Binds and connects every peer first, then lets them all look for a leader at once. */
    @Override
    public void startTogether(Collection<Start> peers) {
        peers.forEach(p -> startWithoutLooking(p.sid(), p.currentEpoch(), p.lastZxid(), config(p.sid())));
        List<Long> sids = peers.stream().map(Start::sid).toList();
        awaitConnected(sids, sids);
        lookTogether(sids);
    }

    /** Makes the started peers {@code sids} look for a leader (the next round of their election). */
    public void lookTogether(Collection<Long> sids) {
        sids.forEach(this::lookAgain);
    }

    /**
     * Dials from every started peer in {@code from} and waits (bounded) until each has a live,
     * arbitrated connection to every other peer in {@code to}, so that what it sends next is delivered
     * without a connect (and without its back-off) on the way.
     */
    public void awaitConnected(Collection<Long> from, Collection<Long> to) {
        from.forEach(s -> to.forEach(t -> transports.get(s).connect(t)));
        await(() -> from.stream().allMatch(s -> transports.get(s).connectedPeers().containsAll(
                to.stream().filter(t -> t != s).toList())), "peers " + from + " connected to " + to);
    }

    /** Whether started peer {@code sid} has handed its transport a notification for {@code leader} to {@code to}. */
    public boolean hasSent(long sid, long to, long leader) {
        return sent.getOrDefault(sid, Set.of()).contains(new Sent(to, leader));
    }

    /** Records the notifications {@code sid} sends (for {@link #hasSent}). */
    private TraceSink sentRecorder(long sid) {
        Set<Sent> out = ConcurrentHashMap.newKeySet();
        sent.put(sid, out);
        return new TraceSink() {
            @Override
            public void record(TraceEvent event) {
                if (event instanceof TraceEvent.NotificationSent n) {
                    out.add(new Sent(n.to(), n.vote().leader()));
                }
            }

            @Override
            public boolean enabled() {
                return true;
            }
        };
    }

    /** Starts peer {@code sid}'s transport and election (bound, RUNNING) without looking for a leader yet. */
    public Election startWithoutLooking(long sid, long currentEpoch, long lastZxid, ElectionConfig.Builder config) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            NettyQuorumTransport t = transport(sid);
            Election e = Election.builder().config(config.build()).transport(t).executor(group.next())
                    .persisted(currentEpoch, lastZxid).traceSink(sentRecorder(sid)).build();
            try {
                e.start().join();
                elections.put(sid, e);
                transports.put(sid, t);
                return e;
            } catch (java.util.concurrent.CompletionException bindFailed) {
                // A restarted peer's port can be held for a moment by a dial towards it that the kernel gave
                // the same ephemeral port (loopback self-connect); try again until the bound.
                e.close();
                if (System.nanoTime() > deadline) {
                    throw bindFailed;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
        }
    }

    @Override
    public void stop(long sid) {
        Election e = elections.remove(sid);
        transports.remove(sid);
        results.remove(sid);
        e.close();
    }

    @Override
    public void lookAgain(long sid) {
        results.put(sid, elections.get(sid).lookForLeader());
    }

    @Override
    public void awaitDecided(Collection<Long> sids) {
        for (long s : sids) {
            results.get(s).orTimeout(BOUND.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    @Override
    public void await(BooleanSupplier condition, String what) {
        Await.until(BOUND, condition, () -> what);
    }

    @Override
    public PeerState state(long sid) {
        return elections.get(sid).state();
    }

    @Override
    public Vote vote(long sid) {
        Optional<ElectionResult> r = elections.get(sid).stats().lastResult();
        return r.orElseThrow(() -> new AssertionError("peer " + sid + " has not decided")).vote();
    }

    @Override
    public void establish(long leader, long newEpoch) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        elections.forEach((sid, e) -> {
            Optional<ElectionResult> r = e.stats().lastResult();
            if (e.state() != PeerState.LOOKING && r.isPresent() && r.get().leader() == leader) {
                e.updatePersisted(newEpoch, newEpoch << 32);
                done.add(e.setState(e.state(), r.get().vote().withPeerEpoch(newEpoch)));
            }
        });
        done.forEach(CompletableFuture::join);
    }

    @Override
    public void mock(long sid) {
        RecordingListener inbox = new RecordingListener();
        NettyQuorumTransport t = transport(sid);
        mocks.put(sid, t);
        mockInbox.put(sid, inbox);
        t.start(inbox).toCompletableFuture().join();
    }

    @Override
    public void sendRaw(long from, long to, ByteBuffer payload) {
        mocks.get(from).send(to, payload);
    }

    @Override
    public Notification awaitReceived(long sid, Predicate<Notification> p) {
        Notification[] found = new Notification[1];
        await(() -> {
            for (RecordingListener.Received r : mockInbox.get(sid).messages()) {
                try {
                    Notification n = NotificationCodec.decode(ByteBuffer.wrap(r.bytes()));
                    if (p.test(n)) {
                        found[0] = n;
                        return true;
                    }
                } catch (NotificationFormatException ignored) {
                    // not a notification this predicate is about
                }
            }
            return false;
        }, "mock " + sid + " receives a matching notification");
        return found[0];
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        elections.values().forEach(e -> closing.add(e.closeAsync()));
        mocks.values().forEach(t -> closing.add(t.closeAsync().toCompletableFuture()));
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
        elections.clear();
        mocks.clear();
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
