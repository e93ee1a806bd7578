package dev.ballot.leadership.sim;

import dev.ballot.core.LearnerType;
import dev.ballot.leadership.quorum.Action;
import dev.ballot.leadership.quorum.ActionRunner;
import dev.ballot.leadership.quorum.Backoff;
import dev.ballot.leadership.quorum.FollowerSession;
import dev.ballot.leadership.quorum.QuorumMessage;
import dev.ballot.leadership.quorum.RoleContext;
import dev.ballot.leadership.quorum.RoleListener;

import java.util.List;

/**
 * {@code FollowerRole} on the simulated wire: the real {@link FollowerSession} run by the production
 * {@link ActionRunner}; dials the leader with the
 * dialer's timeout of {@code initLimit * tickTime}, retried as the session says ({@code onDialFailed}: {@link Backoff#DIAL});
 * a connection that closes while connecting (after NotLeading) is a failed attempt, retried; frames and the
 * close fed to the session.
 */
final class SimFollower implements ActionRunner.Wire {
    private final RoleEnv env;
    private final FollowerSession session;
    private final ActionRunner runner;
    private QuorumWire.Conn conn;   // the current connection attempt's connection, once connected
    private boolean redialing;      // a second connection is being dialled (Action.Redial)
    private QuorumWire.Conn retired; // the connection a redial replaced, until the new one is heard

    SimFollower(RoleEnv env, RoleListener listener, long leaderSid, LearnerType type) {
        this.env = env;
        this.session = new FollowerSession(env.sid(), leaderSid, type, env.disk().read(), env.initTimeout(),
                env.syncTimeout(), env.now());
        this.runner = new ActionRunner(new SimScheduler(env), RoleContext.heartbeat(env.tickTime()), env.disk(), session,
                listener, session::deadline, () -> session.onDeadline(env.now()), this);
    }

    FollowerSession session() {
        return session;
    }

    long leaderSid() {
        return session.leaderSid();
    }

    void start() {
        runner.startTicking(() -> session.onTick(env.now()));
        runner.armDeadline();
        connect();
    }

    /** Ends the role from this side ({@code FollowerRole.leave}). */
    void leave(String reason) {
        run(session.leave(reason));
    }

    private void run(List<Action> actions) {
        runner.run(actions);
    }

    private void connect() {
        conn = null;
        env.wire().dial(env.sid(), session.leaderSid(), env.initTimeout().toMillis(), c -> {
            if (!env.running().getAsBoolean()) {
                return;
            }
            if (runner.ended()) {
                env.wire().close(c, env.sid());
                return;
            }
            conn = c;
            run(session.onConnected(env.now()));
        }, why -> {
            if (env.running().getAsBoolean()) {
                connectFailed(why, why.equals(QuorumWire.REFUSED));
            }
        });
    }

    /** {@code refused}: the leader's host is up and nothing listens (its process is down), as FollowerRole.refused. */
    private void connectFailed(String why, boolean refused) {
        run(session.onDialFailed(why, refused, env.now(), env.random()::nextDouble));
    }

    @Override
    public void dialAgain(long nanos) {
        env.later(nanos, () -> {
            if (!runner.ended()) {
                connect();
            }
        });
    }

    /** A frame from the leader; one on a connection a redial replaced is not the session's (FollowerRole). */
    void onMessage(QuorumWire.Conn c, QuorumMessage msg) {
        if (c != conn) {
            return;
        }
        if (retired != null) {
            env.wire().close(retired, env.sid());
            retired = null;
        }
        run(session.onMessage(msg, env.now()));
    }

    /**
     * {@code FollowerRole.redial}: a second connection to the same leader, dialled with half of syncLimit*tickTime as
     * its timeout; once up, it is the session's and Hello goes out on it; the old one is closed once the new one is
     * heard, or when the role ends.
     */
    @Override
    public void redial(long sid) {
        if (redialing || conn == null) {
            return;
        }
        redialing = true;
        env.wire().dial(env.sid(), session.leaderSid(), env.syncTimeout().toMillis() / 2, c -> {
            redialing = false;
            if (!env.running().getAsBoolean()) {
                return;
            }
            if (runner.ended() || session.phase() != FollowerSession.Phase.ESTABLISHED) {
                env.wire().close(c, env.sid());
                return;
            }
            retired = conn;
            conn = c;
            run(session.onRedialed());
        }, why -> redialing = false);
    }

    /** {@code c} closed: {@code FollowerRole}'s channelInactive. */
    void onClosed(QuorumWire.Conn c) {
        if (c == conn && !runner.ended()) {
            if (session.phase() == FollowerSession.Phase.CONNECTING) {
                connectFailed("leader not ready", false);
            } else {
                run(session.onDisconnected("connection closed", env.now()));
            }
        }
    }

    @Override
    public void send(long sid, QuorumMessage message) {
        if (conn != null && conn.openAt(env.sid())) {
            env.wire().send(conn, env.sid(), message);
        }
    }

    /** Closing our end fires our own channelInactive in a later task, as Netty does. */
    @Override
    public void close(long sid, String reason) {
        QuorumWire.Conn c = conn;
        if (c != null) {
            env.wire().close(c, env.sid());
            env.later(0, () -> onClosed(c));
        }
    }

    @Override
    public void onEnd(String reason) {
        if (retired != null) {
            env.wire().close(retired, env.sid());
        }
        // the silent-leader report (a ZooKeeper leader) has no counterpart here
    }
}
