package dev.ballot.bench.cell;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Which ensembles a cell runs, with an ensemble that decides at once for its largest running sid. */
class ScenarioRunnerTest {

    /** Peers of every ensemble the runner created, in order. */
    private final List<Integer> sizes = new ArrayList<>();

    private CellResult run(int voters, int warmups, int reps) {
        CellSpec spec = new CellSpec("fake", CellSpec.Scenario.ELECTION, voters, 0, 0, warmups, reps,
                Duration.ofSeconds(10), 1);
        return new ScenarioRunner(spec, layout -> {
            sizes.add(layout.peers().size());
            return new InstantEnsemble();
        }).run();
    }

    @Test
    void cellWithoutWarmUps_firstWarmsTheJvmWithASmallEnsemble() {
        CellResult r = run(25, 0, 1);
        assertEquals("ok", r.status());
        assertEquals(List.of(ScenarioRunner.JVM_WARMUP_VOTERS, 25), sizes);
        assertEquals(1, r.latencies("cold").size(), "the JVM warm-up is not recorded");
    }

    @Test
    void cellWithWarmUps_runsOnlyEnsemblesOfItsSize() {
        CellResult r = run(9, 1, 2);
        assertEquals(List.of(9, 9, 9), sizes);
        assertEquals(2, r.latencies("cold").size());
    }

    @Test
    void peersStartInAPermutationDrawnFromTheCellSeed() {
        List<Long> sids = new ArrayList<>();
        for (long sid = 1; sid <= 25; sid++) {
            sids.add(sid);
        }
        List<Long> order = runner(1).startOrder(sids);
        assertEquals(new TreeSet<>(sids), new TreeSet<>(order), "every peer starts once");
        assertNotEquals(sids, order, "not in sid order");
        assertEquals(order, runner(1).startOrder(sids), "the same seed, the same order (both systems of a group)");
        assertNotEquals(order, runner(2).startOrder(sids));
    }

    @Test
    void anEnsembleWhosePortWasTakenRunsAgainOnOtherPorts() {
        int[] failures = {1};
        CellSpec spec = new CellSpec("fake", CellSpec.Scenario.ELECTION, 3, 0, 0, 0, 2, Duration.ofSeconds(10), 1);
        CellResult r = new ScenarioRunner(spec, layout -> {
            sizes.add(layout.peers().size());
            return failures[0]-- > 0 ? new InstantEnsemble(new java.util.concurrent.CompletionException(
                    new java.net.BindException("Address already in use"))) : new InstantEnsemble();
        }).run();
        assertEquals("ok", r.status());
        assertEquals(2, r.latencies("cold").size(), "both recorded ensembles ran");
        assertEquals(List.of(3, 3, 3, 3), sizes, "the JVM warm-up (3 voters here) ran twice: its ports were taken");
    }

    @Test
    void aTakenPortIsRecognisedAsNettysNativeTransportReportsIt() {
        // what the committed run's loss cell failed with: the transport's IOException around Netty's native error
        assertTrue(ScenarioRunner.causedByBind(new java.util.concurrent.CompletionException(new java.io.IOException(
                "cannot bind 127.0.0.1:39529: bind(..) failed with error(-98): Address already in use"))));
        assertFalse(ScenarioRunner.causedByBind(new IllegalStateException("cold: 0 of 51 peers decided")));
    }

    @Test
    void anotherFailureOfAnEnsembleIsNotRetried() {
        CellSpec spec = new CellSpec("fake", CellSpec.Scenario.ELECTION, 3, 0, 0, 1, 1, Duration.ofSeconds(10), 1);
        CellResult r = new ScenarioRunner(spec, layout -> {
            sizes.add(layout.peers().size());
            return new InstantEnsemble(new IllegalStateException("broken"));
        }).run();
        assertEquals("error", r.status());
        assertEquals(List.of(3), sizes);
    }

    @Test
    void aSplitDecisionIsSettledByTheMinorityLookingAgain() {
        // sid 1 first decides to lead itself (a transient quorum), the rest decide on 3, as FLE allows
        CellSpec spec = new CellSpec("fake", CellSpec.Scenario.ELECTION, 3, 0, 0, 0, 1, Duration.ofSeconds(10), 1);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        CellResult r = new ScenarioRunner(spec, layout -> new InstantEnsemble() {
            @Override
            public CompletableFuture<Long> lookForLeader(long sid) {
                if (sid == 1) {
                    return CompletableFuture.completedFuture(looks.getAndIncrement() == 0 ? 1L : super.lookForLeader(sid).join());
                }
                return super.lookForLeader(sid);
            }
        }).run();
        assertEquals("ok", r.status(), r.detail());
        assertTrue(r.detail().startsWith("1 split decision"), r.detail());
        assertEquals(1, r.latencies("cold").size());
    }

    @Test
    void aSplitWithoutAMajorityOfTheVotersFailsThePhase() {
        CellSpec spec = new CellSpec("fake", CellSpec.Scenario.ELECTION, 4, 0, 0, 0, 1, Duration.ofSeconds(10), 1);
        CellResult r = new ScenarioRunner(spec, layout -> new InstantEnsemble() {
            @Override
            public CompletableFuture<Long> lookForLeader(long sid) {
                return CompletableFuture.completedFuture(sid <= 2 ? 1L : 4L); // 2 and 2 of 4 voters
            }
        }).run();
        assertEquals("error", r.status());
        assertTrue(r.detail().contains("none by a majority of the voters"), r.detail());
    }

    private static ScenarioRunner runner(long seed) {
        return new ScenarioRunner(new CellSpec("fake", CellSpec.Scenario.ELECTION, 25, 0, 0, 0, 1,
                Duration.ofSeconds(10), seed), layout -> new InstantEnsemble());
    }

    /** Decides at once: the leader is the largest started sid not stopped. */
    private static class InstantEnsemble implements Ensemble {
        private final TreeSet<Long> running = new TreeSet<>();
        /** Thrown by {@link #start}, or null. */
        private final RuntimeException startFailure;

        InstantEnsemble() {
            this(null);
        }

        InstantEnsemble(RuntimeException startFailure) {
            this.startFailure = startFailure;
        }

        @Override
        public void start(long sid) {
            if (startFailure != null) {
                throw startFailure;
            }
            running.add(sid);
        }

        @Override
        public CompletableFuture<Long> lookForLeader(long sid) {
            return CompletableFuture.completedFuture(running.last());
        }

        @Override
        public void stop(long sid) {
            running.remove(sid);
        }

        @Override
        public void recreate(long sid) {
        }

        @Override
        public long notificationsSent() {
            return 0;
        }

        @Override
        public long notificationsReceived() {
            return 0;
        }

        @Override
        public void close() {
            running.clear();
        }
    }
}
