package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearnerConnectionsTest {
    private final List<String> io = new ArrayList<>();
    private final LearnerConnections<String> conns = new LearnerConnections<>();
    private final LearnerConnections.Io<String> record = new LearnerConnections.Io<>() {
        @Override
        public void notLeading(String conn) {
            io.add("not leading " + conn);
        }

        @Override
        public void refuse(String conn, QuorumMessage.Hello hello, String reason, boolean steppingDown) {
            io.add("refuse " + conn + (steppingDown ? " and step down" : ""));
        }

        @Override
        public void replaced(long sid, String old, String conn) {
            io.add("close " + old);
        }
    };

    private static LeaderSession established() {
        LeaderSession s = new LeaderSession(1, Ensembles.majority(3, 0), new EpochState(0, 0, 0), new EpochFloor(),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 0);
        s.onHello(hello(2, 0, 0), 0);
        s.onAcceptedPersisted(1, 0);
        s.onAck(2, 1, 0);
        s.onCurrentPersisted(1, 0);
        return s;
    }

    private static QuorumMessage.Hello hello(long sid, long accepted, long zxid) {
        return new QuorumMessage.Hello(sid, LearnerType.PARTICIPANT, accepted, zxid >>> 32, zxid);
    }

    @Test
    void aRefusedHello_neverTouchesTheLearnersCurrentConnection_anAdmittedOneReplacesIt() {
        LeaderSession s = established();
        assertEquals(List.of(new Action.Send(2, new QuorumMessage.NewEpoch(1))), conns.hello("a", hello(2, 1, 1L << 32), s, false, 1, record));
        assertEquals(List.of(), conns.hello("b", hello(2, 1, (1L << 32) + 5), s, false, 2, record), "zxid ahead: refused");
        assertEquals("a", conns.get(2), "the healthy connection stays");
        conns.hello("c", hello(2, 1, 1L << 32), s, false, 3, record);
        assertEquals(List.of("refuse b", "close a"), io);
        assertTrue(conns.current(2, "c"));
        assertTrue(!conns.removeIfCurrent(2, "a") && conns.removeIfCurrent(2, "c"), "only the current one is forgotten");
    }

    @Test
    void aLearnerBeyondTheEpoch_isRefusedAndTheLeaderStepsDown_anEndedRoleAnswersNotLeading() {
        LeaderSession s = established();
        List<Action> out = conns.hello("x", hello(3, 4, 0), s, false, 1, record);
        assertTrue(out.get(out.size() - 1) instanceof Action.Abandon, out.toString());
        assertEquals(List.of(), conns.hello("y", hello(3, 0, 0), s, true, 2, record));
        assertEquals(List.of("refuse x and step down", "not leading y"), io);
        assertEquals(null, conns.get(3));
    }
}
