package dev.ballot.election.sim;

import dev.ballot.core.PeerState;
import dev.ballot.core.Zxid;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.FleRules;
import dev.ballot.election.fsm.FleSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One seeded simulated run: 3-9 peers (sometimes observers, sometimes a zero-weight hierarchical
 * layout, sometimes an untrusted database, sometimes peers with ZooKeeper's timing next to Ballot's),
 * the production stepping core on virtual time, a small role layer standing in for ZooKeeper's
 * {@code QuorumPeer} (followers give up on an unreachable leader, leaders step down without a quorum,
 * epoch establishment), a fault phase, then the invariants (a)-(e) of the election issue. The seed
 * alone determines everything. Not thread-safe.
 */
public final class Simulation implements SimHost {
    /** Virtual time allowed from the end of the faults until everyone agrees (invariant a). */
    public static final long SETTLE_BOUND_MS = 600_000;
    /** The finalize wait every simulated peer uses (ZooKeeper's 200 ms). */
    public static final long FINALIZE_WAIT_MS = 200;
    private static final long TICK_MS = 1000;
    private static final int GIVE_UP_TICKS = 5;

    private final long seed;
    private final boolean faults;
    private final SplittableRandom random;
    private final VirtualScheduler clock = new VirtualScheduler();
    private final Map<Long, SimPeer> peers = new LinkedHashMap<>();
    private final QuorumVerifier quorum;
    private final SimNetwork network;
    private final List<String> violations = new ArrayList<>();
    private final StringBuilder transcript = new StringBuilder();
    /** Every peer's trace events, into the transcript with {@code -Dballot.sim.trace=true}; else off. */
    private TraceSink traceSink = Boolean.getBoolean("ballot.sim.trace") ? new TraceSink() {
        @Override
        public void record(dev.ballot.core.trace.TraceEvent event) {
            transcribe(event);
        }

        @Override
        public boolean enabled() {
            return true;
        }
    } : TraceSink.NOOP;
    private long elections;
    /** Every decision in order: (virtual ms, sid, decision). */
    private final List<Decided> decisions = new ArrayList<>();
    private long leader = Long.MIN_VALUE;

    /** One decision of one peer at a virtual time. */
    public record Decided(long atMs, long sid, Decision decision) {
    }

    /**
     * A re-election after the leader was killed: the new leader, virtual ms from the kill until the last
     * survivor decided, and each survivor's decision.
     */
    public record Reelection(long leader, long millis, List<Decided> decisions) {
    }

    /** The outcome of a run. */
    public record Result(long seed, int size, long elections, long leader, List<String> violations, String transcript,
                         long virtualMs, long events) {
    }

