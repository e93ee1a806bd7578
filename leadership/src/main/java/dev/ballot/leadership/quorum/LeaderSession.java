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
 *       everyone heard from (observers included) and the peer's {@link EpochFloor}, and the leader persists
 *       it as accepted. A later learner whose accepted epoch is beyond it makes the leader step down
 *       ({@link #onRefused}).</li>
 *   <li>ACKING: the leader sends {@link QuorumMessage.NewEpoch} to every learner; once the
 *       participants that acked, the leader included, form a quorum it persists the current epoch.</li>
 *   <li>ESTABLISHED: {@link QuorumMessage.Established} goes to every acked learner, and to every
 *       later one when it acks; the epoch is the fencing token.</li>
 * </ol>
 *
 * Not established within {@code initTimeout}, or (once established) no quorum fresh within
 * {@code syncTimeout} minus {@link #margin}, or a quorum no longer connected: the leader steps down
 * ({@link Action.Abandon}). The step-down runs on a deadline of its own ({@link #deadline()},
 * {@link #onDeadline}): the moment the freshest quorum goes stale.
 *
 * <p><b>Freshness is what the learner confirmed it heard, not what the leader received.</b> A learner is
 * fresh as of the send time of the newest frame of this leader it has confirmed receiving: a
 * {@link QuorumMessage.Pong} confirms the oldest {@link QuorumMessage.Ping} still unanswered on that
 * connection ({@link UnansweredPings}; learners answer each Ping once, in order), an AckEpoch of the proposed
 * epoch confirms the NewEpoch it answers. A Pong with no Ping outstanding (an older learner's keepalive), a
 * learner's Ping, a Pong's arrival time: none of them refreshes anything, since none says when the learner
 * last heard this leader. Before, every frame counted on arrival, so a follower that no longer heard the
 * leader (leader→follower cut) but whose keepalives still arrived stayed fresh, and the leader led on while
 * its followers elected another (the whole-peer simulator's lease breaks).
 *
 * <p><b>The old leader steps down first.</b> A follower gives up on its leader no earlier than
 * {@code syncTimeout} after the last frame it received from it; this leader stops leading
 * {@code syncTimeout - margin} after the send time of the newest frame a quorum confirmed, which is no later
 * than when those followers last heard it, whichever direction was cut and however late the confirmations
 * arrived. Every quorum that could elect a new leader contains such a follower, so this leader has stepped down
 * {@code margin} before the first of them even starts looking. Assumed: clocks run at rates within
 * {@code margin / syncTimeout} (10 %) of each other, neither side's event loop stalls longer than
 * {@code margin}, and no member of the new leader's quorum restarted meanwhile without this leader seeing its
 * connection end (a restarted member has forgotten this leader and may look at once; README "Guarantees, and
 * what they assume").
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
        long newEpochSentNanos; // when NewEpoch went to it, valid once newEpochSent
        boolean newEpochSent;
        final UnansweredPings pings = new UnansweredPings(); // on this connection: a new one is a new Learner
        /**
         * The send time of the newest frame of ours it confirmed receiving. Starts at its Hello, a placeholder
         * that counts for nothing: only acked learners are ever fresh, and the ack moves it to the NewEpoch's
         * send time, which is no earlier.
         */
        long confirmedNanos;

        Learner(QuorumMessage.Hello hello, long now) {
            this.hello = hello;
            this.confirmedNanos = now;
        }

        /** It confirmed a frame we sent at {@code sentNanos}; send times only rise, a late answer is no news. */
        void confirmed(long sentNanos) {
            if (sentNanos - confirmedNanos > 0) {
                confirmedNanos = sentNanos;
            }
        }

        void sendingNewEpoch(long now) {
            newEpochSent = true;
            newEpochSentNanos = now;
        }

        boolean participant() {
            return hello.type() == LearnerType.PARTICIPANT;
        }
    }

    private final long mySid;
    private final QuorumVerifier quorum;
    private EpochState mine;                  // this leader's epochs, updated as its own writes complete
    private final EpochFloor floor;           // accepted epochs of learners this peer refused: the epoch exceeds them
    private final long staleAfterNanos;      // syncTimeout - margin: a learner heard longer ago is not fresh
    private final long initDeadlineNanos;
    private final Map<Long, Learner> learners = new LinkedHashMap<>(); // connected learners by sid
    private Phase phase = Phase.DISCOVERING;  // current phase
    private long epoch = -1;                  // chosen epoch, -1 while discovering

    /**
     * @param mySid       this leader's sid
     * @param quorum      the ensemble
     * @param mine        this leader's persisted epochs
     * @param floor       this peer's {@link EpochFloor}: the chosen epoch exceeds it, a refusal may raise it
     * @param initTimeout {@code initLimit * tickTime}
     * @param syncTimeout {@code syncLimit * tickTime}
     * @param now         the current time in nanoseconds
     */
    public LeaderSession(long mySid, QuorumVerifier quorum, EpochState mine, EpochFloor floor, Duration initTimeout,
                         Duration syncTimeout, long now) {
        this.mySid = mySid;
        this.quorum = quorum;
        this.mine = mine;
        this.floor = floor;
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
            out.addAll(onRefused(hello));
            return out;
        }
        Learner l = new Learner(hello, now);
        learners.put(sid, l);
        switch (phase) {
            case DISCOVERING -> maybeChooseEpoch(out);
            case ACKING, PERSISTING_CURRENT, ESTABLISHED -> {
                l.sendingNewEpoch(now);
                out.add(new Action.Send(sid, new QuorumMessage.NewEpoch(epoch)));
            }
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

    /**
     * A learner was refused ({@link #refusal}; the caller has answered it). One whose accepted epoch is beyond the
     * epoch this leader chose can never join it, since it must not ack a lower epoch; left alone, it would be
     * refused on every rejoin until some other fault made a new epoch (the whole-peer simulator's seed 516). So
     * this leader steps down, whether established or not, and remembers that epoch in its {@link EpochFloor}: its
     * next epoch exceeds it even if that learner's HELLO comes after a quorum's. A refusal for a zxid ahead within this epoch changes nothing.
     *
     * @return the step-down's actions ({@link Action.Abandon} last), or none
     */
    public List<Action> onRefused(QuorumMessage.Hello h) {
        if (phase == Phase.ENDED || epoch < 0 || h.acceptedEpoch() <= epoch) {
            return List.of();
        }
        floor.raise(h.acceptedEpoch());
        return end("learner " + h.sid() + " accepted epoch " + h.acceptedEpoch() + " beyond this leader's " + epoch
                + ": stepping down, so that the next epoch exceeds it");
    }

    /**
     * A learner acked {@code ackedEpoch}. An ack of the proposed epoch confirms the NewEpoch it answers: the
     * learner is fresh as of that NewEpoch's send time. Safe: the learner acks only after it received the
     * NewEpoch, which went out once on this connection (in order), so at that moment it had heard this leader
     * no earlier than the send time, and its own last-heard never goes back. Needed: a quorum may ack and the
     * epoch be written before any Pong came back, and an established leader with no fresh quorum would step
     * down at once.
     */
    public List<Action> onAck(long sid, long ackedEpoch, long now) {
        List<Action> out = new ArrayList<>();
        Learner l = learners.get(sid);
        if (l == null || phase == Phase.ENDED) {
            return out;
        }
        if (ackedEpoch != epoch || !l.newEpochSent) {
            String why = "learner " + sid + " acked epoch " + ackedEpoch
                    + (l.newEpochSent ? " but the proposal is " + epoch : " before any was proposed to it");
            learners.remove(sid);
            out.add(new Action.Close(sid, why));
            return out;
        }
        l.confirmed(l.newEpochSentNanos);
        l.acked = true;
        if (phase == Phase.ESTABLISHED) {
            tell(sid, l, out);
        } else if (phase == Phase.ACKING) {
            maybeCommit(out);
        }
        return out;
    }

    /**
     * A {@link QuorumMessage.Pong} from a learner: it answers the oldest of our Pings still unanswered on its
     * connection, and the learner is fresh as of that Ping's send time, however late the Pong arrived. With no
     * Ping outstanding (an older learner's keepalive) it refreshes nothing. {@code now}, the arrival, counts for
     * nothing either: a Pong held back by a cut arrives late but says only that the Ping it answers got through.
     */
    public List<Action> onPong(long sid, long now) {
        Learner l = learners.get(sid);
        if (l != null && l.pings.outstanding()) {
            l.confirmed(l.pings.answer());
        }
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
        learners.forEach((sid, l) -> {
            l.sendingNewEpoch(now);
            out.add(new Action.Send(sid, new QuorumMessage.NewEpoch(epoch)));
        });
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

    /**
     * Every {@code tickTime / 2}: pings every learner, noting each Ping's send time as unanswered, then the
     * deadline checks of {@link #onDeadline}. {@code now} is no later than the write itself, so the learner
     * hears the Ping after it.
     */
    public List<Action> onTick(long now) {
        List<Action> out = new ArrayList<>();
        if (phase == Phase.ENDED) {
            return out;
        }
        learners.forEach((sid, l) -> {
            l.pings.sent(now);
            out.add(new Action.Send(sid, new QuorumMessage.Ping(epoch)));
        });
        out.addAll(onDeadline(now));
        return out;
    }

    /**
     * When the next check is due: the {@code initLimit} deadline until established; then the moment the
     * freshest quorum goes stale; empty once ended, or while this leader alone is a quorum.
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
        byFreshness.sort((a, b) -> Long.compare(b.confirmedNanos - a.confirmedNanos, 0)); // freshest first
        for (Learner l : byFreshness) {
            voters.add(l.hello.sid());
            if (quorum.containsQuorum(voters)) {
                return OptionalLong.of(l.confirmedNanos + staleAfterNanos); // the oldest of the freshest quorum
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
                return end("no quorum confirmed a ping within syncLimit*tickTime minus the margin, "
                        + staleAfterNanos / 1_000_000 + " ms (fresh " + new TreeSet<>(fresh) + ")");
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

    private void tell(long sid, Learner l, List<Action> out) {
        if (!l.told) {
            l.told = true;
            out.add(new Action.Send(sid, new QuorumMessage.Established(epoch)));
        }
    }

    /** Acked participants (optionally: only those fresh, confirmed within syncTimeout - margin), plus this leader. */
    private Set<Long> participants(boolean freshOnly, long now) {
        Set<Long> s = new HashSet<>();
        s.add(mySid);
        learners.forEach((sid, l) -> {
            if (l.participant() && l.acked && (!freshOnly || now - l.confirmedNanos < staleAfterNanos)) {
                s.add(sid);
            }
        });
        return s;
    }

    private void maybeChooseEpoch(List<Action> out) {
        Set<Long> voters = new HashSet<>();
        voters.add(mySid);
        long max = Math.max(mine.acceptedEpoch(), floor.value());
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

    /**
     * Establishes once a quorum of participants acked the proposed epoch after accepting it from this leader. A
     * learner whose Hello already carried that accepted epoch took the number from someone else (another leader of
     * the same epoch, elected at the same time by a split FLE): its ack does not count towards establishing, as
     * ZooKeeper's learner answers such a NEWEPOCH with -1; otherwise two leaders could each count it and establish
     * the same epoch. It still joins, and counts for the lease, once this leader is established.
     */
    private void maybeCommit(List<Action> out) {
        Set<Long> acked = new HashSet<>();
        acked.add(mySid);
        learners.forEach((sid, l) -> {
            if (l.participant() && l.acked && l.hello.acceptedEpoch() < epoch) {
                acked.add(sid);
            }
        });
        if (quorum.containsQuorum(acked)) {
            phase = Phase.PERSISTING_CURRENT;
            out.add(new Action.PersistCurrent(epoch));
        }
    }
}
