package dev.ballot.server.exec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command under {@link ExecSupervisor}, driven by acquired/lost as the leadership API calls them. */
class ExecSupervisorTest {
    @TempDir
    Path dir;
    private final AtomicInteger resigned = new AtomicInteger();
    private ExecSupervisor supervisor;

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    /** A child that records "token pid" and the pid of a grandchild, then sleeps (or exits with {@code exit}). */
    private String command(String tail) {
        Path runs = dir.resolve("runs");
        return "echo \"$BALLOT_FENCING_TOKEN $$ $BALLOT_LEADER_SID $BALLOT_MY_SID $BALLOT_ADMIN_URL\" >> " + runs
                + "; sleep 300 & echo $! >> " + dir.resolve("grandchildren") + "; " + tail;
    }

    private void start(String command, ExitPolicy policy) {
        supervisor = new ExecSupervisor(1, new ExecSupervisor.Settings(command, Duration.ofSeconds(2), policy),
                Optional.of("http://127.0.0.1:8080"), () -> {
                    resigned.incrementAndGet();
                    return CompletableFuture.completedFuture(true);
                });
    }

    private List<String> runs() throws IOException {
        Path f = dir.resolve("runs");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private long pidOfRun(int i) throws IOException {
        return Long.parseLong(runs().get(i).split(" ")[1]);
    }

    private List<Long> grandchildren() throws IOException {
        Path f = dir.resolve("grandchildren");
        return Files.exists(f) ? Files.readAllLines(f).stream().map(Long::parseLong).toList() : List.of();
    }

    static boolean alive(long pid) {
        try { // a zombie (exited, not yet reaped by its new parent) counts as gone
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    static void await(BooleanSupplier check, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + within);
            }
            Thread.sleep(20); // polling interval; the deadline decides
        }
    }

    private BooleanSupplier runsReach(int n) {
        return () -> {
            try {
                return runs().size() >= n;
            } catch (IOException e) {
                return false;
            }
        };
    }

    @Test
    void runsOnlyWhileLeading_withTheToken_andStopsTheWholeGroupOnLoss_thenRestartsWithTheNewToken() throws Exception {
        start(command("sleep 300"), ExitPolicy.RESTART);
        assertTrue(runs().isEmpty(), "nothing before leadership");
        supervisor.acquired(5);
        await(runsReach(1), Duration.ofSeconds(10), "the command started");
        assertEquals("5", runs().get(0).split(" ")[0], "BALLOT_FENCING_TOKEN");
        assertEquals("1 1 http://127.0.0.1:8080", runs().get(0).substring(runs().get(0).indexOf(' ', 2) + 1),
                "BALLOT_LEADER_SID, BALLOT_MY_SID, BALLOT_ADMIN_URL");
        long first = pidOfRun(0);
        await(() -> {
            try {
                return grandchildren().size() == 1;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(10), "the grandchild recorded");
        long grandchild = grandchildren().get(0);
        assertTrue(alive(first) && alive(grandchild));

        supervisor.lost("lost the quorum");
        await(() -> !alive(first) && !alive(grandchild), Duration.ofSeconds(5), "child and grandchild gone");

        supervisor.acquired(7);
        await(runsReach(2), Duration.ofSeconds(10), "started again");
        assertEquals("7", runs().get(1).split(" ")[0], "the new token");
    }

    @Test
    void aChildThatIgnoresSigterm_isKilledAfterTheGrace() throws Exception {
        start("trap '' TERM; " + command("while :; do sleep 1; done"), ExitPolicy.RESTART);
        supervisor.acquired(3);
        await(runsReach(1), Duration.ofSeconds(10), "started");
        long pid = pidOfRun(0);
        long stopAt = System.nanoTime();
        supervisor.lost("lost");
        Thread.sleep(1000); // inside the 2 s grace: SIGTERM is ignored, so it must still run
        assertTrue(alive(pid), "still running inside the grace period");
        await(() -> !alive(pid), Duration.ofSeconds(6), "killed after the grace");
        assertTrue(System.nanoTime() - stopAt >= Duration.ofMillis(1900).toNanos());
    }

    @Test
    void exitPolicyRestart_startsItAgainAfterABackoff() throws Exception {
        start(command("exit 3"), ExitPolicy.RESTART);
        supervisor.acquired(3);
        await(runsReach(2), Duration.ofSeconds(10), "restarted after exiting");
        assertEquals(0, resigned.get());
    }

    @Test
    void exitPolicyStay_keepsLeadingWithoutIt_untilLeadershipIsNextAcquired() throws Exception {
        start(command("exit 0"), ExitPolicy.STAY);
        supervisor.acquired(3);
        await(runsReach(1), Duration.ofSeconds(10), "started");
        Thread.sleep(2500); // longer than the first restart back-off (1 s +- 20 %): a restart would show by now
        assertEquals(1, runs().size(), "not restarted");
        supervisor.lost("lost");
        supervisor.acquired(4);
        await(runsReach(2), Duration.ofSeconds(10), "started with the next leadership");
    }

    @Test
    void exitPolicyResign_resigns() throws Exception {
        start(command("exit 1"), ExitPolicy.RESIGN);
        supervisor.acquired(3);
        await(() -> resigned.get() == 1, Duration.ofSeconds(10), "resigned");
        assertFalse(runs().size() > 1, "not restarted");
    }

    @Test
    void close_stopsARunningCommand() throws Exception {
        start(command("sleep 300"), ExitPolicy.RESTART);
        supervisor.acquired(3);
        await(runsReach(1), Duration.ofSeconds(10), "started");
        long pid = pidOfRun(0);
        supervisor.close();
        supervisor = null;
        assertFalse(alive(pid), "gone once close() returned");
    }
}
