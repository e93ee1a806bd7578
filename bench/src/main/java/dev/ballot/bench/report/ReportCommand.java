package dev.ballot.bench.report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code report}: draws the charts of a finished run again from its {@code results.csv}, without running
 * anything (after a change to the charts, or to draw a run made elsewhere).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-draws the PNG charts of a compare run from its results.csv (no benchmark is run).")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--results", required = true, description = "The results.csv of a compare run.")
    Path results;
    @Option(names = "--out", description = "Where the PNGs go (default: beside --results).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : results.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<String> charts = ChartWriter.writeAll(ResultsCsv.read(results), dir);
        System.err.println("wrote " + charts + " in " + dir);
        return 0;
    }
}
