package dev.ballot.leadership.quorum;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A leader role's learner connections by sid, and the order in which a HELLO is taken: a role that ended answers
 * NotLeading; a refused HELLO is answered (and may make the leader step down, {@link LeaderSession#onRefused})
 * before it touches the learner's current connection, so a forged or stale HELLO never tears down a healthy one; an
 * admitted HELLO replaces that connection, which is closed, and goes to the session. {@link LeaderRole} runs it over
 * Netty channels, the whole-peer simulator over its simulated connections, so both take HELLOs in the same order.
 *
 * <p>Not thread-safe: the role's loop only.
 *
 * @param <C> a connection
 */
public final class LearnerConnections<C> {

    /** The role's side: answers and closes on its kind of connection. */
    public interface Io<C> {
        /** Answer NotLeading on {@code conn} and close it. */
        void notLeading(C conn);

        /** Answer REJECT with {@code reason} on {@code conn} and close it; {@code steppingDown}: the leader steps down for it. */
        void refuse(C conn, QuorumMessage.Hello hello, String reason, boolean steppingDown);

        /** {@code sid} said HELLO again on {@code conn}: close its previous connection {@code old}. */
        void replaced(long sid, C old, C conn);

        /** {@code conn} is now {@code sid}'s connection. */
        default void admitted(long sid, C conn) {
        }
    }

    private final Map<Long, C> bySid = new TreeMap<>(); // sorted: the simulator's runs stay deterministic

    /**
     * A learner said HELLO on {@code conn}.
     *
     * @param ended whether the role already ended
     * @return the session's actions to run (a step-down for a refused learner, or the admitted learner's)
     */
    public List<Action> hello(C conn, QuorumMessage.Hello hello, LeaderSession session, boolean ended, long now, Io<C> io) {
        if (ended) {
            io.notLeading(conn);
            return List.of();
        }
        String refusal = session.refusal(hello);
        if (refusal != null) {
            List<Action> stepDown = session.onRefused(hello);
            io.refuse(conn, hello, refusal, !stepDown.isEmpty());
            return stepDown;
        }
        C old = bySid.put(hello.sid(), conn);
        if (old != null && old != conn) {
            io.replaced(hello.sid(), old, conn);
        }
        io.admitted(hello.sid(), conn);
        return session.onHello(hello, now);
    }

    /** {@code sid}'s current connection, or null. */
    public C get(long sid) {
        return bySid.get(sid);
    }

    /** Whether {@code conn} is {@code sid}'s current connection (not one a later HELLO superseded). */
    public boolean current(long sid, C conn) {
        return conn != null && bySid.get(sid) == conn;
    }

    /** Forgets {@code sid}'s connection. @return it, or null */
    public C remove(long sid) {
        return bySid.remove(sid);
    }

    /** Forgets {@code conn} if it is {@code sid}'s current connection. @return whether it was */
    public boolean removeIfCurrent(long sid, C conn) {
        if (!current(sid, conn)) {
            return false;
        }
        bySid.remove(sid);
        return true;
    }

    /** The role ended: closes and forgets every connection. */
    public void closeAll(Consumer<C> close) {
        bySid.values().forEach(close);
        bySid.clear();
    }
}
