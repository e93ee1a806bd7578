package dev.ballot.server.process;

import dev.ballot.leadership.PeerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 3-peer ensemble of real JVMs: failover, rejoin, follower loss, majority loss, recovery, a frozen leader. */
@Tag("process")
class ThreePeerEnsembleIT {
    @TempDir
    Path dir;
    private ProcessEnsemble ensemble;

    @AfterEach
    void stopAll() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private static List<Long> others(List<Long> sids, long... without) {
        return sids.stream().filter(s -> LongStream.of(without).noneMatch(w -> w == s)).collect(Collectors.toList());
    }

    @Test
    void failoverRejoinFollowerLossMajorityLossRecoveryAndFrozenLeader() throws Exception {
        ensemble = new ProcessEnsemble(dir, 3, Duration.ofMillis(300), 10, 10);
        List<Long> all = List.of(1L, 2L, 3L);
        ensemble.startAll();
        ProcessEnsemble.Established first = ensemble.awaitEstablished(all, e -> true);
        assertEquals(1, first.statuses().values().stream().filter(s -> s.state().equals("LEADING")).count());
        for (long sid : all) {
            assertEquals(200, ensemble.health(sid), "peer " + sid + " healthy");
        }

        // kill -9 of the leader: a new established leader with a greater token
        ensemble.kill9(first.leader());
        List<Long> survivors = others(all, first.leader());
        ProcessEnsemble.Established second = ensemble.awaitEstablished(survivors, e -> e.token() > first.token());
        assertTrue(second.leader() != first.leader());

        // the old leader restarts and rejoins as a follower, without a new election
        long decidedBefore = second.statuses().get(second.leader()).elections().decided();
        ensemble.start(first.leader());
        ProcessEnsemble.Established third = ensemble.awaitEstablished(all, e -> true);
        assertEquals(second.leader(), third.leader());
        assertEquals(second.token(), third.token());
        assertEquals("FOLLOWING", third.statuses().get(first.leader()).state());
        assertEquals(decidedBefore, third.statuses().get(third.leader()).elections().decided(),
                "the leader did not elect again");

        // killing one follower changes nothing
        long follower = others(all, third.leader()).get(0);
        ensemble.kill9(follower);
        List<Long> rest = others(all, follower);
        ProcessEnsemble.Established fourth = ensemble.awaitEstablished(rest, e -> true);
        assertEquals(third.leader(), fourth.leader());
        assertEquals(third.token(), fourth.token());
        assertEquals(decidedBefore, fourth.statuses().get(fourth.leader()).elections().decided());

        // killing a majority (the other follower too): the leader falls back to LOOKING, /health 503
        long second2 = others(rest, fourth.leader()).get(0);
        ensemble.kill9(second2);
        long lone = fourth.leader();
        ensemble.awaitPeer(lone, s -> s.map(p -> p.state().equals("LOOKING") && !p.established()).orElse(false),
                "LOOKING after losing its quorum");
        assertEquals(503, ensemble.health(lone));

        // restoring the majority elects again, under a greater token
        ensemble.start(follower);
        ensemble.start(second2);
        ProcessEnsemble.Established fifth = ensemble.awaitEstablished(all, e -> e.token() > fourth.token());
        for (long sid : all) {
            PeerStatus s = fifth.statuses().get(sid);
            assertEquals(fifth.token(), s.currentEpoch(), "peer " + sid + " persisted the token as current epoch");
            assertEquals(200, ensemble.health(sid));
        }

        // a frozen leader (SIGSTOP): its followers hear nothing for syncLimit*tickTime and elect another;
        // thawed (SIGCONT), the old leader has lost its quorum, steps down and follows the new one
        ensemble.signal(fifth.leader(), "STOP");
        List<Long> awake = others(all, fifth.leader());
        ProcessEnsemble.Established sixth = ensemble.awaitEstablished(awake, e -> e.token() > fifth.token());
        ensemble.signal(fifth.leader(), "CONT");
        ProcessEnsemble.Established seventh = ensemble.awaitEstablished(all, e -> e.token() == sixth.token());
        assertEquals(sixth.leader(), seventh.leader());
        assertEquals("FOLLOWING", seventh.statuses().get(fifth.leader()).state());
    }
}
