package dev.ballot.bench.report;

import dev.ballot.bench.cell.CellSpec.Scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

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
        sb.append("Latencies in ms. *ratio* is ZooKeeper's median divided by Ballot's (above 1: Ballot is faster). ")
                .append("*spread* is the 25th–75th percentile range. A cell that did not finish within its bound ")
                .append("shows `timeout` (with the median of what finished, if anything).\n\n");
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
        List<String> sys = s.systems();
        sb.append('|').append(k.sizeLabel());
        sys.forEach(x -> sb.append(" | ").append(x).append(" median"));
        if (sys.size() == 2) {
            sb.append(" | ratio");
        }
        sys.forEach(x -> sb.append(" | ").append(x).append(" p99"));
        sys.forEach(x -> sb.append(" | ").append(x).append(" min–max"));
        sys.forEach(x -> sb.append(" | ").append(x).append(" spread"));
        if (k.scenario() == Scenario.CHURN) {
            sys.forEach(x -> sb.append(" | ").append(x).append(" elections/s"));
        }
        sb.append(" |\n").append("|---".repeat(1 + sys.size() * (k.scenario() == Scenario.CHURN ? 5 : 4)
                + (sys.size() == 2 ? 1 : 0))).append("|\n");
        for (int size : s.sizes(k)) {
            sb.append('|').append(size);
            sys.forEach(x -> sb.append(" | ").append(cell(s, k, size, x, Row::medianText)));
            if (sys.size() == 2) {
                sb.append(" | ").append(ratio(s.row(k, size, sys.get(1)), s.row(k, size, sys.get(0))));
            }
            sys.forEach(x -> sb.append(" | ").append(cell(s, k, size, x, r -> ms(r, r.latency().p99()))));
            sys.forEach(x -> sb.append(" | ").append(cell(s, k, size, x,
                    r -> ms(r, r.latency().min()) + "–" + ms(r, r.latency().max()))));
            sys.forEach(x -> sb.append(" | ").append(cell(s, k, size, x,
                    r -> ms(r, r.latency().p25()) + "–" + ms(r, r.latency().p75()))));
            if (k.scenario() == Scenario.CHURN) {
                sys.forEach(x -> sb.append(" | ").append(cell(s, k, size, x, r -> fmt(r.electionsPerSecond()))));
            }
            sb.append(" |\n");
        }
        sb.append('\n');
    }

    private static void resourceTable(Summary s, TableKey k, StringBuilder sb) {
        List<String> sys = s.systems();
        String[] heads = {"peak threads", "heap after GC MiB", "CPU ms/election", "notifications sent/election",
                "notifications received/election", "sockets"};
        sb.append('|').append(k.sizeLabel());
        for (String h : heads) {
            sys.forEach(x -> sb.append(" | ").append(x).append(' ').append(h));
        }
        sb.append(" |\n").append("|---".repeat(1 + heads.length * sys.size())).append("|\n");
        for (int size : s.sizes(k)) {
            sb.append('|').append(size);
            List<Function<Row, String>> cols = List.of(r -> Integer.toString(r.peakThreads()),
                    r -> fmt(r.heapAfterGcMb()), r -> fmt(r.cpuMsPerElection()), r -> fmt(r.sentPerElection()),
                    r -> fmt(r.receivedPerElection()), r -> Integer.toString(r.sockets()));
            for (Function<Row, String> c : cols) {
                sys.forEach(x -> sb.append(" | ").append(cell(s, k, size, x, c)));
            }
            sb.append(" |\n");
        }
        sb.append('\n');
    }

    private static String cell(Summary s, TableKey k, int size, String system, Function<Row, String> f) {
        return s.row(k, size, system).map(f).orElse("–");
    }

    private static String ratio(Optional<Row> numerator, Optional<Row> denominator) {
        if (numerator.isEmpty() || denominator.isEmpty() || !numerator.get().ok() || !denominator.get().ok()
                || denominator.get().latency().p50() <= 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", numerator.get().latency().p50() / denominator.get().latency().p50());
    }

    private static String ms(Row r, double v) {
        return r.samplesMicros().isEmpty() ? r.status() : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
