package dev.ballot.election.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.PeerState;
import dev.ballot.core.Zxid;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.sim.Quorums;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision rule end to end over real sockets: when the leader's process goes away its connections close,
 * the transport reports them down, and the survivors decide without the finalize wait. The wait here is 20 s,
 * so a decision within 10 s can only come from the rule (no speed is measured).
 */
class NettyReElectionTest {
    private static final Duration LONG_FINALIZE_WAIT = Duration.ofSeconds(20);

    @Test
    void leaderGone_survivorsDecideWithoutTheFinalizeWait() {
        try (NettyEnsemble ensemble = new NettyEnsemble(Quorums.majority(3))) {
            List<Long> all = List.of(1L, 2L, 3L);
            for (long sid : all) {
                ensemble.startWithoutLooking(sid, 1, Zxid.make(1, sid),
                        ensemble.config(sid).finalizeWait(LONG_FINALIZE_WAIT));
            }
            ensemble.awaitConnected(all, all);
            ensemble.lookTogether(all);
            ensemble.awaitDecided(all);
            assertEquals(PeerState.LEADING, ensemble.state(3), "the best vote leads");

            ensemble.stop(3); // its connections close: 1 and 2 are told the link is down
            ensemble.lookTogether(List.of(1L, 2L));
            ensemble.awaitDecided(List.of(1L, 2L));
            for (long sid : List.of(1L, 2L)) {
                ElectionResult r = ensemble.election(sid).stats().lastResult().orElseThrow();
                assertEquals(2, r.leader(), "the best surviving vote");
                assertEquals(2, r.round());
                assertTrue(r.duration().compareTo(LONG_FINALIZE_WAIT.dividedBy(2)) < 0,
                        "peer " + sid + " decided without the " + LONG_FINALIZE_WAIT + " finalize wait: " + r);
            }
        }
    }
}
