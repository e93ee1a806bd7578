package dev.ballot.bench.report;

import dev.ballot.bench.cell.CellResult;

import java.util.ArrayList;
import java.util.List;

/**
 * One system at one size in one table, merged over the rounds (fresh JVMs) of that cell: latency samples
 * are pooled; peaks (threads, heap, sockets) take the largest round; per-election figures the mean of the
 * rounds. Immutable.
 *
 * @param key                 the table
 * @param size                ensemble size (voters, or observers in the observers table)
 * @param system              {@code ballot} or {@code zookeeper}
 * @param status              {@code ok}, or the first non-ok status of a round ({@code timeout}, {@code error})
 * @param detail              why, when not ok
 * @param samplesMicros       pooled latency samples
 * @param latency             their summary
 * @param electionsPerSecond  churn throughput (0 elsewhere)
 * @param peakThreads         peak live threads of the cell JVM
 * @param heapAfterGcMb       heap used after full GC while the ensemble was up, MiB
 * @param cpuMsPerElection    process CPU per election, ms
 * @param sentPerElection     notifications sent per election (all peers)
 * @param receivedPerElection notifications received per election (all peers)
 * @param sockets             open sockets while the ensemble was up
 */
public record Row(TableKey key, int size, String system, String status, String detail, List<Long> samplesMicros,
                  LatencyStats latency, double electionsPerSecond, int peakThreads, double heapAfterGcMb,
                  double cpuMsPerElection, double sentPerElection, double receivedPerElection, int sockets) {

    public Row {
        samplesMicros = List.copyOf(samplesMicros);
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    /** Merges the rounds of one (table, size, system). */
    public static Row merge(TableKey key, int size, String system, List<CellResult> rounds) {
        List<Long> samples = new ArrayList<>();
        String status = "ok";
        String detail = "";
        int threads = -1;
        int sockets = -1;
        long heap = -1;
        double eps = 0;
        double cpu = 0;
        double sent = 0;
        double received = 0;
        int measured = 0;
        for (CellResult r : rounds) {
            samples.addAll(r.latencies(key.phase()));
            if (!r.ok() && "ok".equals(status)) {
                status = r.status();
                detail = r.detail();
            }
            threads = Math.max(threads, r.peakThreads());
            sockets = Math.max(sockets, r.sockets());
            heap = Math.max(heap, r.heapAfterGcBytes());
            if (r.cpuNanosPerElection() >= 0) {
                measured++;
                eps += r.electionsPerSecond();
                cpu += r.cpuNanosPerElection() / 1e6;
                sent += r.sentPerElection();
                received += r.receivedPerElection();
            }
        }
        int m = Math.max(1, measured);
        return new Row(key, size, system, status, detail, samples, LatencyStats.ofMicros(samples), eps / m, threads,
                heap < 0 ? -1 : heap / (1024.0 * 1024.0), measured == 0 ? -1 : cpu / m,
                measured == 0 ? -1 : sent / m, measured == 0 ? -1 : received / m, sockets);
    }
}
