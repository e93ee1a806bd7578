package dev.ballot.bench.compare;

import dev.ballot.bench.cell.CellSpec;
import dev.ballot.bench.cell.CellSpec.Scenario;
import dev.ballot.bench.cell.Systems;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The cells of a compare run, in the order they run: per scenario and size, one cell per system, and the
 * order of the systems is reversed from one group to the next (and round to round), so neither system
 * always runs on a "fresher" machine. Both systems of a group get the same seed (same churn victims, same
 * drop sequence). Ensembles of {@code heavyFrom} peers or more record {@link #HEAVY_REPS} ensembles (after
 * the same warm-up as the others: a fresh JVM's first ensemble measures class loading and the JIT, not the
 * election), which keeps the default run within its time budget. Immutable.
 *
 * @param cells the cells in execution order
 */
public record ComparePlan(List<CellSpec> cells) {

    /**
     * The settings a plan is made from.
     *
     * @param systems        systems to compare in every scenario
     * @param fleVariant     also run {@link Systems#BALLOT_FLE} in the election scenario below {@code heavyFrom}
     * @param scenarios      scenarios to run
     * @param sizes          voter counts for the election scenario
     * @param churnSizes     voter counts for churn
     * @param churnElections elections recorded per churn cell
     * @param observerCounts observer counts (with 5 voters)
     * @param lossSizes      voter counts for loss
     * @param lossPcts       drop percentages for loss
     * @param warmups        unrecorded ensembles per cell
     * @param reps           recorded ensembles per cell
     * @param rounds         fresh JVMs per (system, scenario, size)
     * @param heavyFrom      peers from which a cell records at most {@link #HEAVY_REPS} ensembles
     * @param timeout        bound per election phase
     * @param seed           base seed
     */
    public record Settings(List<String> systems, boolean fleVariant, Set<Scenario> scenarios, List<Integer> sizes,
                           List<Integer> churnSizes, int churnElections, List<Integer> observerCounts,
                           List<Integer> lossSizes, List<Double> lossPcts, int warmups, int reps, int rounds,
                           int heavyFrom, Duration timeout, long seed) {
    }

    /** Recorded ensembles of a cell of {@code heavyFrom} peers or more (ZooKeeper's N=51 ensemble takes a minute). */
    public static final int HEAVY_REPS = 2;

    /** Voters in the observers scenario. */
    public static final int OBSERVER_SCENARIO_VOTERS = 5;

    public static ComparePlan of(Settings s) {
        List<CellSpec> groups = groups(s);
        List<CellSpec> cells = new ArrayList<>();
        int flip = 0;
        for (int round = 0; round < s.rounds(); round++) {
            for (int g = 0; g < groups.size(); g++) {
                CellSpec group = groups.get(g);
                List<String> order = systemsOf(s, group);
                if (flip++ % 2 == 1) {
                    Collections.reverse(order);
                }
                for (String system : order) {
                    cells.add(new CellSpec(system, group.scenario(), group.voters(), group.observers(),
                            group.lossPct(), group.warmups(), group.reps(), group.timeout(),
                            s.seed() + 1000L * round + g));
                }
            }
        }
        return new ComparePlan(cells);
    }

    private static List<CellSpec> groups(Settings s) {
        List<CellSpec> groups = new ArrayList<>();
        if (s.scenarios().contains(Scenario.ELECTION)) {
            s.sizes().forEach(n -> groups.add(spec(s, Scenario.ELECTION, n, 0, 0, s.reps())));
        }
        if (s.scenarios().contains(Scenario.CHURN)) {
            s.churnSizes().forEach(n -> groups.add(spec(s, Scenario.CHURN, n, 0, 0, s.churnElections())));
        }
        if (s.scenarios().contains(Scenario.OBSERVERS)) {
            s.observerCounts().forEach(o -> groups.add(spec(s, Scenario.OBSERVERS, OBSERVER_SCENARIO_VOTERS, o, 0,
                    Math.max(1, s.reps() / 2))));
        }
        if (s.scenarios().contains(Scenario.LOSS)) {
            for (double pct : s.lossPcts()) {
                s.lossSizes().forEach(n -> groups.add(spec(s, Scenario.LOSS, n, 0, pct, s.reps())));
            }
        }
        return groups;
    }

    private static List<String> systemsOf(Settings s, CellSpec group) {
        List<String> out = new ArrayList<>(s.systems());
        if (s.fleVariant() && group.scenario() == Scenario.ELECTION && group.voters() < s.heavyFrom()
                && !out.contains(Systems.BALLOT_FLE)) {
            out.add(Math.min(1, out.size()), Systems.BALLOT_FLE);
        }
        return out;
    }

    private static CellSpec spec(Settings s, Scenario sc, int voters, int observers, double loss, int reps) {
        boolean heavy = voters + observers >= s.heavyFrom();
        return new CellSpec("", sc, voters, observers, loss, s.warmups(),
                heavy && sc != Scenario.CHURN ? Math.min(HEAVY_REPS, reps) : reps, s.timeout(), s.seed());
    }
}
