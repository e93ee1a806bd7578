package dev.ballot.bench.compare;

import dev.ballot.bench.cell.CellResult;
import dev.ballot.bench.cell.CellSpec;
import dev.ballot.bench.cell.CellSpec.Scenario;
import dev.ballot.bench.cell.Systems;
import dev.ballot.bench.report.ChartWriter;
import dev.ballot.bench.report.MachineInfo;
import dev.ballot.bench.report.ReportWriter;
import dev.ballot.bench.report.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code compare}: the election layers of Ballot and ZooKeeper 3.9.5, one fresh JVM per (system, scenario,
 * size) cell, systems alternating, and a report in {@code --out}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares Ballot's election with ZooKeeper 3.9.5's (QuorumCnxManager + FastLeaderElection)"
                + " on 127.0.0.1, one fresh JVM per cell, and writes report.md, results.csv and PNG charts.",
                "Scenarios: election (cold + re-election), churn, observers, loss."})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "bench-results", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "Smallest sizes and few repetitions: under 2 minutes.")
    boolean quick;
    @Option(names = "--systems", split = ",", description = "Systems to compare (default: ballot,zookeeper).")
    List<String> systems = new ArrayList<>(List.of(Systems.BALLOT, Systems.ZOOKEEPER));
    @Option(names = "--fle-variant", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run ballot-fle (Ballot with ZooKeeper's always-wait-finalizeWait rule) in the election"
                    + " scenario below --heavy-from (default: true).")
    boolean fleVariant;
    @Option(names = "--heavy-from", defaultValue = "25",
            description = "Peers from which a cell records at most " + ComparePlan.HEAVY_REPS
                    + " ensembles (default: ${DEFAULT-VALUE}).")
    int heavyFrom;
    @Option(names = "--scenarios", split = ",", description = "election,churn,observers,loss (default: all).")
    List<String> scenarios = List.of("election", "churn", "observers", "loss");
    @Option(names = "--sizes", split = ",", description = "Voters for the election scenario (default: 3,5,7,9,15,25,51).")
    List<Integer> sizes;
    @Option(names = "--churn-sizes", split = ",", description = "Voters for churn (default: 5,9,15).")
    List<Integer> churnSizes;
    @Option(names = "--churn-elections", description = "Recorded elections per churn cell (default: 20).")
    Integer churnElections;
    @Option(names = "--observers", split = ",", description = "Observer counts next to 5 voters (default: 20,100).")
    List<Integer> observers;
    @Option(names = "--loss-sizes", split = ",", description = "Voters for loss (default: 5,9).")
    List<Integer> lossSizes;
    @Option(names = "--loss", split = ",", description = "Percent of election frames dropped (default: 1,5).")
    List<Double> lossPcts;
    @Option(names = "--reps", description = "Recorded ensembles per cell (default: 4; quick: 2).")
    Integer reps;
    @Option(names = "--warmups", description = "Unrecorded ensembles per cell (default: 1).")
    Integer warmups;
    @Option(names = "--rounds", description = "Fresh JVMs per (system, scenario, size) (default: 1).")
    Integer rounds;
    @Option(names = "--timeout", defaultValue = "40", description = "Bound per election phase, seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Option(names = "--cell-jvm-args", split = " ", description = "JVM options of each cell (default: -Xms256m -Xmx1g).")
    List<String> cellJvmArgs = List.of("-Xms256m", "-Xmx1g");

    @Override
    public Integer call() throws IOException {
        ComparePlan plan = ComparePlan.of(settings());
        Files.createDirectories(out.resolve("cells"));
        MachineInfo machine = MachineInfo.current();
        CellLauncher launcher = new CellLauncher(jvmArgs(), out.resolve("cells"));
        List<CellResult> results = new ArrayList<>();
        long begin = System.nanoTime();
        int i = 0;
        for (CellSpec cell : plan.cells()) {
            i++;
            Progress.line(i, plan.cells().size(), cell.label(), begin);
            CellResult r = launcher.run(cell, wallBound(cell), String.format(Locale.ROOT, "%03d-%s-%s-%d-%d%s",
                    i, cell.scenario().id(), cell.system(), cell.voters(), cell.observers(), fmtLoss(cell)));
            Progress.done(r, begin);
            results.add(r);
        }
        Summary summary = Summary.of(results, reportSystems(plan));
        List<String> charts = ChartWriter.writeAll(summary, out);
        ReportWriter.writeCsv(summary, out.resolve("results.csv"));
        ReportWriter.writeMarkdown(summary, machine, describe(), charts, out.resolve("report.md"));
        System.err.printf(Locale.ROOT, "%nwrote %s (%d cells in %.0f s)%n", out.resolve("report.md"),
                results.size(), (System.nanoTime() - begin) / 1e9);
        return 0;
    }

    private static List<String> reportSystems(ComparePlan plan) {
        return Systems.ALL.stream().filter(x -> plan.cells().stream().anyMatch(c -> c.system().equals(x))).toList();
    }

    ComparePlan.Settings settings() {
        Set<Scenario> sc = EnumSet.noneOf(Scenario.class);
        scenarios.forEach(x -> sc.add(Scenario.of(x.trim())));
        systems.forEach(Systems::factory);
        return new ComparePlan.Settings(systems, fleVariant, sc,
                or(sizes, quick ? List.of(3, 5) : List.of(3, 5, 7, 9, 15, 25, 51)),
                or(churnSizes, quick ? List.of(3) : List.of(5, 9, 15)),
                or(churnElections, quick ? 5 : 20),
                or(observers, quick ? List.of(20) : List.of(20, 100)),
                or(lossSizes, quick ? List.of(3) : List.of(5, 9)),
                or(lossPcts, quick ? List.of(5.0) : List.of(1.0, 5.0)),
                or(warmups, 1), or(reps, quick ? 2 : 4), or(rounds, 1), heavyFrom,
                Duration.ofSeconds(timeoutSeconds), seed);
    }

    private List<String> jvmArgs() {
        List<String> a = new ArrayList<>(cellJvmArgs);
        a.add("-Djava.awt.headless=true");
        a.add("-Dzookeeper.admin.enableServer=false");
        a.add("-Dlogback.configurationFile=ballot-bench-logback.xml");
        a.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return a;
    }

    /** Every phase may take the full timeout, plus JVM start and teardown. */
    private static Duration wallBound(CellSpec c) {
        int phases = c.scenario() == Scenario.CHURN ? c.warmups() + c.reps() + 1 : 2 * (c.warmups() + c.reps());
        return c.timeout().multipliedBy(phases).plusSeconds(30);
    }

    private String describe() {
        ComparePlan.Settings s = settings();
        return String.format(Locale.ROOT, "%s; systems %s; scenarios %s; sizes %s; churn sizes %s x %d elections; "
                        + "observers %s (5 voters); loss %s%% at N=%s; %d warm-up + %d recorded ensembles per cell; "
                        + "%d round(s) of fresh JVMs; from %d peers %d recorded ensembles; peers start in %s order; "
                        + "bound %d s per election; cell JVM %s; finalizeWait 200 ms, "
                        + "notification interval 200 ms..60 s, tickTime 3000 ms, syncLimit 5 (both systems)",
                quick ? "--quick" : "default", s.systems(), s.scenarios().stream().map(Scenario::id)
                        .collect(Collectors.joining(",")), s.sizes(), s.churnSizes(), s.churnElections(),
                s.observerCounts(), s.lossPcts(), s.lossSizes(), s.warmups(), s.reps(), s.rounds(),
                s.heavyFrom(), Math.min(ComparePlan.HEAVY_REPS, s.reps()), startOrder(), s.timeout().toSeconds(),
                String.join(" ", cellJvmArgs));
    }

    /** The cells' start order: {@code -Dballot.bench.startOrder} given to the cell JVMs, else shuffled. */
    private String startOrder() {
        return cellJvmArgs.stream().filter(a -> a.startsWith("-Dballot.bench.startOrder="))
                .map(a -> a.substring(a.indexOf('=') + 1)).reduce((a, b) -> b).orElse("shuffled (seeded)");
    }

    private static String fmtLoss(CellSpec c) {
        return c.lossPct() > 0 ? "-loss" + c.lossPct() : "";
    }

    private static <T> T or(T v, T dflt) {
        return v != null ? v : dflt;
    }
}
