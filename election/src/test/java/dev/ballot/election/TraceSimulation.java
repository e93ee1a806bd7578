package dev.ballot.election;

import dev.ballot.core.Notification;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.fsm.TimerKind;
import dev.ballot.election.sim.Quorums;
import org.slf4j.helpers.NOPLogger;

import java.nio.ByteBuffer;
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
 * A small deterministic simulation for trace tests: one {@link ElectionCore} per peer (the driver's
 * stepping core), a virtual clock shared by every peer's tracer, every message delivered
 * after a fixed latency in send order, timers on the same clock, crashed peers neither send nor
 * receive. Not thread-safe.
 */
final class TraceSimulation {
    static final Duration LATENCY = Duration.ofMillis(1);

    private final Map<Long, ElectionCore> peers = new TreeMap<>();
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
            peers.put(sid, new ElectionCore(settings, 0, 0, () -> now, sink, NOPLogger.NOP_LOGGER, effects(sid)));
        }
    }

    /** Peer {@code sid} enters LOOKING after {@code delay} from now. */
    TraceSimulation startLooking(long sid, Duration delay) {
        schedule(delay.toNanos(), () -> peers.get(sid).startLooking());
        return this;
    }

    /** Stops delivering to and from {@code sid}. */
    void crash(long sid) {
        crashed.add(sid);
    }

    /** After epoch establishment: set the decided role with the new peer epoch, and persist it. */
    void establish(long sid, long epoch) {
        Decision d = decisions.get(sid);
        ElectionCore core = peers.get(sid);
        core.updatePersisted(epoch, dev.ballot.core.Zxid.make(epoch, 0));
        core.setState(d.role(), d.vote().withPeerEpoch(epoch));
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
        return peers.get(sid).fsm().state();
    }

    Vote currentVote(long sid) {
        return peers.get(sid).fsm().currentVote();
    }

    /** Every event so far, in the order recorded. */
    List<TraceEvent> trace() {
        return sink.snapshot();
    }

    /** The events {@code sid} recorded, in order. */
    List<TraceEvent> trace(long sid) {
        return trace().stream().filter(e -> e.sid() == sid).toList();
    }

    private ElectionCore.Effects effects(long sid) {
        return new ElectionCore.Effects() {
            @Override
            public void send(long to, ByteBuffer payload) {
                Notification n = NotificationCodec.decode(payload);
                deliver(sid, to, n);
            }

            @Override
            public void deliverToSelf(Notification n) {
                deliver(sid, sid, n);
            }

            @Override
            public void connectAll() {
            }

            @Override
            public void arm(TimerKind kind, Duration delay, long generation) {
                schedule(delay.toNanos(), () -> {
                    if (!crashed.contains(sid)) {
                        peers.get(sid).onTimeout(kind, generation);
                    }
                });
            }

            @Override
            public void cancel(TimerKind kind) {
            }

            @Override
            public void decided(Decision d, ElectionResult r) {
                decisions.put(sid, d);
            }
        };
    }

    private void deliver(long from, long to, Notification n) {
        if (crashed.contains(from) || !peers.containsKey(to)) {
            return;
        }
        schedule(LATENCY.toNanos(), () -> {
            if (!crashed.contains(to)) {
                peers.get(to).onNotification(from, n);
            }
        });
    }

    private void schedule(long delayNanos, Runnable r) {
        tasks.add(new Task(now + delayNanos, seq++, r));
    }
}
