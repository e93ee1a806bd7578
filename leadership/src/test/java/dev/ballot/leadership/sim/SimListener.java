package dev.ballot.leadership.sim;

import dev.ballot.core.config.QuorumServer;
import dev.ballot.leadership.quorum.QuorumMessage;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code QuorumListener} on the simulated wire, bound for the process's whole life: each inbound connection
 * must say a valid HELLO within {@code initLimit * tickTime}; then it goes to the current leader role, or is
 * answered NotLeading and closed when there is none. Not thread-safe.
 */
final class SimListener {
    private final RoleEnv env;
    private final Supplier<SimLeader> leader;
    private final Map<Long, SimLeader> handedTo = new HashMap<>(); // connection id -> the role that took it

    SimListener(RoleEnv env, Supplier<SimLeader> leader) {
        this.env = env;
        this.leader = leader;
    }

    /** Sends {@code answer} and closes our end of {@code conn}. */
    static void answerAndClose(RoleEnv env, QuorumWire.Conn conn, QuorumMessage answer) {
        env.wire().send(conn, env.sid(), answer);
        env.wire().close(conn, env.sid());
    }

    void accepted(QuorumWire.Conn conn) {
        env.later(env.initTimeout().toNanos(), () -> {
            if (!handedTo.containsKey(conn.id) && conn.openAt(env.sid())) {
                env.wire().close(conn, env.sid()); // no HELLO within initLimit*tickTime
            }
        });
    }

    void deliver(QuorumWire.Conn conn, QuorumMessage msg) {
        SimLeader role = handedTo.get(conn.id);
        if (role != null) {
            role.onMessage(conn, msg);
            return;
        }
        if (!(msg instanceof QuorumMessage.Hello hello)) {
            env.wire().close(conn, env.sid());
            return;
        }
        String problem = check(hello, conn);
        if (problem != null) {
            answerAndClose(env, conn, new QuorumMessage.Reject(problem));
            return;
        }
        SimLeader l = leader.get();
        if (l == null) {
            answerAndClose(env, conn, new QuorumMessage.NotLeading(env.sid()));
            return;
        }
        handedTo.put(conn.id, l);
        l.accept(conn, hello);
    }

    void closed(QuorumWire.Conn conn) {
        SimLeader role = handedTo.remove(conn.id);
        if (role != null) {
            role.onClosed(conn);
        }
    }

    private String check(QuorumMessage.Hello hello, QuorumWire.Conn conn) {
        QuorumServer member = env.quorum().allMembers().get(hello.sid());
        if (member == null || hello.sid() == env.sid() || member.type() != hello.type() || hello.sid() != conn.learner) {
            return "sid " + hello.sid() + " is not a learner this peer accepts";
        }
        return null;
    }
}
