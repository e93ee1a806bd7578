package dev.ballot.election;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.codec.ConfigTextCache;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.codec.NotificationFormatException;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.core.trace.Tracer;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.ElectionEvent;
import dev.ballot.election.fsm.ElectionStateMachine;
import dev.ballot.election.fsm.FleSettings;
import dev.ballot.election.fsm.Outbound;
import dev.ballot.election.fsm.Output;
import dev.ballot.election.fsm.TimerCommand;
import dev.ballot.election.fsm.TimerKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The one stepping core of an election peer, shared by every runner: the {@link Election} driver on a
 * Netty executor and the deterministic simulator on virtual time. It feeds one input to the
 * {@link ElectionStateMachine} and carries out its {@link Output}: each {@link ElectionEvent} becomes one
 * log line and one trace event (stamped here, with the runner's ticker: the only place time is read),
 * notifications become bytes for the transport (each distinct notification encoded once; the ones to
 * this peer itself are handed back decoded), timers and embedder callbacks go to the runner's
 * {@link Effects}.
 *
 * <p>Callbacks to the embedder ({@link Effects#electionStarted}, {@link Effects#decided},
 * {@link Effects#stateChanged}) run after the whole output was applied, in event order, so a callback
 * that feeds the next input (a {@code setState} from {@code onDecided}) sees a consistent core.
 *
 * <p><b>Seam for whole-peer simulation.</b> A runner owns the clock, the executor and the transport; the
 * core owns nothing of the kind. A simulator of the whole peer (roles, a simulated disk, one-way links,
 * restarts) creates one core per peer incarnation and drives it exactly as the driver does.
 *
 * <p><b>Not thread-safe</b>: confine it to one thread (the driver's executor).
 */
public final class ElectionCore {

    /** What the core asks of its runner. Called on the core's thread, never re-entrantly from a step. */
    public interface Effects {
        /** Hands {@code payload} to the transport for {@code sid} (never this peer's own sid). */
        void send(long sid, ByteBuffer payload);

        /**
         * A notification to this peer itself: feed it back with {@link #onNotification(long, Notification)}
         * from a later task, never inline (docs/protocol.md "The initial vote": self-delivery goes through the receive queue).
         */
        void deliverToSelf(Notification n);

        /** FLE's timeout path: reconnect to every peer (docs/protocol.md "Timers"). */
        void connectAll();

        /** Runs {@link #onTimeout(TimerKind, long)} after {@code delay}, replacing an armed timer of that kind. */
        void arm(TimerKind kind, Duration delay, long generation);

        /** Cancels the armed timer of {@code kind}, if any (a late firing is stale and ignored anyway). */
        void cancel(TimerKind kind);

        /** An election started ({@code initialVote} is its first proposal). */
        default void electionStarted(long round, Vote initialVote) {
        }

        /** The election decided. */
        default void decided(Decision decision, ElectionResult result) {
        }

        /** The election state changed. */
        default void stateChanged(PeerState from, PeerState to) {
        }

        /** The leader this peer follows shows it does not lead the decided round ({@link ElectionEvent.LeaderLooking}). */
        default void leaderLooking(long leader, long round, Vote proposal) {
        }
    }

    private final long sid;
    private final ElectionStateMachine fsm;
    private final LongSupplier ticker;
    private final Tracer tracer;
    private final Logger log;
    private final Effects effects;
    /** The config text of the last notification decoded (nearly all carry the same one). */
    private final ConfigTextCache configTexts = new ConfigTextCache();
    /** Embedder callbacks of the outputs being applied, run after them in order. */
    private final ArrayDeque<Runnable> callbacks = new ArrayDeque<>();
    /** Whether {@link #callbacks} is being drained (a callback's own inputs append to it). */
    private boolean draining;

    /** Ticker value when the running election started. */
    private long startNanos;
    /** Notifications received and sent since the running election started. */
    private long electionReceived;
    private long electionSent;
    private long received;
    private long sent;
    private long decided;
    private Optional<ElectionResult> lastResult = Optional.empty();

    /**
     * @param settings     the state machine's settings
     * @param currentEpoch persisted currentEpoch
     * @param lastZxid     persisted last zxid
     * @param ticker       monotonic nanoseconds (the executor's ticker, or virtual time)
     * @param traceSink    where trace events go ({@link TraceSink#NOOP}: tracing off)
     * @param log          where log lines go
     * @param effects      the runner
     */
    public ElectionCore(FleSettings settings, long currentEpoch, long lastZxid, LongSupplier ticker,
                        TraceSink traceSink, Logger log, Effects effects) {
        this.sid = settings.myId();
        this.fsm = new ElectionStateMachine(settings, currentEpoch, lastZxid);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.tracer = new Tracer(sid, ticker, traceSink);
        this.log = Objects.requireNonNull(log, "log");
        this.effects = Objects.requireNonNull(effects, "effects");
    }

    // ---- inputs ---------------------------------------------------------------------------------

    /** Enters LOOKING and starts the next election. @throws IllegalStateException if one is running */
    public void startLooking() {
        startNanos = ticker.getAsLong();
        electionReceived = 0;
        electionSent = 0;
        apply(fsm.startLooking());
    }

    /**
     * A frame from the transport. The codec decides: a notification goes to the state machine; one whose
     * only fault is an unknown state code gets the non-voter reply (ZooKeeper answers every non-voter); any
     * other undecodable frame is dropped unanswered, as ZooKeeper drops it.
     *
     * @return whether the frame decoded
     */
    public boolean onMessage(long from, ByteBuffer payload) {
        Notification n;
        try {
            n = NotificationCodec.decode(payload, configTexts);
        } catch (NotificationFormatException e) {
            if (log.isDebugEnabled()) {
                log.debug("{}: drop notification from {} ({}): {}", sid, from, e.reason(), e.getMessage());
            }
            if (e.reason() == NotificationFormatException.Reason.UNKNOWN_STATE) {
                apply(fsm.onUnknownState(from));
            }
            return false;
        }
        onNotification(from, n);
        return true;
    }

    /** A decoded notification (a frame from the transport, or one this peer sent itself). */
    public void onNotification(long from, Notification n) {
        received++;
        if (fsm.isElecting()) {
            electionReceived++;
        }
        tracer.notificationReceived(from, n);
        if (log.isDebugEnabled()) {
            log.debug("{}: received {} from {}", sid, n, from);
        }
        apply(fsm.onNotification(from, n));
    }

    /** A timer armed through {@link Effects#arm} fired. */
    public void onTimeout(TimerKind kind, long generation) {
        apply(fsm.onTimeout(kind, generation));
    }

    /** The transport's connection to {@code peer} came up. */
    public void onPeerUp(long peer) {
        apply(fsm.onPeerConnected(peer));
    }

    /** The transport's connection to {@code peer} went down. */
    public void onPeerDown(long peer) {
        apply(fsm.onPeerDisconnected(peer));
    }

    /** See {@link ElectionStateMachine#onPeerSilent}. */
    public void onPeerSilent(long peer) {
        apply(fsm.onPeerSilent(peer));
    }

    /** {@link ElectionStateMachine#setState}. @throws IllegalStateException, IllegalArgumentException as it does */
    public void setState(PeerState state, Vote vote) {
        apply(fsm.setState(state, vote));
    }

    /** New persisted values for the next election's initial vote. */
    public void updatePersisted(long currentEpoch, long lastZxid) {
        fsm.updatePersisted(currentEpoch, lastZxid);
    }

    // ---- queries ---------------------------------------------------------------------------------

    /** The state machine, for queries (feed it only through this core). */
    public ElectionStateMachine fsm() {
        return fsm;
    }

    /** Counters of this core. */
    public ElectionStats stats() {
        return new ElectionStats(fsm.electionsStarted(), decided, received, sent, lastResult);
    }

    // ---- carrying out an output ----------------------------------------------------------------

    private void apply(Output out) {
        if (out == Output.NONE) {
            return;
        }
        Notification encoded = null;
        ByteBuffer bytes = null;
        for (ElectionEvent e : out.events()) {
            if (e instanceof Outbound m) {
                sent++;
                electionSent++;
                tracer.notificationSent(m.sid(), m.notification());
                if (m.sid() == sid) {
                    effects.deliverToSelf(m.notification());
                    continue;
                }
                if (m.notification() != encoded) { // a broadcast is one notification: encode it once
                    encoded = m.notification();
                    bytes = NotificationCodec.encode(encoded).asReadOnlyBuffer();
                }
                effects.send(m.sid(), bytes.duplicate());
            } else {
                report(e);
            }
        }
        if (out.connectAll()) {
            effects.connectAll();
        }
        for (TimerCommand t : out.timers()) {
            if (t instanceof TimerCommand.Arm arm) {
                effects.arm(arm.kind(), arm.delay(), arm.generation());
            } else {
                effects.cancel(t.kind());
            }
        }
        runCallbacks();
    }

    private void runCallbacks() {
        if (draining) {
            return; // the outer drain runs them, after the callbacks queued before them
        }
        draining = true;
        try {
            for (Runnable r; (r = callbacks.poll()) != null; ) {
                r.run();
            }
        } finally {
            draining = false;
        }
    }

    /** One event: one log line, one trace event (where the trace vocabulary has one), maybe a callback. */
    private void report(ElectionEvent e) {
        if (e instanceof ElectionEvent.ElectionStarted s) {
            Vote v = s.initialVote();
            tracer.electionStarted(s.round(), v);
            log.info("{}: election started, round {}, proposing leader {} (zxid 0x{}, peerEpoch {})", sid, s.round(),
                    v.leader(), Long.toHexString(v.zxid()), v.peerEpoch());
            callbacks.add(() -> effects.electionStarted(s.round(), v));
        } else if (e instanceof ElectionEvent.ProposalChanged p) {
            tracer.proposalChanged(p.previous(), p.proposal(), p.rule());
            if (log.isDebugEnabled()) {
                log.debug("{}: proposal {} -> {} ({})", sid, describe(p.previous()), describe(p.proposal()), p.rule());
            }
        } else if (e instanceof ElectionEvent.VoteRejected r) {
            if (log.isDebugEnabled()) {
                log.debug("{}: {} vote of {} for {} does not count: {}", sid, r.senderState(), r.from(),
                        describe(r.vote()), r.reason());
            }
        } else if (e instanceof ElectionEvent.QuorumReached q) {
            tracer.quorumReached(q.proposal(), q.electors());
            if (log.isDebugEnabled()) {
                log.debug("{}: quorum {} for {}", sid, q.electors(), describe(q.proposal()));
            }
        } else if (e instanceof ElectionEvent.FinalizeWaitStarted f) {
            tracer.finalizeWaitStarted(f.proposal(), f.delay());
            log.debug("{}: finalize wait of {} ms", sid, f.delay().toMillis());
        } else if (e instanceof ElectionEvent.FinalizeWaitAbandoned a) {
            tracer.finalizeWaitAbandoned(a.from(), a.better());
            if (log.isDebugEnabled()) {
                log.debug("{}: better vote {} from {} abandons the finalize wait", sid, describe(a.better()), a.from());
            }
        } else if (e instanceof ElectionEvent.Decided d) {
            decided(d.decision());
        } else if (e instanceof ElectionEvent.StateChanged c) {
            tracer.roleChanged(c.from(), c.to());
            // DEBUG: "election decided ... as <role>" and the role layer (QuorumPeer) tell the operator
            log.debug("{}: {} -> {} (round {})", sid, c.from(), c.to(), c.round());
            callbacks.add(() -> effects.stateChanged(c.from(), c.to()));
        } else if (e instanceof ElectionEvent.LeaderLooking l) {
            if (log.isDebugEnabled()) {
                log.debug("{}: leader {} is looking: round {}, proposing {}", sid, l.leader(), l.round(),
                        describe(l.proposal()));
            }
            callbacks.add(() -> effects.leaderLooking(l.leader(), l.round(), l.proposal()));
        } else if (e instanceof ElectionEvent.VoteUpdated u) {
            if (log.isDebugEnabled()) {
                log.debug("{}: {} with vote {}", sid, u.state(), describe(u.vote()));
            }
        } else if (e instanceof ElectionEvent.ConfigMismatch m) {
            if (log.isDebugEnabled()) {
                log.debug("{}: config of {} vs my version 0x{}: {}", sid, m.from(), Long.toHexString(m.myVersion()),
                        m.action());
            }
        } else if (e instanceof ElectionEvent.NonVoterReplyDeferred n) {
            log.debug("{}: reply to non-voter {} deferred to {}", sid, n.sid(),
                    n.untilDecided() ? "this peer's decision" : "the end of the rate-limit window");
        }
    }

    private void decided(Decision d) {
        decided++;
        Duration took = Duration.ofNanos(ticker.getAsLong() - startNanos);
        ElectionResult r = new ElectionResult(d.vote(), d.role(), d.round(), took, d.roundsObserved(),
                electionReceived, electionSent);
        lastResult = Optional.of(r);
        tracer.decided(d.vote(), d.role(), took, d.roundsObserved(), electionReceived, electionSent);
        log.info("{}: election decided: leader {} as {} in {} ms via {}, round {}, {} round(s), {} notifications in, "
                        + "{} out", sid, d.vote().leader(), d.role(), took.toMillis(), d.path(), d.round(),
                d.roundsObserved(), electionReceived, electionSent);
        callbacks.add(() -> effects.decided(d, r));
    }

    private static String describe(Vote v) {
        return "(leader " + v.leader() + ", zxid 0x" + Long.toHexString(v.zxid()) + ", round " + v.electionEpoch()
                + ", peerEpoch " + v.peerEpoch() + ")";
    }
}
