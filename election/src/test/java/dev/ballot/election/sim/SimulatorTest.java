package dev.ballot.election.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.ballot.election.fsm.Decision;
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

    /**
     * The re-election rule (README "election"): after kill -9 of the leader its links close, so the survivors
     * decide as soon as every connected voter agrees, without the finalize wait, and they elect whom ZooKeeper's
     * rule (decideWhenAllVoted off) elects. A silent crash leaves the links open: then nothing is known down.
     */
    @Test
    void leaderKilled_survivorsSkipTheFinalizeWaitOnlyWhenTheLinksClosed_andElectWhomZooKeepersRuleElects() {
        List<Long> fast = new ArrayList<>();
        List<Long> zk = new ArrayList<>();
        List<Long> silent = new ArrayList<>();
        long[] waited = new long[2];
        long[] decisions = new long[2];
        for (long seed = 1; seed <= 300; seed++) {
            Simulation on = new Simulation(seed, false, true);
            Simulation off = new Simulation(seed, false, false);
            Simulation quiet = new Simulation(seed, false, true);
            assertEquals(List.of(), on.run().violations());
            assertEquals(List.of(), off.run().violations());
            assertEquals(List.of(), quiet.run().violations());
            Simulation.Reelection a = on.killLeader(true);
            Simulation.Reelection b = off.killLeader(true);
            Simulation.Reelection c = quiet.killLeader(false);
            assertTrue(a != null && b != null && c != null, "seed " + seed + ": survivors agree");
            assertEquals(b.leader(), a.leader(), "seed " + seed + ": the same leader as ZooKeeper's rule: " + a + " / " + b);
            assertEquals(b.leader(), c.leader(), "seed " + seed + ": the same leader after a silent crash");
            waited[0] += a.decisions().stream().filter(d -> d.decision().path() == Decision.Path.FINALIZE_WAIT).count();
            waited[1] += b.decisions().stream().filter(d -> d.decision().path() == Decision.Path.FINALIZE_WAIT).count();
            decisions[0] += a.decisions().size();
            decisions[1] += b.decisions().size();
            assertTrue(c.decisions().stream().noneMatch(d -> d.decision().path() == Decision.Path.ALL_REACHABLE_VOTED),
                    "seed " + seed + ": no link is known down after a silent crash: " + c.decisions());
            fast.add(a.millis());
            zk.add(b.millis());
            silent.add(c.millis());
        }
        System.out.println("re-election after the leader's kill (virtual ms, median of 300 seeds): closed links "
                + median(fast) + ", ZooKeeper's rule " + median(zk) + ", silent crash " + median(silent)
                + "; decisions by the finalize wait " + waited[0] + "/" + decisions[0] + " and " + waited[1] + "/"
                + decisions[1]);
        // a survivor that starts looking after the new leader's vote passed it still waits, as in ZooKeeper
        assertTrue(waited[0] * 10 < decisions[0], waited[0] + " of " + decisions[0] + " waited the finalize wait");
        assertTrue(waited[1] * 2 > decisions[1], "ZooKeeper's rule: " + waited[1] + " of " + decisions[1]);
        assertTrue(median(fast) < Simulation.FINALIZE_WAIT_MS, "median " + median(fast) + " ms");
        assertTrue(median(zk) >= Simulation.FINALIZE_WAIT_MS, "median " + median(zk) + " ms");
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
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
