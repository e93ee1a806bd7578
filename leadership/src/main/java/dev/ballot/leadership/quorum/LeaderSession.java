package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.core.Zxid;
import dev.ballot.core.quorum.QuorumVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leader's side of epoch establishment and heartbeats, as a state machine without threads,
 * clocks or I/O: every input carries "now" in nanoseconds and returns the {@link Action}s to run.
 *
 * <ol>
 *   <li>DISCOVERING: learners say {@link QuorumMessage.Hello}. Once the participants heard from,
 *       this leader included, form a quorum, the new epoch is {@code max(acceptedEpoch) + 1} over
 *       everyone heard from (observers included) and the leader persists it as accepted.</li>
 *   <li>ACKING: the leader sends {@link QuorumMessage.NewEpoch} to every learner; once the
 *       participants that acked, the leader included, form a quorum it persists the current epoch.</li>
 *   <li>ESTABLISHED: {@link QuorumMessage.Established} goes to every acked learner, and to every
 *       later one when it acks; the epoch is the fencing token.</li>
 * </ol>
 *
 * Not established within {@code initTimeout}, or (once established) no quorum heard within
 * {@code syncTimeout} minus {@link #margin}, or a quorum no longer connected: the leader steps down
 * ({@link Action.Abandon}). Every frame from a learner counts as heard (answers to pings and the learner's
 * own keepalives). The step-down runs on a deadline of its own ({@link #deadline()}, {@link #onDeadline}):
 * the moment the freshest quorum it heard goes stale.
 *
 * <p><b>The old leader steps down first.</b> A follower gives up on its leader no earlier than
 * {@code syncTimeout} after the last frame it received from it; this leader stops leading
 * {@code syncTimeout - margin} after it last heard a quorum. When the leader is cut off, both sides stop
 * hearing each other at about the same moment, and every quorum that could elect a new leader contains a
 * follower of this one, so this leader has stepped down {@code margin} before the first of them even starts
 * looking. Assumed: clocks run at rates within {@code margin / syncTimeout} (10 %) of each other, and
 * neither side's event loop stalls longer than {@code margin} (README "Roles after the election").
 *
 * <p>Not thread-safe: confined to the peer's event loop.
 */
public final class LeaderSession implements EpochSteps {

    /** Where the leader is in establishing its epoch. */
    public enum Phase { DISCOVERING, PERSISTING_ACCEPTED, ACKING, PERSISTING_CURRENT, ESTABLISHED, ENDED }

    /** What the leader knows about one connected learner. */
    private static final class Learner {
        final QuorumMessage.Hello hello;
        boolean acked;          // acked the chosen epoch
        boolean told;           // was sent Established
        long lastHeardNanos;    // last message from it

        Learner(QuorumMessage.Hello hello, long now) {
            this.hello = hello;
            this.lastHeardNanos = now;
        }

        boolean participant() {
            return hello.type() == LearnerType.PARTICIPANT;
        }
    }

    private final long mySid;
    private final QuorumVerifier quorum;
    private EpochState mine;                  // this leader's epochs, updated as its own writes complete
    private final long staleAfterNanos;      // syncTimeout - margin: a learner heard longer ago is not fresh
    private final long initDeadlineNanos;
    private final Map<Long, Learner> learners = new LinkedHashMap<>(); // connected learners by sid
    private Phase phase = Phase.DISCOVERING;  // current phase
    private long epoch = -1;                  // chosen epoch, -1 while discovering

    /**
     * @param mySid       this leader's sid
     * @param quorum      the ensemble
     * @param mine        this leader's persisted epochs
     * @param initTimeout {@code initLimit * tickTime}
     * @param syncTimeout {@code syncLimit * tickTime}
     * @param now         the current time in nanoseconds
     */
    public LeaderSession(long mySid, QuorumVerifier quorum, EpochState mine, Duration initTimeout,
                         Duration syncTimeout, long now) {
        this.mySid = mySid;
        this.quorum = quorum;
        this.mine = mine;
        this.staleAfterNanos = syncTimeout.toNanos() - margin(syncTimeout).toNanos();
        this.initDeadlineNanos = now + initTimeout.toNanos();
    }

    /** How much earlier than its followers the leader gives up: a tenth of {@code syncTimeout}. */
    public static Duration margin(Duration syncTimeout) {
        return syncTimeout.dividedBy(10);
    }

    public Phase phase() {
        return phase;
    }

    /** The chosen (or established) epoch; -1 while discovering. */
    public long epoch() {
        return epoch;
    }

    /** The sids of the connected learners. */
    public Set<Long> learners() {
        return new TreeSet<>(learners.keySet());
    }

    /** Starts the session: a leader alone may already be a quorum (a one-voter ensemble). */
    public List<Action> start() {
        List<Action> out = new ArrayList<>();
        maybeChooseEpoch(out);
        return out;
    }

    /** A learner connected and said hello. The caller has checked that {@code sid} is a configured member. */
    public List<Action> onHello(QuorumMessage.Hello hello, long now) {
        List<Action> out = new ArrayList<>();
        if (phase == Phase.ENDED) {
            return out;
        }
        long sid = hello.sid();
        String refusal = refusal(hello);
        if (refusal != null) {
            out.add(new Action.Send(sid, new QuorumMessage.Reject(refusal)));
            out.add(new Action.Close(sid, refusal));
            return out;
        }
        learners.put(sid, new Learner(hello, now));
        switch (phase) {
            case DISCOVERING -> maybeChooseEpoch(out);
            case ACKING, PERSISTING_CURRENT, ESTABLISHED -> out.add(new Action.Send(sid, new QuorumMessage.NewEpoch(epoch)));
            default -> { } // PERSISTING_ACCEPTED: NewEpoch goes out once our own accepted epoch is stored
        }
        return out;
    }

    /**
     * Why a learner must not join, or null. Compared with this leader's epochs as they are now, not as they
     * were when the role started: once established, a learner that was established under this leader (and
     * restarted, or lost its connection) has exactly this leader's current epoch and zxid and must rejoin.
     */
    public String refusal(QuorumMessage.Hello h) {
        if (h.currentEpoch() > mine.currentEpoch()
                || (h.currentEpoch() == mine.currentEpoch() && h.lastZxid() > mine.lastZxid())) {
            return "learner " + h.sid() + " is ahead of leader " + mySid + " (currentEpoch " + h.currentEpoch()
                    + " > " + mine.currentEpoch() + " or zxid 0x" + Long.toHexString(h.lastZxid()) + " > 0x"
                    + Long.toHexString(mine.lastZxid()) + ")";
        }
        if (epoch >= 0 && h.acceptedEpoch() > epoch) {
            return "learner " + h.sid() + " accepted epoch " + h.acceptedEpoch() + " beyond this leader's " + epoch;
        }
        return null;
    }

    /** A learner acked {@code ackedEpoch}. */
    public List<Action> onAck(long sid, long ackedEpoch, long now) {
        List<Action> out = new ArrayList<>();
        Learner l = heard(sid, now);
        if (l == null || phase == Phase.ENDED) {
            return out;
        }
        if (ackedEpoch != epoch) {
            String why = "learner " + sid + " acked epoch " + ackedEpoch + " but the proposal is " + epoch;
            learners.remove(sid);
            out.add(new Action.Close(sid, why));
            return out;
        }
        l.acked = true;
        if (phase == Phase.ESTABLISHED) {
            tell(sid, l, out);
        } else if (phase == Phase.ACKING) {
            maybeCommit(out);
        }
        return out;
    }

    /** Any other frame from a learner (a {@link QuorumMessage.Pong}, a keepalive): it is alive. */
    public List<Action> onHeard(long sid, long now) {
        heard(sid, now);
        return List.of();
    }

    /** This leader's accepted epoch is on disk. */
    public List<Action> onAcceptedPersisted(long persisted, long now) {
        List<Action> out = new ArrayList<>();
        if (phase != Phase.PERSISTING_ACCEPTED || persisted != epoch) {
            return out;
        }
        mine = new EpochState(persisted, mine.currentEpoch(), mine.lastZxid());
        phase = Phase.ACKING;
        for (long sid : learners.keySet()) {
            out.add(new Action.Send(sid, new QuorumMessage.NewEpoch(epoch)));
        }
        maybeCommit(out);
        return out;
    }

    /** This leader's current epoch is on disk: established. */
    public List<Action> onCurrentPersisted(long persisted, long now) {
        List<Action> out = new ArrayList<>();
        if (phase != Phase.PERSISTING_CURRENT || persisted != epoch) {
            return out;
        }
        mine = new EpochState(persisted, persisted, Zxid.make(persisted, 0));
        phase = Phase.ESTABLISHED;
        out.add(new Action.Established(epoch));
        learners.forEach((sid, l) -> {
            if (l.acked) {
                tell(sid, l, out);
            }
        });
        return out;
    }

    /** Writing an epoch file failed: this leader cannot go on. */
    public List<Action> onPersistFailed(String what) {
        return end("cannot persist epoch: " + what);
    }

    /** A learner's connection closed. */
    public List<Action> onDisconnected(long sid, long now) {
        List<Action> out = new ArrayList<>();
        if (learners.remove(sid) == null || phase != Phase.ESTABLISHED) {
            return out;
        }
        Set<Long> connected = participants(false, now);
        if (!quorum.containsQuorum(connected)) {
            out.addAll(end("lost quorum: connected participants " + new TreeSet<>(connected)));
        }
        return out;
    }

    /** Every {@code tickTime / 2}: pings every learner, then the deadline checks of {@link #onDeadline}. */
    public List<Action> onTick(long now) {
        List<Action> out = new ArrayList<>();
        if (phase == Phase.ENDED) {
            return out;
        }
        for (long sid : learners.keySet()) {
            out.add(new Action.Send(sid, new QuorumMessage.Ping(epoch)));
        }
        out.addAll(onDeadline(now));
        return out;
    }

    /**
     * When the next check is due: the {@code initLimit} deadline until established; then the moment the
     * freshest quorum heard goes stale; empty once ended, or while this leader alone is a quorum.
     */
    public OptionalLong deadline() {
        if (phase == Phase.ENDED) {
            return OptionalLong.empty();
        }
        if (phase != Phase.ESTABLISHED) {
            return OptionalLong.of(initDeadlineNanos);
        }
        Set<Long> voters = new HashSet<>();
        voters.add(mySid);
        if (quorum.containsQuorum(voters)) {
            return OptionalLong.empty();
        }
        List<Learner> byFreshness = new ArrayList<>();
        learners.values().forEach(l -> {
            if (l.participant() && l.acked) {
                byFreshness.add(l);
            }
        });
        byFreshness.sort((a, b) -> Long.compare(b.lastHeardNanos - a.lastHeardNanos, 0)); // freshest first
        for (Learner l : byFreshness) {
            voters.add(l.hello.sid());
            if (quorum.containsQuorum(voters)) {
                return OptionalLong.of(l.lastHeardNanos + staleAfterNanos); // the oldest of the freshest quorum
            }
        }
        return OptionalLong.of(initDeadlineNanos); // no acked quorum left (all reconnecting): due now
    }

    /**
     * A deadline may have passed: not established by the {@code initLimit} deadline, or, once established, no
     * quorum heard within {@code syncTimeout - margin}.
     */
    public List<Action> onDeadline(long now) {
        if (phase == Phase.ENDED) {
            return List.of();
        }
        if (phase != Phase.ESTABLISHED && now - initDeadlineNanos >= 0) {
            return end("no epoch quorum within initLimit*tickTime (phase " + phase + ", learners " + learners() + ")");
        }
        if (phase == Phase.ESTABLISHED) {
            Set<Long> fresh = participants(true, now);
            if (!quorum.containsQuorum(fresh)) {
                return end("no quorum heard within syncLimit*tickTime minus the margin, "
                        + staleAfterNanos / 1_000_000 + " ms (heard " + new TreeSet<>(fresh) + ")");
            }
        }
        return List.of();
    }

    /** Ends the session: tells every learner that the leader leaves, and closes the connections. */
    public List<Action> leave(String reason) {
        return end(reason);
    }

    private List<Action> end(String reason) {
        List<Action> out = new ArrayList<>();
        if (phase == Phase.ENDED) {
            return out;
        }
        phase = Phase.ENDED;
        for (long sid : learners.keySet()) {
            out.add(new Action.Send(sid, new QuorumMessage.Leaving(reason)));
            out.add(new Action.Close(sid, "leader leaving: " + reason));
        }
        learners.clear();
        out.add(new Action.Abandon(reason));
        return out;
    }

    private Learner heard(long sid, long now) {
        Learner l = learners.get(sid);
        if (l != null) {
            l.lastHeardNanos = now;
        }
        return l;
    }

    private void tell(long sid, Learner l, List<Action> out) {
        if (!l.told) {
            l.told = true;
            out.add(new Action.Send(sid, new QuorumMessage.Established(epoch)));
        }
    }

    /** Acked participants (optionally: heard within syncTimeout), plus this leader. */
    private Set<Long> participants(boolean freshOnly, long now) {
        Set<Long> s = new HashSet<>();
        s.add(mySid);
        learners.forEach((sid, l) -> {
            if (l.participant() && l.acked && (!freshOnly || now - l.lastHeardNanos < staleAfterNanos)) {
                s.add(sid);
            }
        });
        return s;
    }

    private void maybeChooseEpoch(List<Action> out) {
        Set<Long> voters = new HashSet<>();
        voters.add(mySid);
        long max = mine.acceptedEpoch();
        for (Learner l : learners.values()) {
            if (l.participant()) {
                voters.add(l.hello.sid());
            }
            max = Math.max(max, l.hello.acceptedEpoch());
        }
        if (quorum.containsQuorum(voters)) {
            epoch = max + 1;
            phase = Phase.PERSISTING_ACCEPTED;
            out.add(new Action.PersistAccepted(epoch));
        }
    }

    private void maybeCommit(List<Action> out) {
        Set<Long> acked = new HashSet<>();
        acked.add(mySid);
        learners.forEach((sid, l) -> {
            if (l.participant() && l.acked) {
                acked.add(sid);
            }
        });
        if (quorum.containsQuorum(acked)) {
            phase = Phase.PERSISTING_CURRENT;
            out.add(new Action.PersistCurrent(epoch));
        }
    }
}
