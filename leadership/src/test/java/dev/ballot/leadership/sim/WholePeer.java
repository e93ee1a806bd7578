package dev.ballot.leadership.sim;

import dev.ballot.core.LearnerType;
import dev.ballot.core.PeerState;
import dev.ballot.election.ElectionResult;
import dev.ballot.leadership.PeerCycle;
import dev.ballot.leadership.QuorumPeer;
import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.EpochState;
import dev.ballot.leadership.quorum.QuorumMessage;
import dev.ballot.leadership.quorum.RoleListener;

import java.util.SplittableRandom;

/**
 * One simulated peer process, wired as {@code QuorumPeer} wires the production one: LOOKING → the election
 * decides → a {@link SimLeader} or {@link SimFollower} establishes the epoch → the election hears
 * {@code onEpochEstablished} → ... the role ends → {@link PeerCycle} says what next (look again after its
 * back-off, or withdraw from the election and probe the disk until a write succeeds, then rejoin); it reports
 * decided/established/ended as {@code QuorumPeer.Events} to the process's {@code LeadershipTracker}. Stale
 * callbacks of an older role are ignored by generation, as there. A crash kills the process (its tasks do
 * nothing any more); a restart is a new process over the same disk. Not thread-safe.
 */
final class WholePeer {
    private final long sid;
    private final SimSetup setup;
    private final DriftClock clock;
    private final SimDisk disk;
    private final SimElection election;
    private final PeerEvents events;
    private final java.util.function.Function<WholePeer, QuorumPeer.Events> member; // a process's LeadershipTracker
    private QuorumPeer.Events operator;  // this process's QuorumPeer.Events (its member's tracker)
    private final SplittableRandom random;

    private boolean alive;
    private int process;            // bumps with every start: the tasks of a dead process do nothing
    private RoleEnv env;
    private SimListener listener;
    private PeerCycle cycle;
    private PeerState state = PeerState.LOOKING;
    private ElectionResult decision;
    private long fencingToken = -1;  // established epoch, -1 unless established
    private SimLeader leader;
    private SimFollower follower;
    private int generation;
    private boolean lastCrashReset;  // whether the last crash reset the connections (kill -9) or the host vanished

    WholePeer(long sid, SimSetup setup, DriftClock clock, SimDisk disk, SimElection election, PeerEvents events,
              java.util.function.Function<WholePeer, QuorumPeer.Events> member, SplittableRandom random) {
        this.member = member;
        this.sid = sid;
        this.setup = setup;
        this.clock = clock;
        this.disk = disk;
        this.election = election;
        this.events = events;
        this.random = random;
        election.watch(this::onLeaderLooking);
        disk.onWriteFailed(reason -> {
            int p = process;
            clock.schedule(0, () -> { // WatchedEpochs: loop.execute(onDiskFault)
                if (alive && p == process) {
                    onDiskFault(reason);
                }
            });
        });
    }

    long sid() {
        return sid;
    }

    boolean alive() {
        return alive;
    }

    SimDisk disk() {
        return disk;
    }

    DriftClock clock() {
        return clock;
    }

    SimElection election() {
        return election;
    }

    /** The established epoch, or -1. */
    long fencingToken() {
        return fencingToken;
    }

    boolean leading() {
        return leader != null && fencingToken >= 0;
    }

    /** The learners connected to this peer's leader role (none unless leading). */
    java.util.Set<Long> learners() {
        return leader == null ? java.util.Set.of() : leader.session().learners();
    }

    /** The leader this peer follows, established, or -1. */
    long establishedLeader() {
        if (fencingToken < 0) {
            return -1;
        }
        return leader != null ? sid : follower != null ? follower.leaderSid() : -1;
    }

    boolean lastCrashReset() {
        return lastCrashReset;
    }

    /** Whether the disk fault is known (the peer withdrew from the election). */
    boolean withdrawn() {
        return cycle != null && cycle.diskFault() != null;
    }

    /** Starts the process: reads the epochs, opens the election, looks for a leader. */
    void start(boolean afterDowntime) {
        alive = true;
        int p = ++process;
        env = new RoleEnv(sid, setup.quorum(), setup.tickTime(), setup.initTimeout(), setup.syncTimeout(), clock, disk,
                setup.wire(), random, () -> alive && p == process, setup.mutations());
        listener = new SimListener(env, () -> leader);
        cycle = setup.cycle().get();
        operator = member.apply(this);
        state = PeerState.LOOKING;
        decision = null;
        fencingToken = -1;
        leader = null;
        follower = null;
        EpochState e = disk.read();
        election.open(e.currentEpoch(), e.lastZxid(), afterDowntime);
        if (afterDowntime) {
            setup.wire().restarted(sid);
        }
        lookForLeader();
    }

    /** Kills the process: {@code reset} as kill -9 (connections reset), else the host vanishes. */
    void crash(boolean reset) {
        if (!alive) {
            return;
        }
        alive = false;
        lastCrashReset = reset;
        process++;
        disk.crashed();
        election.close(reset);
        setup.wire().crashed(sid, reset);
    }

    // ---- the quorum port ------------------------------------------------------------------------

    void accepted(QuorumWire.Conn c) {
        listener.accepted(c);
    }

