package dev.ballot.bench.compare;

import dev.ballot.bench.cell.CellResult;
import dev.ballot.bench.report.LatencyStats;

import java.util.Locale;

/** The progress line on stderr: which cell runs, how far the run is, and each cell's outcome. */
final class Progress {
    private Progress() {
    }

    static void line(int i, int total, String label, long beginNanos) {
        System.err.printf(Locale.ROOT, "[%3d/%d %5.0fs] %-40s ", i, total, elapsed(beginNanos), label);
        System.err.flush();
    }

    static void done(CellResult r, long beginNanos) {
        LatencyStats cold = LatencyStats.ofMicros(r.latencies(r.latenciesMicros().containsKey("churn") ? "churn" : "cold"));
        System.err.printf(Locale.ROOT, "%s median %.1f ms, %d threads%s%n", r.status(), cold.p50(), r.peakThreads(),
                r.detail() == null || r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
    }

    private static double elapsed(long beginNanos) {
        return (System.nanoTime() - beginNanos) / 1e9;
    }
}
