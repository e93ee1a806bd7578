package dev.ballot.leadership.sim;

import dev.ballot.core.LearnerType;
import dev.ballot.leadership.quorum.Action;
import dev.ballot.leadership.quorum.Backoff;
import dev.ballot.leadership.quorum.FollowerSession;
import dev.ballot.leadership.quorum.QuorumMessage;
import dev.ballot.leadership.quorum.RoleListener;

import java.util.List;
import java.util.OptionalLong;

/**
 * {@code FollowerRole} on the simulated wire: the real {@link FollowerSession}; dials the leader with the
 * dialer's timeout of {@code initLimit * tickTime}, retried with {@link Backoff#DIAL} while the session says so;
 * a connection that closes while connecting (after NotLeading) is a failed attempt, retried; frames and the
 * close fed to the session.
 */
final class SimFollower extends SimRole {
    private final FollowerSession session;
    private QuorumWire.Conn conn;   // the current connection attempt's connection, once connected
    private int dialFailures;       // consecutive failed connection attempts

    SimFollower(RoleEnv env, RoleListener listener, long leaderSid, LearnerType type) {
        super(env, listener);
        this.session = new FollowerSession(env.sid(), leaderSid, type, env.disk().read(), env.initTimeout(),
                env.syncTimeout(), env.now());
    }

    FollowerSession session() {
        return session;
    }

    long leaderSid() {
        return session.leaderSid();
    }

    void start() {
        startTicking(() -> session.onTick(env.now()));
        arm();
        connect();
    }

    private void connect() {
        conn = null;
        env.wire().dial(env.sid(), session.leaderSid(), env.initTimeout().toMillis(), c -> {
            if (!env.running().getAsBoolean()) {
                return;
            }
            if (ended()) {
                env.wire().close(c, env.sid());
                return;
            }
            conn = c;
            run(session.onConnected(env.now()));
        }, why -> {
            if (env.running().getAsBoolean()) {
                connectFailed(why);
            }
        });
    }

    private void connectFailed(String why) {
        long now = env.now();
        if (session.shouldRetryConnect(now)) {
            long delay = Backoff.DIAL.delayNanos(++dialFailures, env.random().nextDouble());
            env.later(delay, () -> {
                if (!ended()) {
                    connect();
                }
            });
        }
        run(session.onDisconnected(why, now));
    }

    /** A frame from the leader. */
    void onMessage(QuorumWire.Conn c, QuorumMessage msg) {
        run(session.onMessage(msg, env.now()));
    }

    /** {@code c} closed: {@code FollowerRole}'s channelInactive. */
    void onClosed(QuorumWire.Conn c) {
        if (c == conn && !ended()) {
            if (session.phase() == FollowerSession.Phase.CONNECTING) {
                connectFailed("leader not ready");
            } else {
                run(session.onDisconnected("connection closed", env.now()));
            }
        }
    }

    @Override
    OptionalLong deadline() {
        return session.deadline();
    }

    @Override
    List<Action> onDeadline(long now) {
        return session.onDeadline(now);
    }

    @Override
    List<Action> onTick(long now) {
        return session.onTick(now);
    }

    @Override
    List<Action> onAcceptedPersisted(long epoch, long now) {
        return session.onAcceptedPersisted(epoch, now);
    }

    @Override
    List<Action> onCurrentPersisted(long epoch, long now) {
        return session.onCurrentPersisted(epoch, now);
    }

    @Override
    List<Action> onPersistFailed(String what) {
        return session.onPersistFailed(what);
    }

    @Override
    void send(long sid, QuorumMessage message) {
        if (conn != null && conn.openAt(env.sid())) {
            env.wire().send(conn, env.sid(), message);
        }
    }

    /** Closing our end fires our own channelInactive in a later task, as Netty does. */
    @Override
    void close(long sid, String reason) {
        QuorumWire.Conn c = conn;
        if (c != null) {
            env.wire().close(c, env.sid());
            env.later(0, () -> onClosed(c));
        }
    }

    @Override
    void onEnd(String reason) {
        // the silent-leader report (a ZooKeeper leader) has no counterpart here
    }
}
