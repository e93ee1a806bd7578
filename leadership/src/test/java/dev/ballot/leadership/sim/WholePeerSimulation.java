package dev.ballot.leadership.sim;

import dev.ballot.core.PeerState;
import dev.ballot.core.Zxid;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.sim.Quorums;
import dev.ballot.election.sim.SimNetwork;
import dev.ballot.election.sim.VirtualScheduler;
import dev.ballot.leadership.LeaderContext;
import dev.ballot.leadership.LeaderInfo;
import dev.ballot.leadership.LeadershipListener;
import dev.ballot.leadership.PeerCycle;
import dev.ballot.leadership.QuorumPeer;
import dev.ballot.leadership.Trackers;
import dev.ballot.leadership.quorum.EpochState;
import dev.ballot.leadership.quorum.QuorumMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One seeded run of whole peers (README "The whole-peer simulator"): 3, 5 or 7 {@link WholePeer}s with clocks
 * drifting within {@code ±drift}, a scenario drawn by the seed ({@link Scenario}), and the invariants checked as
 * the run goes (safety: {@link LeaseMonitor}, a peer that cannot persist never decides to lead; liveness:
 * {@link ElectionRate}, and after the last fault healed every live peer established under one leader within
 * {@link #SETTLE_BOUND_MS}). The seed alone determines everything. Not thread-safe.
 */
public final class WholePeerSimulation implements PeerEvents {
    /** zoo.cfg timing of every simulated peer: tickTime 500 ms, initLimit 10, syncLimit 5. */
    static final Duration TICK = Duration.ofMillis(500);
    static final Duration INIT_TIMEOUT = TICK.multipliedBy(10);
    static final Duration SYNC_TIMEOUT = TICK.multipliedBy(5);
    /** Virtual ms from the last fault's heal until every live peer is established under one leader. */
    public static final long SETTLE_BOUND_MS = 75_000;
    /** Virtual ms from a restarted follower's start until it is established under the same leader again. */
    static final long REJOIN_BOUND_MS = 3_000;
    /** How long a persistent fault lasts. */
    static final long PERSISTENT_MS = 180_000;
    /** Issue 10: at most 10 elections a minute per peer. */
    static final int MAX_ELECTIONS_PER_MINUTE = 10;
    /** Clock rates are drawn from [1 - drift, 1 + drift]; 4 % keeps any two within the 10 % the lease assumes. */
    public static final double DEFAULT_DRIFT = 0.04;

    /** What a seed runs. */
    public enum Scenario {
        /** Random faults for 15-35 s (cuts, one-way cuts, partitions, kills, restarts, disk faults, loss), then heal. */
        CHURN,
        /** One fault for three minutes (a bad disk, often on the highest sid, or a one-way link), then heal. */
        PERSISTENT,
        /** Settle, restart a follower under the live leader, isolate the leader, kill it, then heal. */
        TARGETED
    }

    /** The outcome of a run. */
    public record Result(long seed, Scenario scenario, int size, List<String> violations, String transcript,
                         long virtualMs, long events, long elections, long settleMs, List<Long> leaseGaps,
                         int mostElectionsPerMinute, long isolationToLeaderMs, long rejoinMs, long badDiskQuorumMs,
                         List<String> known) {
        /** The transcript's last {@code lines} lines. */
        public String tail(int lines) {
            String[] all = transcript.split("\n");
            return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
        }
    }

    private final long seed;
    private final Scenario scenario;
    private final SplittableRandom random;
    private final VirtualScheduler clock = new VirtualScheduler();
    private final Links links = new Links();
    private final Map<Long, WholePeer> peers = new TreeMap<>();
    private final Map<Long, ElectionRate> rates = new TreeMap<>();
    private final QuorumVerifier quorum;
    private final SimNetwork electionNet;
    private final QuorumWire wire;
    private final LeaseMonitor lease;
    private final List<String> violations = new ArrayList<>();
    private final StringBuilder transcript = new StringBuilder();
    private long elections;
    private long settleMs = -1;
    private long isolationToLeaderMs = -1;
    private long rejoinMs = -1;          // a restarted follower's restart to established under the same leader
    private long badDiskQuorumMs = -1;   // a bad disk from the start: the start to the first established quorum
    private boolean badDiskFromStart;
    private final double drift;
    private final Map<Long, Long> restartedAt = new TreeMap<>();   // sid -> global ms of its last restart
    private final List<String> known = new ArrayList<>();          // breaks of known, reported limitations
    private final Map<Long, ListenerOrder> members = new TreeMap<>(); // sid -> its running process's callbacks
    private final VirtualWallClock wall = new VirtualWallClock(clock);

    public WholePeerSimulation(long seed) {
        this(seed, DEFAULT_DRIFT, java.util.Set.of(), null);
    }

    /**
     * @param drift    clock rates are drawn from [1 - drift, 1 + drift]
     * @param mutations bugs to put into the peers' glue (none: the production behaviour)
     * @param forced   the scenario to run, or null to let the seed draw it
     */
    public WholePeerSimulation(long seed, double drift, java.util.Set<SimSetup.Mutation> mutations, Scenario forced) {
        this.seed = seed;
        this.drift = drift;
        this.random = new SplittableRandom(seed);
        int draw = random.nextInt(20);
        int n = draw < 9 ? 3 : draw < 18 ? 5 : 7;
        int kind = random.nextInt(4);
        this.scenario = forced != null ? forced : kind < 2 ? Scenario.CHURN : kind == 2 ? Scenario.PERSISTENT : Scenario.TARGETED;
        this.quorum = Quorums.majority(n);
        this.lease = new LeaseMonitor(this::violation, this::leaseAssumptionsBroken);
        this.electionNet = new SimNetwork(clock, random.split(), sid -> peers.get(sid).alive()
                && peers.get(sid).election().open(),
                (from, to, payload) -> peers.get(to).election().receive(from, payload),
                (sid, peer, up) -> peers.get(sid).election().link(peer, up));
        this.wire = new QuorumWire(clock, random.split(), links, new Ends());
        SimSetup setup = new SimSetup(quorum, TICK, INIT_TIMEOUT, SYNC_TIMEOUT, wire, () -> new PeerCycle(SYNC_TIMEOUT),
                java.util.Set.copyOf(mutations));
        // one history for everyone (a fresh ensemble, or one restarted after establishing epoch c): the
        // simulator reaches uneven histories itself, and only reachable ones are worth checking
        long initial = random.nextBoolean() ? 0 : random.nextInt(1, 4);
        for (long sid : quorum.allMembers().keySet()) {
            double rate = 1 + drift * (2 * random.nextDouble() - 1);
            DriftClock c = new DriftClock(clock, rate, random.nextLong(1L << 40));
            long current = initial;
            long accepted = initial;
            SimDisk disk = new SimDisk(sid, clock, random.split(), new EpochState(accepted, current, Zxid.make(current, 0)));
            FleSettings fle = new FleSettings(sid, quorum, Duration.ofMillis(200), Duration.ofMillis(200),
                    Duration.ofSeconds(60), true, false);
            SimElection election = new SimElection(sid, fle, c, electionNet, quorum.allMembers().keySet());
            peers.put(sid, new WholePeer(sid, setup, c, disk, election, this, this::member, random.split()));
            rates.put(sid, new ElectionRate(sid, MAX_ELECTIONS_PER_MINUTE, Duration.ofMinutes(1).toNanos(), this::violation));
            note(sid + " clock rate " + String.format(java.util.Locale.ROOT, "%.4f", rate) + " epochs " + accepted + "/" + current);
        }
    }

    // ---- the run ---------------------------------------------------------------------------------

    public Result run() {
        note("scenario " + scenario + ", " + peers.size() + " peers");
        peers.values().forEach(p -> clock.schedule(random.nextInt(1000), () -> p.start(false)));
        switch (scenario) {
            case CHURN -> churn();
            case PERSISTENT -> persistent();
            case TARGETED -> targeted();
        }
        if (violations.isEmpty()) {
            healAll();
            long healedAt = clock.now();
            if (!runUntilSettled(SETTLE_BOUND_MS)) {
                violation("liveness: not every live peer established under one leader " + SETTLE_BOUND_MS
                        + " ms after the last fault healed: " + peers.values());
            } else {
                settleMs = clock.now() - healedAt;
            }
        }
        int most = rates.values().stream().mapToInt(ElectionRate::most).max().orElse(0);
        lease.outsideAssumptions().forEach(b -> known.add(b));
        return new Result(seed, scenario, peers.size(), List.copyOf(violations), transcript.toString(), clock.now(),
                clock.executed(), elections, settleMs, List.copyOf(lease.gaps()), most, isolationToLeaderMs, rejoinMs,
                badDiskQuorumMs, List.copyOf(known));
    }

    private void churn() {
        long end = 3000 + 15_000 + random.nextInt(20_000);
        for (long t = 3000 + random.nextInt(1000); t < end; t += 300 + random.nextInt(2000)) {
            int kind = random.nextInt(15);
            clock.schedule(t - clock.now(), () -> fault(kind));
        }
        runChecked(end);
    }

    private void fault(int kind) {
        List<Long> sids = new ArrayList<>(peers.keySet());
        long a = sids.get(random.nextInt(sids.size()));
        long b = sids.get(random.nextInt(sids.size()));
        switch (kind) {
            case 0 -> partition(sids);
            case 1 -> cut(a, b);
            case 2 -> {
                cut(a, b);
                cut(b, a);
            }
            case 3 -> healLinks();
            case 4 -> {
                List<long[]> cuts = links.cuts();
                if (!cuts.isEmpty()) {
                    long[] c = cuts.get(random.nextInt(cuts.size()));
                    heal(c[0], c[1]);
                }
            }
            case 5 -> crash(peers.get(a), true);
            case 6 -> crash(peers.get(a), false);
            case 7 -> peers.values().stream().filter(p -> !p.alive()).findFirst().ifPresent(this::restart);
            case 8 -> currentLeader().ifPresent(l -> crash(l, true));
            case 9 -> restartFollower(a);
            case 10 -> disk(peers.get(a), SimDisk.Mode.values()[1 + random.nextInt(3)]);
            case 11 -> peers.values().stream().filter(p -> p.disk().mode() != SimDisk.Mode.HEALTHY).findFirst()
                    .ifPresent(p -> disk(p, SimDisk.Mode.HEALTHY));
            case 12 -> {
                electionNet.faults(random.nextDouble() * 0.3, random.nextDouble() * 0.2, 1 + random.nextInt(100));
                wire.faults(random.nextDouble() * 0.2, 1 + random.nextInt(50));
                note("lossy links");
            }
            case 13 -> quietLinks();
            default -> currentLeader().ifPresent(this::isolate);
        }
    }

    /**
     * A bad disk is there from the start (a write finds it at the first establishment), half the time on the
     * highest sid, which FLE prefers; a one-way link is cut once the ensemble runs, mostly at the leader's end.
     */
    private void persistent() {
        List<Long> sids = new ArrayList<>(peers.keySet());
        long from;
        if (random.nextBoolean()) {
            long sid = random.nextBoolean() ? sids.get(sids.size() - 1) : sids.get(random.nextInt(sids.size()));
            disk(peers.get(sid), SimDisk.Mode.values()[1 + random.nextInt(3)]);
            badDiskFromStart = true;
            from = 0;
        } else {
            from = 2000 + random.nextInt(6000);
            runChecked(from);
            long a = currentLeader().filter(l -> random.nextInt(4) != 0).map(WholePeer::sid)
                    .orElse(sids.get(random.nextInt(sids.size())));
            long b = sids.get((sids.indexOf(a) + 1 + random.nextInt(sids.size() - 1)) % sids.size());
            if (random.nextBoolean()) {
                cut(a, b);
            } else {
                cut(b, a);
            }
        }
        runChecked(from + PERSISTENT_MS);
        if (violations.isEmpty() && establishedQuorum() == null) {
            violation("liveness: no quorum established under one leader after " + PERSISTENT_MS
                    + " ms of one persistent fault: " + peers.values());
        }
    }

    private void targeted() {
        if (!runUntilSettled(SETTLE_BOUND_MS)) {
            violation("liveness: no established ensemble " + SETTLE_BOUND_MS + " ms after the start: " + peers.values());
            return;
        }
        checkFollowerRestart();
        if (!violations.isEmpty()) {
            return;
        }
        WholePeer l = currentLeader().orElseThrow();
        long isolatedAt = clock.now();
        isolate(l);
        while (clock.now() < isolatedAt + 3 * SYNC_TIMEOUT.toMillis() && violations.isEmpty()) {
            clock.runUntil(clock.now() + 10);
            if (isolationToLeaderMs < 0 && currentLeader().filter(x -> x != l).isPresent()) {
                isolationToLeaderMs = clock.now() - isolatedAt;
            }
        }
        healLinks();
        if (violations.isEmpty() && runUntilSettled(SETTLE_BOUND_MS)) {
            currentLeader().ifPresent(x -> crash(x, true));
        }
    }

    /** Kills a follower of the settled ensemble and restarts it: it rejoins the same leader, nobody else elects. */
    private void checkFollowerRestart() {
        WholePeer l = currentLeader().orElseThrow();
        long token = l.fencingToken();
        List<WholePeer> followers = peers.values().stream().filter(p -> p != l).toList();
        WholePeer f = followers.get(random.nextInt(followers.size()));
        Map<Long, Long> before = electionCounts();
        crash(f, random.nextBoolean());
        runChecked(clock.now() + 100 + random.nextInt(2900));
        restart(f);
        long restartedAt = clock.now();
        while (clock.now() < restartedAt + REJOIN_BOUND_MS && f.establishedLeader() != l.sid() && violations.isEmpty()) {
            clock.runUntil(clock.now() + 10);
        }
        rejoinMs = clock.now() - restartedAt;
        if (f.establishedLeader() != l.sid() || f.fencingToken() != token || l.fencingToken() != token) {
            violation("rejoin: restarted follower " + f.sid() + " not established under leader " + l.sid() + " (epoch "
                    + token + ") " + REJOIN_BOUND_MS + " ms after its restart: " + peers.values());
        }
        Map<Long, Long> after = electionCounts();
        for (long sid : before.keySet()) {
            if (sid != f.sid() && !before.get(sid).equals(after.get(sid))) {
                violation("rejoin: the restart of follower " + f.sid() + " made peer " + sid + " elect");
            }
        }
    }

    // ---- faults ----------------------------------------------------------------------------------

    private void cut(long from, long to) {
        if (from != to && links.up(from, to)) {
            links.cut(from, to);
            electionNet.cut(from, to);
            note("cut " + from + "->" + to);
        }
    }

    private void heal(long from, long to) {
        if (links.heal(from, to)) {
            electionNet.heal(from, to);
            wire.healed(from, to);
            note("heal " + from + "->" + to);
        }
    }

    private void healLinks() {
        for (long[] c : links.cuts()) {
            heal(c[0], c[1]);
        }
    }

    private void quietLinks() {
        electionNet.faults(0, 0, 5);
        wire.faults(0, 3);
    }

    private void partition(List<Long> sids) {
        List<Long> side = sids.stream().filter(s -> random.nextBoolean()).toList();
        for (long x : sids) {
            for (long y : sids) {
                if (side.contains(x) != side.contains(y)) {
                    cut(x, y);
                }
            }
        }
    }

    private void isolate(WholePeer p) {
        note("isolate " + p.sid());
        for (long o : peers.keySet()) {
            cut(p.sid(), o);
            cut(o, p.sid());
        }
    }

    private void crash(WholePeer p, boolean reset) {
        if (p.alive()) {
            if (members.get(p.sid()).leads()) {
                lease.lost(p.sid(), clock.now()); // a dead process leads no more
            }
            p.crash(reset);
            note((reset ? "kill -9 " : "vanish ") + p.sid());
        }
    }

    private void restart(WholePeer p) {
        if (!p.alive()) {
            note("restart " + p.sid());
            restartedAt.put(p.sid(), clock.now());
            rates.get(p.sid()).restarted();
            p.start(true);
        }
    }

    private void restartFollower(long sid) {
        WholePeer p = peers.get(sid);
        if (p.alive() && !p.leading()) {
            crash(p, random.nextBoolean());
            clock.schedule(100 + random.nextInt(1400), () -> restart(p));
        }
    }

    private void disk(WholePeer p, SimDisk.Mode mode) {
        if (p.disk().mode() != mode) {
            p.disk().mode(mode);
            note("disk " + p.sid() + " " + mode);
        }
    }

    private void healAll() {
        healLinks();
        quietLinks();
        peers.values().forEach(p -> disk(p, SimDisk.Mode.HEALTHY));
        peers.values().forEach(this::restart);
        note("all healed");
    }

    // ---- checks ----------------------------------------------------------------------------------

    /**
     * Why the lease rule's assumptions ({@code LeaderSession}: clock rates within 10 % of each other, no stall
     * beyond the margin, and no member of the new leader's quorum looking before syncTimeout has passed since it
     * last heard the old leader, which a restarted member does) did not hold for {@code acquiring} just now; null
     * if they did. Cuts and retransmissions are no excuse: the leader counts a follower fresh as of the send time
     * of the ping it answered, never later than the follower heard it, however late the answer arrived.
     */
    private String leaseAssumptionsBroken(long acquiring) {
        long window = SYNC_TIMEOUT.toMillis() * 12 / 10;
        if ((1 + drift) / (1 - drift) > 1 / 0.9) {
            return "clock rates differ by more than the 10 % the margin covers (drift " + drift + ")";
        }
        java.util.Set<Long> quorumOfIt = new java.util.TreeSet<>(peers.get(acquiring).learners());
        quorumOfIt.add(acquiring);
        for (var r : restartedAt.entrySet()) {
            if (quorumOfIt.contains(r.getKey()) && clock.now() - r.getValue() < window) {
                return "restart: peer " + r.getKey() + " restarted " + (clock.now() - r.getValue()) + " ms ago and "
                        + "looked at once, without waiting syncLimit*tickTime after it last heard the old leader";
            }
        }
        return null;
    }

    private void runChecked(long until) {
        while (clock.now() < until && violations.isEmpty()) {
            clock.runUntil(Math.min(until, clock.now() + 1000));
        }
    }

    private boolean runUntilSettled(long boundMs) {
        long deadline = clock.now() + boundMs;
        while (violations.isEmpty()) {
            if (settled()) {
                return true;
            }
            if (clock.now() >= deadline) {
                return false;
            }
            clock.runUntil(clock.now() + 10);
        }
        return false;
    }

    /** Every peer alive and established under one leader with one fencing token. */
    private boolean settled() {
        Long leader = null;
        Long token = null;
        for (WholePeer p : peers.values()) {
            long l = p.alive() ? p.establishedLeader() : -1;
            if (l < 0 || (leader != null && (leader != l || token != p.fencingToken()))) {
                return false;
            }
            leader = l;
            token = p.fencingToken();
        }
        return true;
    }

    /** The leader a quorum of live peers is established under, or null. */
    private Long establishedQuorum() {
        for (WholePeer l : peers.values()) {
            if (l.alive() && l.leading()) {
                java.util.Set<Long> under = new java.util.TreeSet<>();
                peers.values().stream().filter(p -> p.alive() && p.establishedLeader() == l.sid()
                        && p.fencingToken() == l.fencingToken()).forEach(p -> under.add(p.sid()));
                if (quorum.containsQuorum(under)) {
                    return l.sid();
                }
            }
        }
        return null;
    }

    private java.util.Optional<WholePeer> currentLeader() {
        return peers.values().stream().filter(p -> p.alive() && p.leading()).reduce((x, y) -> y);
    }

    private Map<Long, Long> electionCounts() {
        Map<Long, Long> m = new TreeMap<>();
        peers.values().forEach(p -> m.put(p.sid(), p.election().electionsStarted()));
        return m;
    }

    private void violation(String what) {
        if (violations.size() < 5) {
            violations.add("seed " + seed + " at " + clock.now() + " ms: " + what);
            note("VIOLATION " + what);
        }
    }

    private void note(String line) {
        transcript.append(clock.now()).append(' ').append(line).append('\n');
    }

    // ---- PeerEvents ------------------------------------------------------------------------------

    @Override
    public void electionStarted(WholePeer p) {
        elections++;
        rates.get(p.sid()).started(p.clock().nanos());
        if (p.withdrawn()) {
            violation("peer " + p.sid() + " started an election although it knows it cannot persist");
        }
    }

    @Override
    public void decided(WholePeer p, ElectionResult r) {
        note(p.sid() + " decided " + r.role() + " " + r.vote().leader());
        if (r.role() == PeerState.LEADING && p.disk().knownFaulty()) {
            violation("peer " + p.sid() + " decided to lead although its last epoch write failed (" + p.disk().mode() + ")");
        }
    }

    @Override
    public void established(WholePeer p, PeerState role, long leader, long epoch) {
        note(p.sid() + " established " + role + " under " + leader + " epoch " + epoch);
        if (role != PeerState.LEADING) {
            lease.followerEstablished(p.sid(), leader, epoch);
        }
        if (badDiskFromStart && badDiskQuorumMs < 0 && establishedQuorum() != null) {
            badDiskQuorumMs = clock.now();
        }
    }

    @Override
    public void roleEnded(WholePeer p, PeerState role, boolean wasEstablished, String reason) {
        note(p.sid() + " " + role + (wasEstablished ? " (established)" : "") + " ended: " + reason);
    }

    @Override
    public void disk(WholePeer p, String event) {
        note(p.sid() + " disk: " + event);
    }

    /**
     * A new process of {@code p}: its own {@code LeadershipTracker}, whose onAcquired/onLost feed the lease
     * check and whose callbacks, in order, feed the listener ordering rules.
     */
    private QuorumPeer.Events member(WholePeer p) {
        ListenerOrder order = new ListenerOrder(p.sid(), this::violation);
        members.put(p.sid(), order);
        return Trackers.tracker(p.sid(), wall, new LeadershipListener() {
            @Override
            public void onAcquired(LeaderContext c) {
                order.acquired(c);
                lease.acquired(p.sid(), c.fencingToken(), clock.now());
            }

            @Override
            public void onLost(LeaderContext c, String reason) {
                order.lost(c);
                lease.lost(p.sid(), clock.now());
            }

            @Override
            public void onLeaderChanged(java.util.Optional<LeaderInfo> leader) {
                order.leaderChanged(leader);
            }
        });
    }

    /** The quorum wire's view of the peers. */
    private final class Ends implements QuorumWire.Ends {
        @Override
        public boolean alive(long sid) {
            return peers.get(sid).alive();
        }

        @Override
        public boolean vanished(long sid) {
            return !peers.get(sid).alive() && !peers.get(sid).lastCrashReset();
        }

        @Override
        public void accepted(QuorumWire.Conn conn) {
            peers.get(conn.leader).accepted(conn);
        }

        @Override
        public void deliver(QuorumWire.Conn conn, long to, QuorumMessage message) {
            peers.get(to).deliver(conn, message);
        }

        @Override
        public void closed(QuorumWire.Conn conn, long at) {
            peers.get(at).closed(conn);
        }
    }
}
