package dev.ballot.bench;

import dev.ballot.bench.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code compare --quick} with the smallest sizes end to end (child JVMs, both systems, every scenario)
 * and checks that report.md, results.csv and the charts are produced and well-formed. It checks that the
 * tool works, never how fast either system is.
 */
class CompareQuickTest {

    @Test
    void quickCompare_writesReportCsvAndCharts(@TempDir Path out) throws IOException {
        int exit = BenchMain.run("compare", "--quick", "--out", out.toString(), "--sizes", "3", "--churn-sizes", "3",
                "--churn-elections", "3", "--observers", "2", "--loss-sizes", "3", "--loss", "5", "--warmups", "0",
                "--reps", "1");

        assertEquals(0, exit);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(ReportWriter.CSV_HEADER, csv.get(0));
        int columns = ReportWriter.CSV_HEADER.split(",").length;
        for (String line : csv.subList(1, csv.size())) {
            assertEquals(columns, line.split(",", -1).length, "malformed CSV line: " + line);
        }
        Set<String> okRows = csv.stream().skip(1).map(l -> l.split(","))
                .filter(f -> "ok".equals(f[7]) && Integer.parseInt(f[8]) > 0)
                .map(f -> f[0] + "/" + f[5] + "/" + f[6]).collect(Collectors.toSet());
        for (String table : List.of("cold/3", "reelection/3", "churn/3", "observers-cold/2", "loss5-cold/3")) {
            for (String system : List.of("ballot", "zookeeper")) {
                assertTrue(okRows.contains(table + "/" + system), "no measured row " + table + "/" + system
                        + " in " + okRows);
            }
        }
        assertTrue(okRows.contains("cold/3/ballot-fle"), "no ballot-fle row in " + okRows);

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.startsWith("# Ballot vs ZooKeeper 3.9.5"), report);
        for (String heading : List.of("## Cold election", "## Re-election", "## Churn", "5 voters + observers",
                "5% of election frames dropped", "## Charts")) {
            assertTrue(report.contains(heading), "report.md lacks " + heading);
        }
        for (String chart : List.of("latency-vs-n.png", "threads-vs-n.png", "cpu-vs-n.png",
                "reelection-distribution.png")) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(out.resolve(chart)), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, chart);
            assertTrue(report.contains("](" + chart + ")"), "report.md does not show " + chart);
        }
    }
}
