package dev.ballot.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballot.bench.cell.CellSpec;
import dev.ballot.bench.cell.CellSpec.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparePlanTest {

    private static ComparePlan plan(int warmups, int reps) {
        return ComparePlan.of(new ComparePlan.Settings(List.of("ballot", "zookeeper"), false,
                Set.of(Scenario.ELECTION, Scenario.OBSERVERS), List.of(9, 51), List.of(), 0, List.of(100), List.of(),
                List.of(), warmups, reps, 1, 25, Duration.ofSeconds(40), 1));
    }

    private static CellSpec cell(ComparePlan p, String system, Scenario sc, int voters) {
        return p.cells().stream().filter(c -> c.system().equals(system) && c.scenario() == sc && c.voters() == voters)
                .findFirst().orElseThrow();
    }

    @Test
    void heavyCellsAreWarmedUpAsTheOthersAndRecordFewerEnsembles() {
        ComparePlan p = plan(1, 4);
        for (String system : List.of("ballot", "zookeeper")) {
            CellSpec small = cell(p, system, Scenario.ELECTION, 9);
            CellSpec big = cell(p, system, Scenario.ELECTION, 51);
            CellSpec observers = cell(p, system, Scenario.OBSERVERS, 5);
            assertEquals(List.of(1, 4), List.of(small.warmups(), small.reps()), system + " N=9");
            assertEquals(List.of(1, ComparePlan.HEAVY_REPS), List.of(big.warmups(), big.reps()), system + " N=51");
            assertEquals(List.of(1, ComparePlan.HEAVY_REPS), List.of(observers.warmups(), observers.reps()),
                    system + " 5 voters + 100 observers");
        }
    }

    @Test
    void heavyCellsNeverRecordMoreThanAsked() {
        assertEquals(1, cell(plan(0, 1), "ballot", Scenario.ELECTION, 51).reps());
        assertEquals(0, cell(plan(0, 1), "ballot", Scenario.ELECTION, 51).warmups());
    }

    @Test
    void theSystemsAlternateFromOneGroupToTheNext() {
        List<CellSpec> cells = plan(1, 4).cells();
        assertEquals(List.of("ballot", "zookeeper", "zookeeper", "ballot", "ballot", "zookeeper"),
                cells.stream().map(CellSpec::system).toList());
    }
}
