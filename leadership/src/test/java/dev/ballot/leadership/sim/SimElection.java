package dev.ballot.leadership.sim;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.Zxid;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.election.ElectionCore;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.fsm.TimerKind;
import dev.ballot.election.sim.SimNetwork;
import org.slf4j.helpers.NOPLogger;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A peer's election as {@code QuorumPeer} uses it through its {@code Elector}, on virtual time: the production
 * {@link ElectionCore} (one per stretch in the election, as {@code FleElector} builds one per withdraw/rejoin),
 * its effects carried out as the election driver carries them out (sends on the network, timers and
 * self-deliveries as later tasks, the decision handed to the peer in a later task, as the driver's future
 * completes and the peer hops back to its loop), and {@code FleElector}'s intents: the decided vote kept here,
 * {@link #onEpochEstablished} as {@code setState} of it (resign's sit-out is not simulated). Not thread-safe.
 */
final class SimElection {
    private final long sid;
    private final FleSettings settings;
    private final DriftClock clock;
    private final SimNetwork network;
    private final Iterable<Long> members;
    private ElectionCore core;
    private boolean open;                       // in the election: its port bound (not withdrawn, not crashed)
    private int incarnation;                    // bumped whenever the core is replaced or closed
    private Consumer<ElectionResult> pending;   // the peer waiting for the running election's decision
    private Vote decided;                       // the last decided vote (FleElector keeps it)
    private long started;                       // elections started, over every core
    private java.util.function.BiConsumer<Long, Long> watcher = (leader, round) -> { }; // Elector.Watcher

    SimElection(long sid, FleSettings settings, DriftClock clock, SimNetwork network, Iterable<Long> members) {
        this.sid = sid;
        this.settings = settings;
        this.clock = clock;
        this.network = network;
        this.members = members;
    }

    /** The process starts (or rejoins) with these persisted values: a fresh core, the port open. */
    void open(long currentEpoch, long lastZxid, boolean afterDowntime) {
        incarnation++;
        pending = null;
        core = newCore(currentEpoch, lastZxid);
        open = true;
        if (afterDowntime) {
            network.restarted(sid, members);
        }
    }

    /** The port closes: withdrawn, or the process died ({@code reset}: its connections close at the other ends). */
    void close(boolean reset) {
        if (!open) {
            return;
        }
        open = false;
        incarnation++;
        pending = null;
        network.crashed(sid, members, reset);
    }

    /** {@code Elector.watch}: the leader this peer follows shows it is looking (leader, round). */
    void watch(java.util.function.BiConsumer<Long, Long> w) {
        this.watcher = w;
    }

    boolean open() {
        return open;
    }

    long electionsStarted() {
        return started;
    }

    /** Enters LOOKING; {@code then} gets the decision in a later task. A running election keeps running. */
    void lookForLeader(Consumer<ElectionResult> then) {
        if (!open) {
            return;
        }
        pending = then;
        if (!core.fsm().isElecting()) {
            started++;
            core.startLooking();
        }
    }

    /** {@code FleElector.onEpochEstablished}: the next election starts from the epoch; LOOKING peers hear it. */
    void onEpochEstablished(PeerState role, long epoch) {
        if (!open || decided == null) {
            return;
        }
        core.updatePersisted(epoch, Zxid.make(epoch, 0));
        try {
            core.setState(role, decided.withPeerEpoch(epoch).withState(role));
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the production peer logs "the election refused state ..." at WARN and goes on
        }
    }

    void receive(long from, ByteBuffer payload) {
        if (open) {
            core.onMessage(from, payload);
        }
    }

    void link(long peer, boolean up) {
        if (open) {
            if (up) {
                core.onPeerUp(peer);
            } else {
                core.onPeerDown(peer);
            }
        }
    }

    /** Election.peerSilent: the role found {@code peer} silent for its whole deadline. */
    void peerSilent(long peer) {
        if (open) {
            core.onPeerSilent(peer);
        }
    }

    private ElectionCore newCore(long epoch, long zxid) {
        int inc = incarnation;
        return new ElectionCore(settings, epoch, zxid, clock::nanos, TraceSink.NOOP, NOPLogger.NOP_LOGGER,
                new ElectionCore.Effects() {
                    @Override
                    public void send(long to, ByteBuffer payload) {
                        network.send(sid, to, payload);
                    }

                    @Override
                    public void deliverToSelf(Notification n) {
                        later(0, inc, () -> core.onNotification(sid, n));
                    }

                    @Override
                    public void connectAll() {
                        // the simulated network dials on every send
                    }

                    @Override
                    public void arm(TimerKind kind, Duration delay, long generation) {
                        later(delay.toNanos(), inc, () -> core.onTimeout(kind, generation));
                    }

                    @Override
                    public void cancel(TimerKind kind) {
                        // a cancelled timer's firing is stale (its generation) and ignored
                    }

                    @Override
                    public void leaderLooking(long leader, long round, dev.ballot.core.Vote proposal) {
                        later(0, inc, () -> watcher.accept(leader, round)); // QuorumPeer hops to its loop
                    }

                    @Override
                    public void decided(Decision d, ElectionResult r) {
                        decided = d.vote();
                        Consumer<ElectionResult> p = pending;
                        pending = null;
                        if (p != null) {
                            later(0, inc, () -> p.accept(r));
                        }
                    }
                });
    }

    /** Runs {@code task} after {@code localNanos} unless the core was replaced or closed meanwhile. */
    private void later(long localNanos, int inc, Runnable task) {
        clock.schedule(localNanos, () -> {
            if (open && inc == incarnation) {
                task.run();
            }
        });
    }
}
