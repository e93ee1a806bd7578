package dev.ballot.server.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-in measurement ({@code -Dballot.figures=true}, rounds with {@code -Dballot.figures.rounds}):
 * time from {@code kill -9} of the leader to a new established leader in 3- and 5-peer process
 * ensembles, and steady-state threads and RSS per process. Prints the figures; asserts only that
 * each round produced a new leader.
 */
@EnabledIfSystemProperty(named = "ballot.figures", matches = "true")
@Tag("process")
class ReelectionFiguresIT {
    private static final Duration TICK = Duration.ofMillis(2000);

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
    void threePeers() throws Exception {
        measure(3);
    }

    @Test
    void fivePeers() throws Exception {
        measure(5);
    }

    private void measure(int n) throws Exception {
        int rounds = Integer.getInteger("ballot.figures.rounds", 7);
        ensemble = new ProcessEnsemble(dir, n, TICK, 10, 5);
        List<Long> all = new ArrayList<>();
        for (long s = 1; s <= n; s++) {
            all.add(s);
        }
        ensemble.startAll();
        ProcessEnsemble.Established e = ensemble.awaitEstablished(all, x -> true);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long leader = e.leader();
            long token = e.token();
            long t0 = System.nanoTime();
            ensemble.kill9(leader);
            List<Long> rest = all.stream().filter(s -> s != leader).collect(Collectors.toList());
            ProcessEnsemble.Established next = ensemble.awaitEstablished(rest, x -> x.token() > token);
            millis.add((System.nanoTime() - t0) / 1_000_000);
            assertTrue(next.leader() != leader);
            ensemble.start(leader);
            e = ensemble.awaitEstablished(all, x -> x.token() == next.token());
        }
        System.out.printf("FIGURES %d peers, steady state after the rounds (threads / RSS per process): %s%n", n,
                processFigures());
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("FIGURES %d peers, kill -9 of the leader -> new established leader (ms): %s; median %d, max %d%n",
                n, millis, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }

    /** "pid: threads, RSS" of every running peer, from /proc. */
    private String processFigures() throws IOException {
        List<String> out = new ArrayList<>();
        for (Process p : ensemble.running().values()) {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"));
            String threads = status.stream().filter(l -> l.startsWith("Threads:")).findFirst().orElse("?").split("\\s+")[1];
            String rss = status.stream().filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("? ?").split("\\s+")[1];
            out.add(threads + " threads / " + (Long.parseLong(rss) / 1024) + " MiB");
        }
        return String.join(", ", out);
    }
}
