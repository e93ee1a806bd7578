package dev.ballot.server.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 5-peer ensemble of real JVMs: SIGTERM of the leader re-elects without waiting for syncLimit; kill -9 too. */
@Tag("process")
class FivePeerEnsembleIT {
    private static final Duration TICK = Duration.ofMillis(500);
    private static final int SYNC_LIMIT = 10; // 5 s of silence before a follower gives up on its own

    @TempDir
    Path dir;
    private ProcessEnsemble ensemble;

    @AfterEach
    void stopAll() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void sigtermOfTheLeader_reelectsFasterThanSyncLimit_andKill9ReelectsWithAGreaterToken() throws Exception {
        ensemble = new ProcessEnsemble(dir, 5, TICK, 10, SYNC_LIMIT);
        List<Long> all = List.of(1L, 2L, 3L, 4L, 5L);
        ensemble.startAll();
        ProcessEnsemble.Established first = ensemble.awaitEstablished(all, e -> true);

        long t0 = System.nanoTime();
        Process leader = ensemble.term(first.leader());
        List<Long> rest = all.stream().filter(s -> s != first.leader()).collect(Collectors.toList());
        ProcessEnsemble.Established second = ensemble.awaitEstablished(rest, e -> e.token() > first.token());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(TICK.multipliedBy(SYNC_LIMIT)) < 0,
                () -> "re-election after SIGTERM took " + took + ", not less than syncLimit*tickTime\n" + ensemble.logs());
        assertTrue(leader.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(143, leader.exitValue(), "SIGTERM exit");
        assertNotEquals(first.leader(), second.leader());

        ensemble.kill9(second.leader());
        List<Long> three = rest.stream().filter(s -> s != second.leader()).collect(Collectors.toList());
        ProcessEnsemble.Established third = ensemble.awaitEstablished(three, e -> e.token() > second.token());
        assertTrue(three.contains(third.leader()));
    }
}
