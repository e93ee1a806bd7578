package dev.ballot.leadership.sim;

import dev.ballot.leadership.quorum.Action;
import dev.ballot.leadership.quorum.ActionRunner;
import dev.ballot.leadership.quorum.EpochFloor;
import dev.ballot.leadership.quorum.EpochState;
import dev.ballot.leadership.quorum.LeaderSession;
import dev.ballot.leadership.quorum.LearnerConnections;
import dev.ballot.leadership.quorum.QuorumMessage;
import dev.ballot.leadership.quorum.RoleContext;
import dev.ballot.leadership.quorum.RoleListener;

import java.util.List;
import java.util.OptionalLong;

/**
 * {@code LeaderRole} on the simulated wire: the real {@link LeaderSession} run by the production
 * {@link ActionRunner}, learner connections handed over by the peer's listener once they said HELLO and taken in
 * {@code LeaderRole}'s order by the same {@link LearnerConnections} (refused before it touches the learner's current
 * connection, a learner beyond the epoch stepped down for, a reconnecting learner's previous connection closed),
 * frames and closes fed to the session.
 */
final class SimLeader implements ActionRunner.Wire {
    private final RoleEnv env;
    private final ActionRunner runner;
    private final LeaderSession session;
    private final LearnerConnections<QuorumWire.Conn> channels = new LearnerConnections<>();
    private final EpochState atStart;   // the epochs read when the role started (Mutation.STALE_EPOCHS)
    private long establishedAt = -1;    // the clock when established (Mutation.NO_STEP_DOWN freezes deadlines there)

    SimLeader(RoleEnv env, EpochFloor floor, RoleListener listener) {
        this.env = env;
        this.atStart = env.disk().read();
        this.session = new LeaderSession(env.sid(), env.quorum(), atStart, floor, env.initTimeout(), env.syncTimeout(),
                env.now());
        this.runner = new ActionRunner(new SimScheduler(env), RoleContext.heartbeat(env.tickTime()), env.disk(), session,
                listener, this::deadline, () -> session.onDeadline(deadlineClock()), this);
    }

    LeaderSession session() {
        return session;
    }

    void start() {
        runner.startTicking(() -> session.onTick(deadlineClock()));
        run(session.start());
    }

    private void run(List<Action> actions) {
        runner.run(actions);
    }

    /** {@code LeaderRole.accept}: a learner said HELLO on {@code conn}. */
    void accept(QuorumWire.Conn conn, QuorumMessage.Hello hello) {
        String bug = runner.ended() ? null : injectedRefusal(hello);
        if (bug != null) {
            SimListener.answerAndClose(env, conn, new QuorumMessage.Reject(bug));
            return;
        }
        run(channels.hello(conn, hello, session, runner.ended(), env.now(), io));
    }

    /** The refusal of an injected bug, or null: STALE_EPOCHS, or LEADS_ON_OVER_AHEAD (refuses without stepping down). */
    private String injectedRefusal(QuorumMessage.Hello hello) {
        String refusal = session.refusal(hello);
        if (refusal != null) {
            return env.has(SimSetup.Mutation.LEADS_ON_OVER_AHEAD) ? refusal : null;
        }
        if (env.has(SimSetup.Mutation.STALE_EPOCHS) && (hello.currentEpoch() > atStart.currentEpoch()
                || (hello.currentEpoch() == atStart.currentEpoch() && hello.lastZxid() > atStart.lastZxid()))) {
            return "learner " + hello.sid() + " is ahead of leader " + env.sid() + " (the role's starting epochs)";
        }
        return null;
    }

    /** How {@link LearnerConnections} answers and closes on the simulated wire. */
    private final LearnerConnections.Io<QuorumWire.Conn> io = new LearnerConnections.Io<>() {
        @Override
        public void notLeading(QuorumWire.Conn conn) {
            SimListener.answerAndClose(env, conn, new QuorumMessage.NotLeading(env.sid()));
        }

        @Override
        public void refuse(QuorumWire.Conn conn, QuorumMessage.Hello hello, String reason, boolean steppingDown) {
            SimListener.answerAndClose(env, conn, new QuorumMessage.Reject(reason));
        }

        @Override
        public void replaced(long sid, QuorumWire.Conn old, QuorumWire.Conn conn) {
            env.wire().close(old, env.sid());
        }
    };

    /** A frame from a learner that said HELLO on {@code conn}. */
    void onMessage(QuorumWire.Conn conn, QuorumMessage msg) {
        long sid = conn.learner;
        if (!channels.current(sid, conn)) {
            return; // superseded connection
        }
        if (msg instanceof QuorumMessage.AckEpoch ack) {
            run(session.onAck(sid, ack.epoch(), env.now()));
        } else if (msg instanceof QuorumMessage.Pong) {
            run(session.onPong(sid, env.now()));
        } else if (msg instanceof QuorumMessage.Ping) {
            return; // as LeaderRole: tolerated, refreshes nothing
        } else {
            env.wire().close(conn, env.sid());
            onClosed(conn);
        }
    }

    /** {@code conn} closed (the learner closed it, or this end did on an unexpected frame). */
    void onClosed(QuorumWire.Conn conn) {
        long sid = conn.learner;
        if (channels.removeIfCurrent(sid, conn)) {
            run(session.onDisconnected(sid, env.now()));
        }
    }

    private OptionalLong deadline() {
        if (env.has(SimSetup.Mutation.NO_STEP_DOWN) && session.phase() == LeaderSession.Phase.ESTABLISHED) {
            return OptionalLong.empty();
        }
        return session.deadline();
    }

    /** The time the session's deadline checks see: now, unless Mutation.NO_STEP_DOWN froze it at establishment. */
    private long deadlineClock() {
        if (!env.has(SimSetup.Mutation.NO_STEP_DOWN) || session.phase() != LeaderSession.Phase.ESTABLISHED) {
            return env.now();
        }
        if (establishedAt < 0) {
            establishedAt = env.now();
        }
        return establishedAt;
    }

    @Override
    public void send(long sid, QuorumMessage message) {
        QuorumWire.Conn c = channels.get(sid);
        if (c != null) {
            env.wire().send(c, env.sid(), message);
        }
    }

    @Override
    public void close(long sid, String reason) {
        QuorumWire.Conn c = channels.remove(sid);
        if (c != null) {
            env.wire().close(c, env.sid());
        }
    }

    @Override
    public void onEnd(String reason) {
        channels.closeAll(c -> env.wire().close(c, env.sid()));
    }
}