    public Simulation(long seed, boolean faults, boolean decideWhenAllVoted) {
        this.seed = seed;
        this.faults = faults;
        this.random = new SplittableRandom(seed);
        int n = 3 + random.nextInt(7);
        boolean zeroWeight = n == 9 && random.nextInt(4) == 0;
        int observers = !zeroWeight && random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        this.quorum = zeroWeight
                ? Quorums.hierarchical(9, new long[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, Set.of(1L, 2L, 4L, 5L, 7L, 8L))
                : Quorums.majority(n, observers);
        this.network = new SimNetwork(clock, random, sid -> peers.get(sid).alive(),
                (from, to, payload) -> peers.get(to).receive(from, payload),
                (sid, peer, up) -> peers.get(sid).link(peer, up));
        long untrusted = !zeroWeight && n >= 3 && random.nextInt(10) == 0 ? 1 + random.nextInt(n) : -1;
        boolean jitter = random.nextInt(5) == 0;
        // a mixed ensemble in a quarter of the fault runs: some peers keep ZooKeeper's timing (decideWhenAllVoted
        // off), as ZooKeeper peers do next to Ballot ones; drawn apart so the main sequence stays as it was
        SplittableRandom mix = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        boolean mixed = faults && decideWhenAllVoted && mix.nextInt(4) == 0;
        for (long sid : quorum.allMembers().keySet()) {
            boolean fast = mixed ? mix.nextBoolean() : decideWhenAllVoted;
            long epoch = random.nextInt(3);
            long zxid = Zxid.make(epoch, random.nextInt(4));
            if (sid == untrusted) {
                epoch = -1;
                zxid = -1;
            }
            FleSettings s = new FleSettings(sid, quorum, Duration.ofMillis(FINALIZE_WAIT_MS), Duration.ofMillis(200),
                    Duration.ofSeconds(60), fast, jitter);
            peers.put(sid, new SimPeer(sid, s, epoch, zxid, this));
        }
    }

    /** Records every peer's structured trace events into {@code sink} (virtual time, nanoseconds). */
    public Simulation traceInto(TraceSink sink) {
        this.traceSink = java.util.Objects.requireNonNull(sink, "sink");
        return this;
    }

    private void transcribe(dev.ballot.core.trace.TraceEvent event) {
        transcript.append(clock.now()).append(" | ").append(event).append('\n');
    }

    @Override
    public TraceSink traceSink() {
        return traceSink;
    }

    @Override
    public VirtualScheduler clock() {
        return clock;
    }

    @Override
    public SimNetwork network() {
        return network;
    }

    /** Records a broken invariant (the run stops at the next step). */
    @Override
    public void violation(String what) {
        if (violations.size() < 5) {
            violations.add("seed " + seed + " at " + clock.now() + " ms: " + what);
        }
    }

    /** Runs the whole scenario. */
    public Result run() {
        peers.values().forEach(p -> clock.schedule(random.nextInt(1000), p::lookForLeader));
        clock.schedule(TICK_MS, this::tick);
        long faultEnd = faults ? 2000 + random.nextInt(20_000) : 0;
        if (faults) {
            scheduleFaults(faultEnd);
        }
        clock.runUntil(faultEnd);
        network.healAll();
        network.faults(0, 0, 5);
        network.linkLag(3);
        peers.values().stream().filter(p -> !p.alive()).forEach(this::restart);
        if (!settle(faultEnd + SETTLE_BOUND_MS)) {
            violation("(a) no agreement " + SETTLE_BOUND_MS + " ms after the faults stopped: " + describe());
        } else if (violations.isEmpty()) {
            checkRejoin();
        }
        return new Result(seed, quorum.allMembers().size(), elections, leader, List.copyOf(violations),
                transcript.toString(), clock.now(), clock.executed());
    }

    // ---- the role layer (QuorumPeer stand-in) -------------------------------------------------------

    private void tick() {
        for (SimPeer p : peers.values()) {
            if (p.alive() && !p.fsm().isElecting()) {
                tickRole(p);
            }
        }
        clock.schedule(TICK_MS, this::tick);
    }

    private void tickRole(SimPeer p) {
        if (p.state() == PeerState.LEADING) {
            Set<Long> followers = followersOf(p);
            if (quorum.containsQuorum(followers)) {
                p.unhealthyTicks = 0;
                if (!p.established) {
                    establish(p, followers);
                }
                return;
            }
        } else if (p.state() != PeerState.LOOKING) {
            SimPeer l = peers.get(p.currentVote().leader());
            if (l != null && connected(p, l) && l.state() == PeerState.LEADING && l.currentVote().leader() == l.sid()) {
                if (l.established && (p.currentEpoch() != l.currentEpoch()
                        || p.currentVote().peerEpoch() != l.currentEpoch())) {
                    p.establish(l.currentEpoch(), p.state());
                }
                if (l.established) {
                    p.unhealthyTicks = 0;
                    return;
                }
            }
        }
        if (++p.unhealthyTicks >= GIVE_UP_TICKS) {
            p.lookForLeader();
        }
    }

    private Set<Long> followersOf(SimPeer leaderPeer) {
        Set<Long> f = new TreeSet<>(Set.of(leaderPeer.sid()));
        for (SimPeer p : peers.values()) {
            if (p.alive() && p.state() == PeerState.FOLLOWING && p.currentVote().leader() == leaderPeer.sid()
                    && connected(p, leaderPeer)) {
                f.add(p.sid());
            }
        }
        return f;
    }

    /** Discovery in miniature (docs/protocol.md "Epoch establishment"): new epoch = max + 1, persisted by the leader and its quorum. */
    private void establish(SimPeer l, Set<Long> members) {
        long newEpoch = members.stream().mapToLong(s -> peers.get(s).currentEpoch()).max().orElseThrow() + 1;
        for (long s : members) {
            SimPeer p = peers.get(s);
            p.establish(newEpoch, p.state());
        }
        l.established = true;
        transcript.append(clock.now()).append(" established ").append(l.sid()).append(" epoch ").append(newEpoch)
                .append('\n');
    }

    private boolean connected(SimPeer a, SimPeer b) {
        return a.alive() && b.alive() && network.linked(a.sid(), b.sid()) && network.linked(b.sid(), a.sid());
    }

    // ---- decisions and invariants (b), (c) ---------------------------------------------------------

    @Override
    public void onDecision(SimPeer p, Decision d) {
        elections++;
        decisions.add(new Decided(clock.now(), p.sid(), d));
        transcript.append(clock.now()).append(' ').append(p.sid()).append(' ').append(d.role()).append(' ')
                .append(d.vote().leader()).append(" r").append(d.round()).append(' ').append(d.path()).append('\n');
        long l = d.vote().leader();
        if (!quorum.isVoter(l) || quorum.weight(l) == 0) {
            violation("(c) peer " + p.sid() + " decided for " + l + ", an observer or zero-weight member");
        }
        Set<Long> counted = new TreeSet<>(d.electors());
        counted.removeIf(s -> !quorum.isVoter(s) || quorum.weight(s) == 0);
        if (!quorum.containsQuorum(counted)) {
            violation("(c) decision of " + p.sid() + " rests on observers or zero-weight members: " + d.electors());
        }
        boolean lookingPath = d.path() == Decision.Path.FINALIZE_WAIT || d.path() == Decision.Path.ALL_VOTED;
        if (d.role() == PeerState.LEADING && lookingPath) {
            for (long e : d.electors()) {
                var init = peers.get(e).initialVote(d.round());
                if (init != null && FleRules.beats(init, d.vote(), quorum)) {
                    violation("(b) elector " + e + " started round " + d.round() + " with " + init
                            + ", greater than leader " + d.vote());
                }
            }
        }
    }

    // ---- faults --------------------------------------------------------------------------------------

    private void scheduleFaults(long until) {
        for (long t = 300 + random.nextInt(1000); t < until; t += 300 + random.nextInt(2000)) {
            int kind = random.nextInt(11);
            clock.schedule(t, () -> fault(kind));
        }
    }

    private void fault(int kind) {
        List<Long> sids = new ArrayList<>(peers.keySet());
        long a = sids.get(random.nextInt(sids.size()));
        long b = sids.get(random.nextInt(sids.size()));
        switch (kind) {
            case 0 -> network.faults(random.nextDouble() * 0.3, random.nextDouble() * 0.2, 1 + random.nextInt(100));
            case 1 -> partition(sids);
            case 2 -> network.cut(a, b); // asymmetric
            case 3 -> { // partial: a-b cut both ways, both still see the rest
                network.cut(a, b);
                network.cut(b, a);
            }
            case 4 -> network.healAll();
            case 5 -> crash(peers.get(a), random.nextInt(4) != 0);
            case 6 -> peers.values().stream().filter(p -> !p.alive()).findFirst().ifPresent(this::restart);
            case 7 -> network.close(a, b); // reopens on the next send
            case 8 -> { // a flapping connection: closes, reopens on demand, closes again
                network.close(a, b);
                clock.schedule(1 + random.nextInt(300), () -> network.close(a, b));
            }
            case 9 -> network.linkLag(random.nextInt(300)); // up/down events lag behind the connections
            default -> network.faults(0, 0, 1 + random.nextInt(20));
        }
    }

    private void partition(List<Long> sids) {
        Set<Long> side = new TreeSet<>();
        sids.forEach(s -> {
            if (random.nextBoolean()) {
                side.add(s);
            }
        });
        for (long x : sids) {
            for (long y : sids) {
                if (side.contains(x) != side.contains(y)) {
                    network.cut(x, y);
                }
            }
        }
    }

    /** Crashes {@code p}: with {@code reset} its connections close (kill -9), else they go silent (machine lost). */
    private void crash(SimPeer p, boolean reset) {
        if (p.alive()) {
            p.crash();
            network.crashed(p.sid(), peers.keySet(), reset);
        }
    }

    private void restart(SimPeer p) {
        p.restart();
        network.restarted(p.sid(), peers.keySet());
        p.lookForLeader();
    }

    // ---- (a) agreement and (e) rejoin ----------------------------------------------------------------

    private boolean settle(long deadline) {
        while (clock.now() < deadline) {
            clock.runUntil(clock.now() + TICK_MS);
            if (!violations.isEmpty()) {
                return true;
            }
            if (agreed()) {
                return true;
            }
        }
        return false;
    }

    /** Everyone alive is FOLLOWING/OBSERVING one established leader that is LEADING. */
    private boolean agreed() {
        Long l = null;
        for (SimPeer p : peers.values()) {
            if (!p.alive() || p.state() == PeerState.LOOKING || p.fsm().isElecting()) {
                return false;
            }
            long v = p.currentVote().leader();
            if (l != null && l != v) {
                return false;
            }
            l = v;
        }
        SimPeer lp = peers.get(l);
        if (lp == null || lp.state() != PeerState.LEADING || !lp.established) {
            return false;
        }
        leader = l;
        return true;
    }

    private void checkRejoin() {
        List<SimPeer> others = peers.values().stream().filter(p -> p.sid() != leader).toList();
        SimPeer p = others.get(random.nextInt(others.size()));
        Map<Long, Long> started = new LinkedHashMap<>();
        peers.values().forEach(x -> started.put(x.sid(), x.electionsStarted));
        crash(p, random.nextBoolean());
        clock.runUntil(clock.now() + 100);
        restart(p);
        long deadline = clock.now() + 60_000;
        while (clock.now() < deadline && !follows(p)) {
            clock.runUntil(clock.now() + 50);
        }
        if (!follows(p)) {
            violation("(e) rejoining peer " + p.sid() + " did not follow leader " + leader + ": " + describe());
        }
        for (SimPeer x : peers.values()) {
            if (x != p && x.electionsStarted != started.get(x.sid())) {
                violation("(e) rejoin of " + p.sid() + " made " + x.sid() + " start an election");
            }
        }
    }

    /**
     * Whether {@code p} settled on the established leader. Its first decision may be stale: the
     * transport re-sends each link's last message on reconnect (docs/protocol.md "Sending", docs/protocol.md "Where Ballot differs"), which can be
     * an old LOOKING vote; like ZooKeeper, the role layer then gives up on that leader and looks again.
     */
    private boolean follows(SimPeer p) {
        return !p.fsm().isElecting() && p.state() != PeerState.LOOKING && p.currentVote().leader() == leader;
    }

    /**
     * After {@link #run()} settled: kills the leader ({@code reset}: its connections close, as after kill -9) and
     * lets its followers notice at once, as a real follower does when the leader's socket closes; then waits
     * until every survivor decided for one leader. Returns null if they do not agree within the settle bound.
     */
    public Reelection killLeader(boolean reset) {
        if (leader == Long.MIN_VALUE || !violations.isEmpty()) {
            throw new IllegalStateException("seed " + seed + " did not settle: " + violations);
        }
        SimPeer dead = peers.get(leader);
        long killedAt = clock.now();
        int from = decisions.size();
        crash(dead, reset);
        List<SimPeer> survivors = peers.values().stream().filter(SimPeer::alive).toList();
        survivors.forEach(p -> clock.schedule(random.nextInt(3), p::lookForLeader));
        clock.runUntil(killedAt + 2); // everyone has started looking
        long deadline = killedAt + SETTLE_BOUND_MS;
        while (clock.now() < deadline) {
            clock.runUntil(clock.now() + 1);
            Long l = agreedLeader(survivors);
            if (l != null) {
                List<Decided> mine = List.copyOf(decisions.subList(from, decisions.size()));
                long last = mine.stream().mapToLong(Decided::atMs).max().orElse(killedAt);
                return new Reelection(l, last - killedAt, mine);
            }
        }
        return null;
    }

    /** The one leader every survivor decided for since it last started looking, or null. */
    private static Long agreedLeader(List<SimPeer> survivors) {
        Long l = null;
        for (SimPeer p : survivors) {
            if (p.fsm().isElecting() || p.state() == PeerState.LOOKING || (l != null && l != p.currentVote().leader())) {
                return null;
            }
            l = p.currentVote().leader();
        }
        return l;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        peers.values().forEach(p -> sb.append(p.sid()).append(p.alive() ? "" : "(down)").append('=')
                .append(p.state()).append('/').append(p.currentVote().leader()).append(p.established ? "*" : "")
                .append(" r").append(p.fsm().logicalClock()).append(' '));
        return sb.toString().trim();
    }
}
