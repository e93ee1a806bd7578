package dev.ballot.bench.compare;

import dev.ballot.bench.cell.CellSpec;
import dev.ballot.bench.cell.CellSpec.Scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cells of a compare run, in the order they run: per scenario and size, one cell per system, and the
 * system that goes first alternates from one cell pair to the next (and from round to round), so neither
 * system always runs on a "fresher" machine. Immutable.
 *
 * @param cells the cells in execution order
 */
public record ComparePlan(List<CellSpec> cells) {

    /**
     * The settings a plan is made from.
     *
     * @param systems         systems to compare
     * @param scenarios       scenarios to run
     * @param sizes           voter counts for the election scenario
     * @param churnSizes      voter counts for churn
     * @param churnElections  elections recorded per churn cell
     * @param observerCounts  observer counts (with 5 voters)
     * @param lossSizes       voter counts for loss
     * @param lossPcts        drop percentages for loss
     * @param warmups         unrecorded ensembles per cell
     * @param reps            recorded ensembles per cell
     * @param rounds          fresh JVMs per (system, scenario, size)
     * @param timeout         bound per election phase
     * @param seed            base seed
     */
    public record Settings(List<String> systems, Set<Scenario> scenarios, List<Integer> sizes, List<Integer> churnSizes,
                           int churnElections, List<Integer> observerCounts, List<Integer> lossSizes,
                           List<Double> lossPcts, int warmups, int reps, int rounds, Duration timeout, long seed) {
    }

    /** Voters in the observers scenario. */
    public static final int OBSERVER_SCENARIO_VOTERS = 5;

    public static ComparePlan of(Settings s) {
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
        List<CellSpec> cells = new ArrayList<>();
        int flip = 0;
        for (int round = 0; round < s.rounds(); round++) {
            for (CellSpec g : groups) {
                List<String> order = new ArrayList<>(s.systems());
                if (flip++ % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String system : order) {
                    // both systems of a group get the same seed: same churn victims, same drop sequence
                    cells.add(new CellSpec(system, g.scenario(), g.voters(), g.observers(), g.lossPct(), g.warmups(),
                            g.reps(), g.timeout(), s.seed() + 1000L * round + groups.indexOf(g)));
                }
            }
        }
        return new ComparePlan(cells);
    }

    private static CellSpec spec(Settings s, Scenario sc, int voters, int observers, double loss, int reps) {
        return new CellSpec("", sc, voters, observers, loss, s.warmups(), reps, s.timeout(), s.seed());
    }
}
