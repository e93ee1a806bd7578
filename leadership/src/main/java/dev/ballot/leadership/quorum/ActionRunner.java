package dev.ballot.leadership.quorum;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Carries out a role session's {@link Action}s, in order: the one runner of {@link LeaderRole} and
 * {@link FollowerRole}. Epoch writes go through {@link EpochWrites} (off the loop, results back to the
 * session), establishment goes to the {@link RoleListener}, and after every batch the session's next
 * deadline is armed. What differs between the roles (how a message reaches a peer, how a connection
 * closes, what it cleans up when it ends) is the {@link Wire}. The runner also owns the role's heartbeat
 * ticker and its end, which happens once. Time, timers and hops come from a {@link RoleScheduler}, so the
 * whole-peer simulator runs this same runner on virtual time. Not thread-safe: the role's loop only.
 */
public final class ActionRunner {

    /** The role's side: its connections and its end. */
    public interface Wire {
        /** Send {@code message} to {@code sid} (for a follower: to its leader), if connected. */
        void send(long sid, QuorumMessage message);

        /** Close the connection to {@code sid}; {@code reason} goes to the DEBUG log. */
        void close(long sid, String reason);

        /** The role is over (called once, before the listener hears it): release its connections. */
        void onEnd(String reason);

        /** Open another connection to {@code sid} ({@link Action.Redial}); a wire that cannot ignores it. */
        default void redial(long sid) {
        }
    }

    private final RoleScheduler sched;
    private final Duration heartbeat;
    private final EpochPersistence epochs;
    private final EpochSteps session;
    private final RoleListener listener;
    private final DeadlineTimer deadline;
    private final Wire wire;
    private RoleScheduler.Cancellable ticker; // heartbeats, once started
    private boolean ended;                    // end() ran

    /**
     * @param sched      the role's time, timers and hops
     * @param heartbeat  the ticker's period ({@link RoleContext#heartbeat()})
     * @param epochs     where epoch writes go
     * @param session    the session whose actions run here
     * @param listener   hears establishment and the end
     * @param deadline   the session's next deadline ({@code session::deadline})
     * @param onDeadline the session's deadline check at the current time
     * @param wire       the role's connections
     */
    public ActionRunner(RoleScheduler sched, Duration heartbeat, EpochPersistence epochs, EpochSteps session,
                        RoleListener listener, Supplier<OptionalLong> deadline, Supplier<List<Action>> onDeadline,
                        Wire wire) {
        this.sched = sched;
        this.heartbeat = heartbeat;
        this.epochs = epochs;
        this.session = session;
        this.listener = listener;
        this.deadline = new DeadlineTimer(sched, deadline, () -> run(onDeadline.get()));
        this.wire = wire;
    }

    /** Runs {@code actions} in order, then arms the session's next deadline unless the role ended. */
    public void run(List<Action> actions) {
        for (Action a : actions) {
            execute(a);
        }
        if (!ended) {
            deadline.arm();
        }
    }

    /** Runs {@code tick}'s actions every heartbeat ({@code tickTime / 2}) until the role ends. */
    public void startTicking(Supplier<List<Action>> tick) {
        ticker = sched.scheduleAtFixedRate(heartbeat.toNanos(), () -> run(tick.get()));
    }

    /** Arms the session's deadline now (before the first input). */
    public void armDeadline() {
        deadline.arm();
    }

    /** Whether the role ended. */
    public boolean ended() {
        return ended;
    }

    /** Ends the role once: timers stop, the wire releases its connections, the listener hears it. */
    public void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        deadline.cancel();
        if (ticker != null) {
            ticker.cancel();
        }
        wire.onEnd(reason);
        listener.onAbandoned(reason);
    }

    private void execute(Action a) {
        if (EpochWrites.handle(a, epochs, sched, session, this::run)) {
            return;
        }
        if (a instanceof Action.Send s) {
            wire.send(s.sid(), s.message());
        } else if (a instanceof Action.Close c) {
            wire.close(c.sid(), c.reason());
        } else if (a instanceof Action.Established e) {
            listener.onEstablished(e.epoch());
        } else if (a instanceof Action.Redial r) {
            wire.redial(r.sid());
        } else if (a instanceof Action.Silence q) {
            listener.onSilence(q.sid());
        } else if (a instanceof Action.Abandon ab) {
            end(ab.reason());
        }
    }
}
