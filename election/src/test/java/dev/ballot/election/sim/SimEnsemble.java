package dev.ballot.election.sim;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.FleSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** The scenario suite's {@link Ensemble} on the simulator: virtual time, a healthy network, fixed seed. */
public final class SimEnsemble implements Ensemble, SimHost {
    private static final long BOUND_MS = 300_000;
    private final QuorumVerifier quorum;
    private final boolean decideWhenAllVoted;
    private final VirtualScheduler clock = new VirtualScheduler();
    private final Map<Long, SimPeer> peers = new HashMap<>();
    private final Map<Long, List<Notification>> mocks = new HashMap<>();
    private final SimNetwork network;
    private final List<String> violations = new ArrayList<>();

    public SimEnsemble(QuorumVerifier quorum, boolean decideWhenAllVoted) {
        this.quorum = quorum;
        this.decideWhenAllVoted = decideWhenAllVoted;
        this.network = new SimNetwork(clock, new SplittableRandom(7), sid -> mocks.containsKey(sid)
                || (peers.containsKey(sid) && peers.get(sid).alive()), this::deliver, (sid, peer, up) -> {
                    if (peers.containsKey(sid)) {
                        peers.get(sid).link(peer, up);
                    }
                });
    }

    private void deliver(long from, long to, ByteBuffer payload) {
        List<Notification> inbox = mocks.get(to);
        if (inbox != null) {
            inbox.add(NotificationCodec.decode(payload));
        } else {
            peers.get(to).receive(from, payload);
        }
    }

    @Override
    public QuorumVerifier quorum() {
        return quorum;
    }

    @Override
    public void start(long sid, long currentEpoch, long lastZxid) {
        SimPeer existing = peers.get(sid);
        if (existing != null) {
            existing.restart();
            existing.persist(currentEpoch, lastZxid);
        } else {
            peers.put(sid, new SimPeer(sid, new FleSettings(sid, quorum, Duration.ofMillis(200),
                    Duration.ofMillis(200), Duration.ofSeconds(60), decideWhenAllVoted, false), currentEpoch, lastZxid,
                    this));
        }
        network.restarted(sid, quorum.allMembers().keySet());
        peers.get(sid).lookForLeader();
    }

    @Override
    public void stop(long sid) {
        peers.get(sid).crash();
        network.crashed(sid, quorum.allMembers().keySet(), true); // a stopped process closes its connections
    }

    @Override
    public void lookAgain(long sid) {
        peers.get(sid).lookForLeader();
    }

    @Override
    public void awaitDecided(Collection<Long> sids) {
        await(() -> sids.stream().allMatch(s -> peers.get(s).alive() && !peers.get(s).fsm().isElecting()),
                "peers " + sids + " decide");
    }

    @Override
    public void await(BooleanSupplier condition, String what) {
        long deadline = clock.now() + BOUND_MS;
        while (!condition.getAsBoolean()) {
            if (clock.now() >= deadline) {
                throw new AssertionError("not within " + BOUND_MS + " virtual ms: " + what);
            }
            clock.runUntil(clock.now() + 10);
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.toString());
        }
    }

    @Override
    public PeerState state(long sid) {
        return peers.get(sid).state();
    }

    @Override
    public Vote vote(long sid) {
        return peers.get(sid).currentVote();
    }

    @Override
    public void establish(long leader, long newEpoch) {
        long l = leader;
        peers.values().stream().filter(p -> p.alive() && !p.fsm().isElecting() && p.currentVote().leader() == l)
                .forEach(p -> p.establish(newEpoch, p.state()));
    }

    @Override
    public void mock(long sid) {
        mocks.put(sid, new ArrayList<>());
    }

    @Override
    public void sendRaw(long from, long to, ByteBuffer payload) {
        network.send(from, to, payload);
    }

    @Override
    public Notification awaitReceived(long sid, Predicate<Notification> p) {
        await(() -> mocks.get(sid).stream().anyMatch(p), "mock " + sid + " receives a matching notification");
        return mocks.get(sid).stream().filter(p).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        peers.values().forEach(SimPeer::crash);
    }

    @Override
    public VirtualScheduler clock() {
        return clock;
    }

    @Override
    public SimNetwork network() {
        return network;
    }

    @Override
    public void violation(String what) {
        violations.add(what);
    }

    @Override
    public void onDecision(SimPeer peer, Decision decision) {
        // scenarios assert on states and votes
    }

    @Override
    public boolean wellFormed(long from) {
        return !mocks.containsKey(from);
    }
}
