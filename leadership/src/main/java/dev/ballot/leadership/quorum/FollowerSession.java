package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.core.LogText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * A follower's (or observer's) side of epoch establishment and heartbeats, as a state machine
 * without threads, clocks or I/O: every input carries "now" in nanoseconds and returns the
 * {@link Action}s to run.
 *
 * <p>CONNECTING → (connected: send Hello) → JOINING → (NewEpoch e: persist accepted e, ack) →
 * (Established e: persist current e) → ESTABLISHED. Any of these ends the session with
 * {@link Action.Abandon} (back to LOOKING): not established within {@code initTimeout}; silence from
 * the leader for {@code syncTimeout} once connected; the connection closing; the leader leaving or
 * rejecting; a proposed epoch below the accepted one.
 *
 * <p><b>Failure detection on a deadline of its own.</b> Every frame from the leader counts as heard, and
 * the learner gives up exactly {@code syncTimeout} after the last one ({@link #deadline()},
 * {@link #onDeadline}), not on the next tick of a shared poll, so the followers of a leader that went
 * silent start looking within milliseconds of each other. Never earlier than {@code syncTimeout}: the
 * leader steps down {@code syncTimeout} minus a margin after it last heard a quorum
 * ({@link LeaderSession}), so it is gone before a quorum of its followers can elect another.
 *
 * <p><b>A second connection before giving up.</b> Half-way to that deadline without a frame, the learner asks for
 * a second connection to the same leader ({@link Action.Redial}) and says Hello on it once it is up, as a learner
 * established under this leader that rejoins; the first connection closes only then. On a lossy link one TCP
 * connection can stall for seconds: a retransmission that is lost again doubles the retransmission timer (208,
 * 416, 832, 1,664 ms were seen under 20 % loss, with a congestion window of one segment, so nothing newer goes out
 * meanwhile), while a new connection starts afresh. A leader that is really gone never answers the new one, and
 * the deadline stays where it was: the redial costs failure detection nothing.
 *
 * <p><b>One Pong per Ping, nothing unsolicited.</b> The learner answers each {@link QuorumMessage.Ping}
 * exactly once, in order, and sends no keepalive of its own: the leader takes each Pong as the answer to its
 * oldest unanswered Ping and counts the learner fresh as of that Ping's send time ({@link LeaderSession}), which
 * is no later than the moment this learner last heard it. An unsolicited Pong would be taken for the answer to a
 * Ping still on its way (or stuck behind a cut) and stretch the old leader's lease beyond this learner's
 * patience. (Before, learners sent a Pong every heartbeat; a leader of this version ignores those that answer
 * nothing.)
 *
 * <p>Not thread-safe: confined to the peer's event loop.
 */
public final class FollowerSession implements EpochSteps {

    /** Where the learner is in joining its leader. */
    public enum Phase { CONNECTING, JOINING, PERSISTING_ACCEPTED, PERSISTING_CURRENT, ESTABLISHED, ENDED }

    private final long mySid;
    private final long leaderSid;
    private final LearnerType type;
    private final long syncTimeoutNanos;
    private final long initDeadlineNanos;
    private long acceptedEpoch;          // persisted accepted epoch
    private long currentEpoch;           // persisted current epoch
    private final long lastZxid;         // last zxid sent in Hello
    private Phase phase = Phase.CONNECTING;
    private long proposed = -1;          // epoch the leader proposed, -1 before NewEpoch
    private long lastHeardNanos;         // last message from the leader
    private int dialFailures;            // failed dials of the leader so far
    private boolean redialed;            // a Redial went out since the last message from the leader

    /**
     * @param mySid       this learner's sid
     * @param leaderSid   the elected leader
     * @param type        participant (follower) or observer
     * @param mine        this learner's persisted epochs
     * @param initTimeout {@code initLimit * tickTime}: budget to connect and establish
     * @param syncTimeout {@code syncLimit * tickTime}: silence tolerated once connected
     * @param now         the current time in nanoseconds
     */
    public FollowerSession(long mySid, long leaderSid, LearnerType type, EpochState mine, Duration initTimeout,
                           Duration syncTimeout, long now) {
        this.mySid = mySid;
        this.leaderSid = leaderSid;
        this.type = type;
        this.acceptedEpoch = mine.acceptedEpoch();
        this.currentEpoch = mine.currentEpoch();
        this.lastZxid = mine.lastZxid();
        this.syncTimeoutNanos = syncTimeout.toNanos();
        this.initDeadlineNanos = now + initTimeout.toNanos();
        this.lastHeardNanos = now;
    }

    public Phase phase() {
        return phase;
    }

    public long leaderSid() {
        return leaderSid;
    }

    /** Whether a new connection attempt makes sense (still connecting, deadline not passed). */
    public boolean shouldRetryConnect(long now) {
        return phase == Phase.CONNECTING && now - initDeadlineNanos < 0;
    }

    /** The connection to the leader is up: say hello. */
    public List<Action> onConnected(long now) {
        if (phase != Phase.CONNECTING) {
            return List.of();
        }
        phase = Phase.JOINING;
        lastHeardNanos = now;
        return List.of(new Action.Send(leaderSid,
                new QuorumMessage.Hello(mySid, type, acceptedEpoch, currentEpoch, lastZxid)));
    }

    /** A message from the leader. */
    public List<Action> onMessage(QuorumMessage msg, long now) {
        if (phase == Phase.ENDED || phase == Phase.CONNECTING) {
            return List.of();
        }
        lastHeardNanos = now;
        redialed = false;
        if (phase == Phase.ESTABLISHED && msg instanceof QuorumMessage.NewEpoch m && m.epoch() == currentEpoch) {
            // the leader's answer to the Hello on a redialled connection: the epoch is already ours and on disk
            return List.of(new Action.Send(leaderSid, new QuorumMessage.AckEpoch(m.epoch())));
        }
        if (phase == Phase.ESTABLISHED && msg instanceof QuorumMessage.Established m && m.epoch() == currentEpoch) {
            return List.of();
        }
        if (msg instanceof QuorumMessage.NewEpoch m) {
            return onNewEpoch(m.epoch());
        } else if (msg instanceof QuorumMessage.Established m) {
            return onEstablished(m.epoch());
        } else if (msg instanceof QuorumMessage.Ping m) {
            return List.of(new Action.Send(leaderSid, new QuorumMessage.Pong(m.epoch())));
        } else if (msg instanceof QuorumMessage.Leaving m) {
            return end("leader " + leaderSid + " is leaving: " + LogText.escape(m.reason()));
        } else if (msg instanceof QuorumMessage.NotLeading && phase == Phase.JOINING && proposed < 0) {
            phase = Phase.CONNECTING;
            return List.of(new Action.Close(leaderSid, "sid " + leaderSid + " is not leading yet"));
        } else if (msg instanceof QuorumMessage.Reject m) {
            return end("leader " + leaderSid + " refused: " + LogText.escape(m.reason()));
        }
        return end("unexpected " + msg.getClass().getSimpleName() + " from leader " + leaderSid);
    }

    private List<Action> onNewEpoch(long epoch) {
        if (phase != Phase.JOINING) {
            return end("unexpected NewEpoch " + epoch + " in phase " + phase);
        }
        if (epoch < acceptedEpoch) {
            return end("leader " + leaderSid + " proposes epoch " + epoch + " below accepted epoch " + acceptedEpoch);
        }
        proposed = epoch;
        if (epoch > acceptedEpoch) {
            phase = Phase.PERSISTING_ACCEPTED;
            return List.of(new Action.PersistAccepted(epoch));
        }
        return List.of(new Action.Send(leaderSid, new QuorumMessage.AckEpoch(epoch)));
    }

    private List<Action> onEstablished(long epoch) {
        if (phase != Phase.JOINING || epoch != proposed) {
            return end("unexpected Established " + epoch + " in phase " + phase + " (proposed " + proposed + ")");
        }
        if (epoch > currentEpoch) {
            phase = Phase.PERSISTING_CURRENT;
            return List.of(new Action.PersistCurrent(epoch));
        }
        phase = Phase.ESTABLISHED;
        return List.of(new Action.Established(epoch));
    }

    /** The accepted epoch is on disk: ack it. */
    public List<Action> onAcceptedPersisted(long epoch, long now) {
        if (phase != Phase.PERSISTING_ACCEPTED || epoch != proposed) {
            return List.of();
        }
        acceptedEpoch = epoch;
        phase = Phase.JOINING;
        return List.of(new Action.Send(leaderSid, new QuorumMessage.AckEpoch(epoch)));
    }

    /** The current epoch is on disk: established. */
    public List<Action> onCurrentPersisted(long epoch, long now) {
        if (phase != Phase.PERSISTING_CURRENT || epoch != proposed) {
            return List.of();
        }
        currentEpoch = epoch;
        phase = Phase.ESTABLISHED;
        return List.of(new Action.Established(epoch));
    }

    /** Writing an epoch file failed. */
    public List<Action> onPersistFailed(String what) {
        return end("cannot persist epoch: " + what);
    }

    /** The connection to the leader closed (or a connection attempt failed). */
    public List<Action> onDisconnected(String why, long now) {
        if (phase == Phase.CONNECTING) {
            return shouldRetryConnect(now) ? List.of()
                    : end("cannot reach leader " + leaderSid + " within initLimit*tickTime: " + why);
        }
        return end("connection to leader " + leaderSid + " lost: " + why);
    }

    /**
     * A dial of the leader failed ({@code refused}: its host answered with a reset), or the connection closed before
     * the leader answered HELLO (it was not leading yet). Refused: give up at once ({@link #onConnectRefused}).
     * Otherwise, while connecting within {@code initTimeout}, dial again after {@link Backoff#DIAL}'s delay
     * ({@link Action.DialAgain}; {@code random} is drawn only then); past the deadline, give up. The one rule of
     * {@code FollowerRole} and of the whole-peer simulator's learner.
     */
    public List<Action> onDialFailed(String why, boolean refused, long now, DoubleSupplier random) {
        if (refused) {
            return onConnectRefused(why);
        }
        List<Action> out = new ArrayList<>();
        if (shouldRetryConnect(now)) {
            out.add(new Action.DialAgain(Backoff.DIAL.delayNanos(++dialFailures, random.getAsDouble())));
        }
        out.addAll(onDisconnected(why, now));
        return out;
    }

    /**
     * The leader's host refused the connection: nothing listens on its quorum port, so the elected leader is not
     * running (a peer binds its quorum port before it takes part in any election). Give up now rather than dial
     * until initLimit runs out: a leader killed just after it was elected cost a late follower the whole
     * initLimit*tickTime (20 s at tickTime 2000).
     */
    public List<Action> onConnectRefused(String why) {
        if (phase != Phase.CONNECTING) {
            return List.of();
        }
        return end("leader " + leaderSid + " refused the connection (it is not running): " + why);
    }

    /** Every heartbeat ({@code tickTime / 2}): the deadline checks of {@link #onDeadline}; nothing is sent. */
    public List<Action> onTick(long now) {
        return onDeadline(now);
    }

    /**
     * When the next check is due: the {@code initLimit} deadline until established (a leader still gathering
     * its quorum, or busy, may be quiet for a while: as ZooKeeper's learners, joining ones tolerate
     * {@code initLimit}), then half of {@code syncTimeout} after the last frame from the leader (the redial), then
     * {@code syncTimeout} after it; empty once ended.
     */
    public OptionalLong deadline() {
        if (phase == Phase.ENDED) {
            return OptionalLong.empty();
        }
        if (phase != Phase.ESTABLISHED) {
            return OptionalLong.of(initDeadlineNanos);
        }
        return OptionalLong.of(lastHeardNanos + (redialed ? syncTimeoutNanos : syncTimeoutNanos / 2));
    }

    /** When silence from the leader ends this session ({@code syncTimeout} after its last frame); empty until established. */
    public OptionalLong silenceDeadline() {
        return phase == Phase.ESTABLISHED ? OptionalLong.of(lastHeardNanos + syncTimeoutNanos) : OptionalLong.empty();
    }

    /** A deadline may have passed: not established within initLimit, or, once established, silence from the leader for syncLimit. */
    public List<Action> onDeadline(long now) {
        if (phase == Phase.ENDED) {
            return List.of();
        }
        if (phase != Phase.ESTABLISHED && now - initDeadlineNanos >= 0) {
            return end("not established with leader " + leaderSid + " within initLimit*tickTime (phase " + phase + ")");
        }
        if (phase == Phase.ESTABLISHED && now - lastHeardNanos < syncTimeoutNanos && !redialed
                && now - lastHeardNanos >= syncTimeoutNanos / 2) {
            redialed = true;
            return List.of(new Action.Redial(leaderSid));
        }
        if (phase == Phase.ESTABLISHED && now - lastHeardNanos >= syncTimeoutNanos) {
            List<Action> out = new ArrayList<>();
            out.add(new Action.Silence(leaderSid));
            out.addAll(end("no message from leader " + leaderSid + " for " + (now - lastHeardNanos) / 1_000_000
                    + " ms (syncLimit*tickTime is " + syncTimeoutNanos / 1_000_000 + " ms)"));
            return out;
        }
        return List.of();
    }

    /**
     * The second connection asked for by {@link Action.Redial} is up, and the first is closed: say Hello on it, as a
     * learner established under this leader that rejoins (the leader answers NewEpoch and Established of the
     * epoch this learner already has). Nothing else changes: still established, the same deadline.
     */
    public List<Action> onRedialed() {
        if (phase != Phase.ESTABLISHED) {
            return List.of();
        }
        return List.of(new Action.Send(leaderSid,
                new QuorumMessage.Hello(mySid, type, acceptedEpoch, currentEpoch, lastZxid)));
    }

    /** Ends the session from this side (shutdown). */
    public List<Action> leave(String reason) {
        return end(reason);
    }

    private List<Action> end(String reason) {
        if (phase == Phase.ENDED) {
            return List.of();
        }
        phase = Phase.ENDED;
        List<Action> out = new ArrayList<>();
        out.add(new Action.Close(leaderSid, reason));
        out.add(new Action.Abandon(reason));
        return out;
    }
}
