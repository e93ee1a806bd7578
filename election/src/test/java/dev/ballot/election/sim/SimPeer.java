package dev.ballot.election.sim;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.VoteOrder;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.codec.NotificationFormatException;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.core.trace.Tracer;
import dev.ballot.election.ElectionTracing;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.ElectionStateMachine;
import dev.ballot.election.fsm.FleRules;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.fsm.Outbound;
import dev.ballot.election.fsm.Output;
import dev.ballot.election.fsm.TimerCommand;
import dev.ballot.election.fsm.TimerKind;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One simulated peer: the production {@link ElectionStateMachine} driven on virtual time, its
 * persisted (currentEpoch, lastZxid) that survive a crash, and the bookkeeping the invariants need.
 * Not thread-safe.
 */
public final class SimPeer {
    private final long sid;
    private final FleSettings settings;
    private final SimHost sim;
    /** Persisted epoch and zxid; survive crashes. */
    private long currentEpoch;
    private long lastZxid;
    private ElectionStateMachine fsm;
    /** Feeds {@link #fsm} as the driver does, so the simulator emits the driver's trace events. */
    private ElectionTracing traced;
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
        this.fsm = new ElectionStateMachine(settings, currentEpoch, lastZxid);
        this.traced = traced(fsm);
    }

    private ElectionTracing traced(ElectionStateMachine machine) {
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
        return new ElectionTracing(machine, new Tracer(sid, () -> sim.clock().now() * 1_000_000L, host));
    }

    public long sid() {
        return sid;
    }

    public boolean alive() {
        return alive;
    }

    public PeerState state() {
        return fsm.state();
    }

    public Vote currentVote() {
        return fsm.currentVote();
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long lastZxid() {
        return lastZxid;
    }

    public ElectionStateMachine fsm() {
        return fsm;
    }

    Vote initialVote(long round) {
        return initialByRound.get(round);
    }

    /** Enters LOOKING (the server's lookForLeader). */
    void lookForLeader() {
        if (!alive || fsm.isElecting()) {
            return;
        }
        electionsStarted++;
        unhealthyTicks = 0;
        established = false;
        fsm.updatePersisted(currentEpoch, lastZxid);
        apply(traced.startLooking());
    }

    void crash() {
        alive = false;
        incarnation++;
    }

    /** Comes back with a new state machine (logical clock 0) and the persisted epoch and zxid. */
    void restart() {
        alive = true;
        incarnation++;
        fsm = new ElectionStateMachine(settings, currentEpoch, lastZxid);
        traced = traced(fsm);
        initialByRound.clear();
        lastProposal = null;
        unhealthyTicks = 0;
        established = false;
    }

    /** Overrides the persisted values (a peer restarted with another data directory). */
    void persist(long epoch, long zxid) {
        currentEpoch = epoch;
        lastZxid = zxid;
        fsm = new ElectionStateMachine(settings, epoch, zxid);
        traced = traced(fsm);
    }

    /** Epoch establishment by the role layer: persist and advertise the new epoch (spec §5.3). */
    void establish(long newEpoch, PeerState role) {
        currentEpoch = newEpoch;
        lastZxid = newEpoch << 32;
        apply(traced.setState(role, fsm.currentVote().withPeerEpoch(newEpoch)));
    }

    void receive(long from, ByteBuffer payload) {
        if (!alive) {
            return;
        }
        Notification n;
        try {
            n = NotificationCodec.decode(payload);
        } catch (NotificationFormatException e) {
            if (!sim.wellFormed(from)) {
                return; // dropped, as a 3.9 receiver drops it (spec §3.2)
            }
            sim.violation("peer " + sid + " could not decode its own kind of notification: " + e.getMessage());
            return;
        }
        apply(traced.onNotification(from, n));
    }

    /** The transport told this peer that its connection to {@code peer} came up or went down. */
    void link(long peer, boolean up) {
        if (alive) {
            apply(up ? traced.onPeerConnected(peer) : traced.onPeerDisconnected(peer));
        }
    }

    private void timer(TimerKind kind, long generation, int armedIncarnation) {
        if (alive && armedIncarnation == incarnation) {
            apply(traced.onTimeout(kind, generation));
        }
    }

    private void apply(Output out) {
        recordRound();
        if (sim.tracing()) {
            out.trace().forEach(l -> sim.trace(l));
            out.messages().forEach(m -> sim.trace(sid + " -> " + m.sid() + ": " + m.notification().state() + " "
                    + m.notification().leader() + " r" + m.notification().electionEpoch() + " e"
                    + m.notification().peerEpoch()));
        }
        for (Outbound m : out.messages()) {
            sim.network().send(sid, m.sid(), NotificationCodec.encode(m.notification()));
        }
        int inc = incarnation;
        for (TimerCommand t : out.timers()) {
            if (t instanceof TimerCommand.Arm a) {
                sim.clock().schedule(a.delay().toMillis(), () -> timer(a.kind(), a.generation(), inc));
            }
        }
        out.decision().ifPresent(this::decided);
    }

    /** Invariant (d) bookkeeping: within one (election, round) the proposal never goes down. */
    private void recordRound() {
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
