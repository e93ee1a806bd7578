package dev.ballot.bench.cell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code cell}: measures one {@link CellSpec} in this JVM and prints its {@link CellResult} line on stdout.
 * The compare runner starts one fresh JVM per cell with this command; it is not meant to be run by hand.
 */
@Command(name = "cell", hidden = true, description = "Internal: measure one cell in this JVM (used by compare).")
public final class CellCommand implements Callable<Integer> {
    @Option(names = "--system", required = true)
    String system;
    @Option(names = "--scenario", required = true)
    String scenario;
    @Option(names = "--voters", required = true)
    int voters;
    @Option(names = "--observers", defaultValue = "0")
    int observers;
    @Option(names = "--loss", defaultValue = "0")
    double loss;
    @Option(names = "--warmups", defaultValue = "1")
    int warmups;
    @Option(names = "--reps", defaultValue = "3")
    int reps;
    @Option(names = "--timeout-ms", defaultValue = "30000")
    long timeoutMs;
    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Override
    public Integer call() {
        CellSpec spec = new CellSpec(system, CellSpec.Scenario.of(scenario), voters, observers, loss, warmups, reps,
                Duration.ofMillis(timeoutMs), seed);
        CellResult result = new ScenarioRunner(spec, Systems.factory(system)).run();
        System.out.println(result.toLine());
        System.out.flush();
        // Election threads of a timed-out ensemble may still be blocked; the cell is over either way.
        Runtime.getRuntime().halt(0);
        return 0;
    }
}
