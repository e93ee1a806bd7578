package dev.ballot.bench.report;

import dev.ballot.bench.cell.CellSpec.Scenario;
import dev.ballot.bench.cell.Systems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes {@code report.md} (one latency table and one resource table per scenario phase: size, each
 * system's median, the ratio, p99 and spread) and {@code results.csv} (one line per table, size and
 * system) for a {@link Summary}. Stateless.
 */
public final class ReportWriter {
    /** The CSV header; {@code ReportFilesTest} checks every line has as many fields. */
    public static final String CSV_HEADER = "table,scenario,phase,loss_pct,size_label,size,system,status,samples,"
            + "min_ms,p25_ms,p50_ms,p75_ms,p99_ms,max_ms,elections_per_s,peak_threads,heap_after_gc_mb,"
            + "cpu_ms_per_election,notifications_sent_per_election,notifications_received_per_election,sockets";

    private ReportWriter() {
    }

    public static void writeCsv(Summary s, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : s.rows()) {
            LatencyStats l = r.latency();
            sb.append(String.join(",", r.key().id(), r.key().scenario().id(), r.key().phase(),
                    num(r.key().lossPct()), r.key().sizeLabel(), Integer.toString(r.size()), r.system(), r.status(),
                    Long.toString(l.count()), num(l.min()), num(l.p25()), num(l.p50()), num(l.p75()), num(l.p99()),
                    num(l.max()), num(r.electionsPerSecond()), Integer.toString(r.peakThreads()),
                    num(r.heapAfterGcMb()), num(r.cpuMsPerElection()), num(r.sentPerElection()),
                    num(r.receivedPerElection()), Integer.toString(r.sockets()))).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    public static void writeMarkdown(Summary s, MachineInfo m, String settings, List<String> charts, Path file)
            throws IOException {
        StringBuilder sb = new StringBuilder("# Ballot vs ZooKeeper 3.9.5: election benchmark\n\n");
        sb.append(String.format(Locale.ROOT, "- machine: %d processors, %s, %s, %s%n- run: %s%n- settings: %s%n%n",
                m.processors(), m.cpuModel(), m.java(), m.os(), m.when(), settings));
        sb.append("Latencies in ms; one row per size and system. *zookeeper ÷ system* is ZooKeeper's median divided by "
                + "that system's (above 1: that system is faster). "
                + "`ballot-fle` is Ballot with ZooKeeper's decision rule (always wait finalizeWait, no decision as soon "
                + "as every voter agreed), so the gap between it and `ballot` is the rule, not the architecture. ")
                .append("*spread* is the 25th–75th percentile range. A cell that did not finish within its bound ")
                .append("shows `timeout` with what it measured before.\n\n");
        for (TableKey k : s.tables()) {
            sb.append("## ").append(k.title()).append("\n\n");
            latencyTable(s, k, sb);
            if (!"reelection".equals(k.phase())) {
                resourceTable(s, k, sb);
            }
        }
        if (!charts.isEmpty()) {
            sb.append("## Charts\n\n");
            charts.forEach(c -> sb.append("![").append(c).append("](").append(c).append(")\n\n"));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void latencyTable(Summary s, TableKey k, StringBuilder sb) {
        boolean churn = k.scenario() == Scenario.CHURN;
        sb.append('|').append(k.sizeLabel()).append(" | system | status | samples | min | median | p99 | max | spread"
                + " | zookeeper ÷ system").append(churn ? " | elections/s |\n" : " |\n");
        sb.append("|---".repeat(churn ? 11 : 10)).append("|\n");
        for (int size : s.sizes(k)) {
            for (String x : s.systems()) {
                s.row(k, size, x).ifPresent(r -> {
                    LatencyStats l = r.latency();
                    sb.append('|').append(size).append(" | ").append(x).append(" | ").append(statusText(r))
                            .append(" | ").append(l.count()).append(" | ").append(ms(r, l.min()))
                            .append(" | **").append(ms(r, l.p50())).append("** | ").append(ms(r, l.p99()))
                            .append(" | ").append(ms(r, l.max())).append(" | ").append(ms(r, l.p25())).append("–")
                            .append(ms(r, l.p75())).append(" | ")
                            .append(x.equals(Systems.ZOOKEEPER) ? "" : ratio(s.row(k, size, Systems.ZOOKEEPER),
                                    Optional.of(r)));
                    sb.append(churn ? " | " + fmt(r.electionsPerSecond()) + " |\n" : " |\n");
                });
            }
        }
        sb.append('\n');
    }

    private static void resourceTable(Summary s, TableKey k, StringBuilder sb) {
        sb.append('|').append(k.sizeLabel()).append(" | system | peak threads | heap after GC MiB | CPU ms/election"
                + " | notifications sent/election | notifications received/election | sockets |\n");
        sb.append("|---".repeat(8)).append("|\n");
        for (int size : s.sizes(k)) {
            for (String x : s.systems()) {
                s.row(k, size, x).ifPresent(r -> sb.append('|').append(size).append(" | ").append(x).append(" | ")
                        .append(count(r.peakThreads())).append(" | ").append(fmt(r.heapAfterGcMb())).append(" | ")
                        .append(fmt(r.cpuMsPerElection())).append(" | ").append(fmt(r.sentPerElection()))
                        .append(" | ").append(fmt(r.receivedPerElection())).append(" | ").append(count(r.sockets()))
                        .append(" |\n"));
            }
        }
        sb.append('\n');
    }

    private static String statusText(Row r) {
        return r.ok() ? (r.detail() == null || r.detail().isEmpty() ? "ok" : "ok (" + r.detail() + ")")
                : r.status() + " (" + r.detail() + ")";
    }

    private static String count(int v) {
        return v < 0 ? "n/a" : Integer.toString(v);
    }

    private static String ratio(Optional<Row> numerator, Optional<Row> denominator) {
        if (numerator.isEmpty() || denominator.isEmpty() || !numerator.get().ok() || !denominator.get().ok()
                || denominator.get().latency().p50() <= 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", numerator.get().latency().p50() / denominator.get().latency().p50());
    }

    private static String ms(Row r, double v) {
        return r.samplesMicros().isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
