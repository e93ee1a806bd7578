package dev.ballot.leadership.quorum;

import io.netty.util.concurrent.ScheduledFuture;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Carries out a role session's {@link Action}s, in order: the one runner of {@link LeaderRole} and
 * {@link FollowerRole}. Epoch writes go through {@link EpochWrites} (off the loop, results back to the
 * session), establishment goes to the {@link RoleListener}, and after every batch the session's next
 * deadline is armed. What differs between the roles (how a message reaches a peer, how a connection
 * closes, what it cleans up when it ends) is the {@link Wire}. The runner also owns the role's heartbeat
 * ticker and its end, which happens once. Not thread-safe: the role's loop only.
 */
final class ActionRunner {

    /** The role's side: its connections and its end. */
    interface Wire {
        /** Send {@code message} to {@code sid} (for a follower: to its leader), if connected. */
        void send(long sid, QuorumMessage message);

        /** Close the connection to {@code sid}; {@code reason} goes to the DEBUG log. */
        void close(long sid, String reason);

        /** The role is over (called once, before the listener hears it): release its connections. */
        void onEnd(String reason);
    }

    private final RoleContext ctx;
    private final EpochWrites.Steps session;
    private final RoleListener listener;
    private final DeadlineTimer deadline;
    private final Wire wire;
    private ScheduledFuture<?> ticker; // heartbeats, once started
    private boolean ended;             // end() ran

    ActionRunner(RoleContext ctx, EpochWrites.Steps session, RoleListener listener, DeadlineTimer deadline, Wire wire) {
        this.ctx = ctx;
        this.session = session;
        this.listener = listener;
        this.deadline = deadline;
        this.wire = wire;
    }

    /** Runs {@code actions} in order, then arms the session's next deadline unless the role ended. */
    void run(List<Action> actions) {
        for (Action a : actions) {
            execute(a);
        }
        if (!ended) {
            deadline.arm();
        }
    }

    /** Runs {@code tick}'s actions every heartbeat ({@code tickTime / 2}) until the role ends. */
    void startTicking(Supplier<List<Action>> tick) {
        long period = ctx.heartbeat().toNanos();
        ticker = ctx.loop().scheduleAtFixedRate(() -> run(tick.get()), period, period, TimeUnit.NANOSECONDS);
    }

    /** Whether the role ended. */
    boolean ended() {
        return ended;
    }

    /** Ends the role once: timers stop, the wire releases its connections, the listener hears it. */
    void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        deadline.cancel();
        if (ticker != null) {
            ticker.cancel(false);
        }
        wire.onEnd(reason);
        listener.onAbandoned(reason);
    }

    private void execute(Action a) {
        if (EpochWrites.handle(a, ctx, session, this::run)) {
            return;
        }
        if (a instanceof Action.Send s) {
            wire.send(s.sid(), s.message());
        } else if (a instanceof Action.Close c) {
            wire.close(c.sid(), c.reason());
        } else if (a instanceof Action.Established e) {
            listener.onEstablished(e.epoch());
        } else if (a instanceof Action.Abandon ab) {
            end(ab.reason());
        }
    }
}
