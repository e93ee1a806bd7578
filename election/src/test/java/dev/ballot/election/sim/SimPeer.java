package dev.ballot.election.sim;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.VoteOrder;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.ElectionCore;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.ElectionStateMachine;
import dev.ballot.election.fsm.FleRules;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.fsm.TimerKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.helpers.NOPLogger;

/**
 * One simulated peer: the production {@link ElectionCore} (the driver's stepping core: state machine,
 * event mapping, tracing, counters) on virtual time, its persisted (currentEpoch, lastZxid) that
 * survive a crash, and the bookkeeping the invariants need. Not thread-safe.
 */
public final class SimPeer {
    private final long sid;
    private final FleSettings settings;
    private final SimHost sim;
    /** Persisted epoch and zxid; survive crashes. */
    private long currentEpoch;
    private long lastZxid;
    /** The driver's stepping core; a new one per incarnation. */
    private ElectionCore core;
    private boolean alive = true;
    /** Bumped on every crash: timers of an older incarnation are ignored. */
    private int incarnation;
    /** Initial vote per round of the current incarnation's elections (invariant b). */
    private final Map<Long, Vote> initialByRound = new HashMap<>();
    /** (election, round) and proposal after the last input (invariant d). */
    private long lastKeyElection = -1;
    private long lastKeyRound = -1;
    private Vote lastProposal;
    /** The role layer's state: ticks without a working leader / quorum. */
    int unhealthyTicks;
    /** Whether this leader's epoch was established (role layer). */
    boolean established;
    /** Elections started by the role layer (invariant e). */
    long electionsStarted;
    long decisions;

    SimPeer(long sid, FleSettings settings, long currentEpoch, long lastZxid, SimHost sim) {
        this.sid = sid;
        this.settings = settings;
        this.currentEpoch = currentEpoch;
        this.lastZxid = lastZxid;
        this.sim = sim;
        this.core = newCore(currentEpoch, lastZxid);
    }

    /** A core whose effects run on the simulator: sends on the network, timers and self-delivery on the clock. */
    private ElectionCore newCore(long epoch, long zxid) {
        TraceSink host = new TraceSink() { // asks the host each time: a run may set its sink after building peers
            @Override
            public void record(TraceEvent event) {
                sim.traceSink().record(event);
            }

            @Override
            public boolean enabled() {
                return sim.traceSink().enabled();
            }
        };
        int inc = incarnation;
        return new ElectionCore(settings, epoch, zxid, () -> sim.clock().now() * 1_000_000L, host,
                NOPLogger.NOP_LOGGER, new ElectionCore.Effects() {
                    @Override
                    public void send(long to, ByteBuffer payload) {
                        sim.network().send(sid, to, payload);
                    }

                    @Override
                    public void deliverToSelf(Notification n) {
                        sim.clock().schedule(0, () -> {
                            if (alive && inc == incarnation) {
                                step(() -> core.onNotification(sid, n));
                            }
                        });
                    }

                    @Override
                    public void connectAll() {
                        // the simulated network dials on every send
                    }

                    @Override
                    public void arm(TimerKind kind, Duration delay, long generation) {
                        sim.clock().schedule(delay.toMillis(), () -> timer(kind, generation, inc));
                    }

                    @Override
                    public void cancel(TimerKind kind) {
                        // a cancelled timer's firing is stale (generation) and ignored
                    }

                    @Override
                    public void decided(Decision d, ElectionResult r) {
                        SimPeer.this.decided(d);
                    }
                });
    }

    public long sid() {
        return sid;
    }

    public boolean alive() {
        return alive;
    }

    public PeerState state() {
        return core.fsm().state();
    }

    public Vote currentVote() {
        return core.fsm().currentVote();
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long lastZxid() {
        return lastZxid;
    }

    public ElectionStateMachine fsm() {
        return core.fsm();
    }

    Vote initialVote(long round) {
        return initialByRound.get(round);
    }

    /** Enters LOOKING (the server's lookForLeader). */
    void lookForLeader() {
        if (!alive || core.fsm().isElecting()) {
            return;
        }
        electionsStarted++;
        unhealthyTicks = 0;
        established = false;
        core.updatePersisted(currentEpoch, lastZxid);
        step(core::startLooking);
    }

    void crash() {
        alive = false;
        incarnation++;
    }

    /** Comes back with a new state machine (logical clock 0) and the persisted epoch and zxid. */
    void restart() {
        alive = true;
        incarnation++;
        core = newCore(currentEpoch, lastZxid);
        initialByRound.clear();
        lastProposal = null;
        unhealthyTicks = 0;
        established = false;
    }

    /** Overrides the persisted values (a peer restarted with another data directory). */
    void persist(long epoch, long zxid) {
        currentEpoch = epoch;
        lastZxid = zxid;
        core = newCore(epoch, zxid);
    }

    /** Epoch establishment by the role layer: persist and advertise the new epoch (docs/protocol.md "Epoch establishment"). */
    void establish(long newEpoch, PeerState role) {
        currentEpoch = newEpoch;
        lastZxid = newEpoch << 32;
        step(() -> core.setState(role, fsm().currentVote().withPeerEpoch(newEpoch)));
    }

    void receive(long from, ByteBuffer payload) {
        if (!alive) {
            return;
        }
        boolean[] decoded = {true};
        step(() -> decoded[0] = core.onMessage(from, payload));
        if (!decoded[0] && sim.wellFormed(from)) {
            sim.violation("peer " + sid + " could not decode a notification of peer " + from);
        }
    }

    /** The transport told this peer that its connection to {@code peer} came up or went down. */
    void link(long peer, boolean up) {
        if (alive) {
            step(() -> {
                if (up) {
                    core.onPeerUp(peer);
                } else {
                    core.onPeerDown(peer);
                }
            });
        }
    }

    private void timer(TimerKind kind, long generation, int armedIncarnation) {
        if (alive && armedIncarnation == incarnation) {
            step(() -> core.onTimeout(kind, generation));
        }
    }

    /** One input to the core, then the invariant bookkeeping on the state it left. */
    private void step(Runnable input) {
        input.run();
        recordRound();
    }

    /** Invariant (d) bookkeeping: within one (election, round) the proposal never goes down. */
    private void recordRound() {
        ElectionStateMachine fsm = core.fsm();
        if (!fsm.isElecting()) {
            return;
        }
        long election = fsm.electionsStarted();
        long round = fsm.logicalClock();
        Vote p = fsm.proposal();
        if (election == lastKeyElection && round == lastKeyRound && lastProposal != null
                && VoteOrder.beats(lastProposal, p, s -> 1)) {
            sim.violation("(d) peer " + sid + " proposal went down in round " + round + ": " + lastProposal + " -> " + p);
        }
        if (election != lastKeyElection || round != lastKeyRound) {
            initialByRound.put(round, FleRules.initialVote(sid, settings.quorum().isVoter(sid), fsm.learnerType(),
                    lastZxid, currentEpoch, round));
        }
        lastKeyElection = election;
        lastKeyRound = round;
        lastProposal = p;
    }

    private void decided(Decision d) {
        decisions++;
        lastProposal = null;
        sim.onDecision(this, d);
    }
}
