package dev.ballot.election;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.Tracer;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.ElectionStateMachine;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.fsm.Outbound;
import dev.ballot.election.fsm.Output;
import dev.ballot.election.fsm.TimerCommand;
import dev.ballot.election.sim.Quorums;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small deterministic simulation for trace tests: state machines fed through {@link ElectionTracing}
 * (as the driver feeds them), a virtual clock shared by every peer's tracer, every message delivered
 * after a fixed latency in send order, timers on the same clock, crashed peers neither send nor
 * receive. Not thread-safe.
 */
final class TraceSimulation {
    static final Duration LATENCY = Duration.ofMillis(1);

    private final Map<Long, ElectionTracing> peers = new TreeMap<>();
    private final Map<Long, ElectionStateMachine> machines = new HashMap<>();
    private final Map<Long, Decision> decisions = new HashMap<>();
    private final Set<Long> crashed = new HashSet<>();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final RingBufferTraceSink sink = new RingBufferTraceSink(1 << 16);
    private long now;
    private long seq;

    private record Task(long at, long seq, Runnable run) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    /** Voters 1..n, ZooKeeper's timing (finalize wait 200 ms), persisted epoch 0 and zxid 0. */
    TraceSimulation(int voters, boolean decideWhenAllVoted) {
        QuorumVerifier q = Quorums.majority(voters);
        for (long sid = 1; sid <= voters; sid++) {
            FleSettings settings = new FleSettings(sid, q, Duration.ofMillis(200), Duration.ofMillis(200),
                    Duration.ofSeconds(60), decideWhenAllVoted, false);
            ElectionStateMachine fsm = new ElectionStateMachine(settings, 0, 0);
            machines.put(sid, fsm);
            peers.put(sid, new ElectionTracing(fsm, new Tracer(sid, () -> now, sink)));
        }
    }

    /** Peer {@code sid} enters LOOKING after {@code delay} from now. */
    TraceSimulation startLooking(long sid, Duration delay) {
        schedule(delay.toNanos(), () -> apply(sid, peers.get(sid).startLooking()));
        return this;
    }

    /** Stops delivering to and from {@code sid}. */
    void crash(long sid) {
        crashed.add(sid);
    }

    /** After epoch establishment: set the decided role with the new peer epoch, and persist it. */
    void establish(long sid, long epoch) {
        Decision d = decisions.get(sid);
        ElectionStateMachine fsm = machines.get(sid);
        fsm.updatePersisted(epoch, dev.ballot.core.Zxid.make(epoch, 0));
        apply(sid, peers.get(sid).setState(d.role(), d.vote().withPeerEpoch(epoch)));
    }

    /** Runs tasks until the virtual clock passes {@code duration} from now, or nothing is left. */
    void run(Duration duration) {
        long end = now + duration.toNanos();
        while (!tasks.isEmpty() && tasks.peek().at <= end) {
            Task t = tasks.poll();
            now = t.at;
            t.run.run();
        }
        now = Math.max(now, end);
    }

    Optional<Decision> decision(long sid) {
        return Optional.ofNullable(decisions.get(sid));
    }

    PeerState state(long sid) {
        return machines.get(sid).state();
    }

    Vote currentVote(long sid) {
        return machines.get(sid).currentVote();
    }

    /** Every event so far, in the order recorded. */
    List<TraceEvent> trace() {
        return sink.snapshot();
    }

    /** The events {@code sid} recorded, in order. */
    List<TraceEvent> trace(long sid) {
        return trace().stream().filter(e -> e.sid() == sid).toList();
    }

    private void apply(long sid, Output out) {
        for (Outbound m : out.messages()) {
            deliver(sid, m.sid(), m.notification());
        }
        for (TimerCommand t : out.timers()) {
            if (t instanceof TimerCommand.Arm arm) {
                schedule(arm.delay().toNanos(), () -> {
                    if (!crashed.contains(sid)) {
                        apply(sid, peers.get(sid).onTimeout(arm.kind(), arm.generation()));
                    }
                });
            }
        }
        out.decision().ifPresent(d -> decisions.put(sid, d));
    }

    private void deliver(long from, long to, Notification n) {
        if (crashed.contains(from) || !peers.containsKey(to)) {
            return;
        }
        schedule(LATENCY.toNanos(), () -> {
            if (!crashed.contains(to)) {
                apply(to, peers.get(to).onNotification(from, n));
            }
        });
    }

    private void schedule(long delayNanos, Runnable r) {
        tasks.add(new Task(now + delayNanos, seq++, r));
    }
}
