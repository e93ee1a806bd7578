package dev.ballot.election.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulator over many seeds with faults and checks invariants (a)-(e) on
 * every run. {@code -Dballot.sim.seeds=N} changes the number of seeds (soak);
 * {@code -Dballot.sim.seed=S} replays one seed and prints its transcript.
 */
class SimulatorTest {
    private static final long SEEDS = Long.getLong("ballot.sim.seeds", 2000);

    @Test
    void seededRunsWithFaultsKeepEveryInvariant() {
        long start = System.nanoTime();
        long elections = 0;
        List<String> violations = new ArrayList<>();
        int[] sizes = new int[10];
        for (long seed = 1; seed <= SEEDS; seed++) {
            Simulation.Result r = new Simulation(seed, true, true).run();
            elections += r.elections();
            sizes[r.size() > 9 ? 9 : r.size()]++;
            violations.addAll(r.violations());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "simulated %d seeds, %d elections, %d violations in %.1f s",
                SEEDS, elections, violations.size(), secs));
        assertEquals(List.of(), violations.stream().limit(10).toList(), "replay one with -Dballot.sim.seed=<seed>");
        assertTrue(elections >= SEEDS * 3, "every run elects at least once per member: " + elections);
        for (int n = 3; n <= 9; n++) {
            assertTrue(sizes[n] > 0 || SEEDS < 100, "ensemble size " + n + " was never simulated");
        }
    }

    @Test
    void aSeedAloneReproducesItsRun() {
        long seed = Long.getLong("ballot.sim.seed", 4242);
        Simulation.Result first = new Simulation(seed, true, true).run();
        Simulation.Result second = new Simulation(seed, true, true).run();
        if (System.getProperty("ballot.sim.seed") != null) {
            System.out.println(first.transcript());
            System.out.println(first.violations());
        }
        assertEquals(first.transcript(), second.transcript());
        assertEquals(first.events(), second.events());
        assertTrue(first.transcript().contains("established"), first.transcript());
    }

    @Test
    void decideWhenAllVotedElectsTheSameLeadersInFaultFreeRuns() {
        int differing = 0;
        long faster = 0;
        for (long seed = 1; seed <= 300; seed++) {
            Simulation.Result on = new Simulation(seed, false, true).run();
            Simulation.Result off = new Simulation(seed, false, false).run();
            assertEquals(List.of(), on.violations());
            assertEquals(List.of(), off.violations());
            if (on.leader() != off.leader()) {
                differing++;
            }
            faster += on.transcript().contains("ALL_VOTED") ? 1 : 0;
        }
        assertEquals(0, differing, "seeds whose leader differs with decideWhenAllVoted on and off");
        assertTrue(faster > 0, "decideWhenAllVoted never took effect");
    }
}
