package dev.ballot.server.process;

import dev.ballot.leadership.PeerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's first row: a follower restarted (kill -9, start) while its leader lives rejoins that leader under
 * the same fencing token after one election of its own, and the leader never elects again.
 */
@Tag("process")
class FollowerRestartIT {
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
    void followerKilledAndRestarted_rejoinsTheLiveLeaderUnderTheSameToken() throws Exception {
        ensemble = new ProcessEnsemble(dir, 3, Duration.ofMillis(300), 10, 5);
        List<Long> all = List.of(1L, 2L, 3L);
        ensemble.startAll();
        ProcessEnsemble.Established before = ensemble.awaitEstablished(all, e -> true);
        long follower = all.stream().filter(s -> s != before.leader()).findFirst().orElseThrow();
        long leaderDecided = before.statuses().get(before.leader()).elections().decided();

        for (int round = 1; round <= 2; round++) {
            ensemble.kill9(follower);
            ensemble.start(follower);
            ProcessEnsemble.Established after = ensemble.awaitEstablished(all, e -> true);
            assertEquals(before.leader(), after.leader(), "round " + round + ": the same leader");
            assertEquals(before.token(), after.token(), "round " + round + ": the same fencing token");
            PeerStatus restarted = after.statuses().get(follower);
            assertEquals("FOLLOWING", restarted.state());
            assertEquals(1, restarted.elections().decided(), "round " + round + ": one election on the restarted peer");
            assertTrue(restarted.elections().started() <= 1, "no election storm: " + restarted.elections());
            assertEquals(leaderDecided, after.statuses().get(after.leader()).elections().decided(),
                    "round " + round + ": the leader did not elect again");
        }
    }
}