    void deliver(QuorumWire.Conn c, QuorumMessage m) {
        if (c.leader == sid) {
            listener.deliver(c, m);
        } else if (follower != null) {
            follower.onMessage(c, m);
        }
    }

    void closed(QuorumWire.Conn c) {
        if (c.leader == sid) {
            listener.closed(c);
        } else if (follower != null) {
            follower.onClosed(c);
        }
    }

    // ---- QuorumPeer's loop ----------------------------------------------------------------------

    private void lookForLeader() {
        if (cycle.diskFault() != null && !env.has(SimSetup.Mutation.NO_WITHDRAW)) {
            withdraw(); // QuorumPeer: a write failed after the role ended
            return;
        }
        state = PeerState.LOOKING;
        int gen = ++generation;
        cycle.electionStarted(clock.nanos());
        events.electionStarted(this);
        election.lookForLeader(d -> {
            if (gen == generation) {
                onDecided(d);
            }
        });
    }

    private void lookAgainLater(long delay) {
        state = PeerState.LOOKING;
        int gen = ++generation;
        if (delay == 0) {
            lookForLeader();
            return;
        }
        env.later(delay, () -> {
            if (gen == generation) {
                lookForLeader();
            }
        });
    }

    /** QuorumPeer.onLeaderLooking: a follower still joining a leader that is looking gives up now. */
    private void onLeaderLooking(long leaderSid, long round) {
        if (!alive || follower == null || follower.leaderSid() != leaderSid || fencingToken >= 0) {
            return;
        }
        follower.leave("leader " + leaderSid + " does not lead: it is looking (round " + round + ")");
    }

    private void onDecided(ElectionResult d) {
        decision = d;
        events.decided(this, d);
        operator.onDecided(sid, d);
        state = d.role();
        int gen = ++generation;
        RoleListener watcher = new Watcher(gen);
        if (d.role() == PeerState.LEADING) {
            leader = new SimLeader(env, watcher);
            leader.start();
            return;
        }
        LearnerType type = d.role() == PeerState.OBSERVING ? LearnerType.OBSERVER : LearnerType.PARTICIPANT;
        follower = new SimFollower(env, watcher, d.vote().leader(), type);
        follower.start();
    }

    /** QuorumPeer's RoleWatcher. */
    private final class Watcher implements RoleListener {
        private final int gen;

        Watcher(int gen) {
            this.gen = gen;
        }

        @Override
        public void onEstablished(long epoch) {
            if (gen != generation) {
                return;
            }
            fencingToken = epoch;
            cycle.established(clock.nanos());
            election.onEpochEstablished(state, epoch);
            events.established(WholePeer.this, state, decision.vote().leader(), epoch);
            operator.onEstablished(sid, state, decision.vote().leader(), epoch);
        }

        @Override
        public void onSilence(long peer) {
            if (gen == generation) {
                election.peerSilent(peer);
            }
        }

        @Override
        public void onAbandoned(String reason) {
            if (gen != generation) {
                return;
            }
            PeerState was = state;
            boolean wasEstablished = fencingToken >= 0;
            leader = null;
            follower = null;
            fencingToken = -1;
            events.roleEnded(WholePeer.this, was, wasEstablished, reason);
            operator.onRoleEnded(sid, was, reason);
            PeerCycle.Next next = cycle.roleEnded(clock.nanos(), random.nextDouble());
            if (next instanceof PeerCycle.Next.Withdraw && env.has(SimSetup.Mutation.NO_WITHDRAW)) {
                lookAgainLater(cycle.electionFailed(clock.nanos(), random.nextDouble()));
            } else if (next instanceof PeerCycle.Next.Withdraw) {
                withdraw();
            } else if (next instanceof PeerCycle.Next.Look look) {
                lookAgainLater(env.has(SimSetup.Mutation.NO_BACKOFF) ? 0 : look.delayNanos());
            } else {
                lookAgainLater(((PeerCycle.Next.SitOut) next).nanos());
            }
        }
    }

    private void onDiskFault(String reason) {
        if (cycle.diskFailed(reason)) {
            events.disk(this, "cannot persist: " + reason);
        }
    }

    private void withdraw() {
        state = PeerState.LOOKING;
        ++generation;
        election.close(true);
        scheduleDiskProbe();
    }

    private void scheduleDiskProbe() {
        env.later(cycle.nextProbeDelay(random.nextDouble()), this::probeDisk);
    }

    private void probeDisk() {
        EpochState e = disk.read();
        disk.persistAccepted(e.acceptedEpoch()).whenComplete((v, err) -> env.later(0, () -> {
            if (err != null) {
                cycle.probeFailed(EpochPersistence.failureMessage(err));
                scheduleDiskProbe();
                return;
            }
            int probes = cycle.probeSucceeded();
            events.disk(this, "writable again after " + probes + " probes");
            EpochState now = disk.read();
            election.open(now.currentEpoch(), now.lastZxid(), true);
            lookForLeader();
        }));
    }

    @Override
    public String toString() {
        String role = !alive ? "down" : withdrawn() ? "withdrawn" : state + (fencingToken >= 0 ? "*" + fencingToken : "");
        return sid + "=" + role + (follower != null ? "/" + follower.leaderSid() : "");
    }
}
