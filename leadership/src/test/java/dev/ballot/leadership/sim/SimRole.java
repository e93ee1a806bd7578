package dev.ballot.leadership.sim;

import dev.ballot.leadership.quorum.Action;
import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.QuorumMessage;
import dev.ballot.leadership.quorum.RoleContext;
import dev.ballot.leadership.quorum.RoleListener;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Carries out a session's {@link Action}s on virtual time exactly as the production {@code ActionRunner},
 * {@code DeadlineTimer} and {@code EpochWrites} do on the peer's loop: actions in order; an epoch write on the
 * disk, its outcome fed back to the session in a later task; establishment and the end to the
 * {@link RoleListener}; after every batch the session's deadline armed (re-armed only when it moved earlier,
 * re-arming itself when it fires early); a heartbeat every {@code tickTime / 2} (at most 100 ms); the end once.
 * Subclasses are the wire side of {@code LeaderRole} and {@code FollowerRole}. Not thread-safe.
 */
abstract class SimRole {
    protected final RoleEnv env;
    private final RoleListener listener;
    private boolean ended;
    private boolean armed;      // a deadline task is pending
    private long armedFor;      // the deadline it is pending for
    private int timerGeneration; // bumps when the pending deadline task is superseded

    SimRole(RoleEnv env, RoleListener listener) {
        this.env = env;
        this.listener = listener;
    }

    abstract OptionalLong deadline();

    abstract List<Action> onDeadline(long now);

    abstract List<Action> onTick(long now);

    abstract List<Action> onAcceptedPersisted(long epoch, long now);

    abstract List<Action> onCurrentPersisted(long epoch, long now);

    abstract List<Action> onPersistFailed(String what);

    /** Sends {@code message} to {@code sid} if connected. */
    abstract void send(long sid, QuorumMessage message);

    /** Closes the connection to {@code sid}. */
    abstract void close(long sid, String reason);

    /** The role is over (once, before the listener hears it): release the connections. */
    abstract void onEnd(String reason);

    final boolean ended() {
        return ended;
    }

    /** Runs {@code actions} in order, then arms the deadline unless the role ended. */
    final void run(List<Action> actions) {
        for (Action a : actions) {
            execute(a);
        }
        if (!ended) {
            arm();
        }
    }

    /** Runs {@code tick}'s actions every heartbeat until the role ends. */
    final void startTicking(Supplier<List<Action>> tick) {
        long period = RoleContext.heartbeat(env.tickTime()).toNanos();
        env.later(period, new Runnable() {
            @Override
            public void run() {
                if (!ended) {
                    SimRole.this.run(tick.get());
                    env.later(period, this);
                }
            }
        });
    }

    /** Ends the role once: timers stop, the connections are released, the listener hears it. */
    final void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        armed = false;
        timerGeneration++;
        onEnd(reason);
        listener.onAbandoned(reason);
    }

    /** {@code DeadlineTimer.arm}: unless already armed for that time or earlier. */
    final void arm() {
        OptionalLong d = deadline();
        if (ended || d.isEmpty()) {
            return;
        }
        long at = d.getAsLong();
        if (armed && armedFor - at <= 0) {
            return;
        }
        armed = true;
        armedFor = at;
        int gen = ++timerGeneration;
        env.later(Math.max(0, at - env.now()), () -> fire(gen));
    }

    private void fire(int gen) {
        if (gen != timerGeneration) {
            return; // superseded or cancelled
        }
        armed = false;
        if (ended) {
            return;
        }
        OptionalLong d = deadline();
        if (d.isPresent() && env.now() - d.getAsLong() >= 0) {
            run(onDeadline(env.now()));
        }
        arm();
    }

    private void execute(Action a) {
        if (a instanceof Action.PersistAccepted p) {
            persist(env.disk().persistAccepted(p.epoch()), "acceptedEpoch=" + p.epoch(),
                    () -> onAcceptedPersisted(p.epoch(), env.now()));
        } else if (a instanceof Action.PersistCurrent p) {
            persist(env.disk().persistCurrent(p.epoch()), "currentEpoch=" + p.epoch(),
                    () -> onCurrentPersisted(p.epoch(), env.now()));
        } else if (a instanceof Action.Send s) {
            send(s.sid(), s.message());
        } else if (a instanceof Action.Close c) {
            close(c.sid(), c.reason());
        } else if (a instanceof Action.Established e) {
            listener.onEstablished(e.epoch());
        } else if (a instanceof Action.Abandon ab) {
            end(ab.reason());
        }
    }

    /** {@code EpochWrites.persist}: the outcome goes back to the session on the loop, in a later task. */
    private void persist(CompletableFuture<Void> write, String what, Supplier<List<Action>> then) {
        write.whenComplete((v, err) -> env.later(0, () -> run(err != null
                ? onPersistFailed(what + ": " + EpochPersistence.failureMessage(err)) : then.get())));
    }
}
