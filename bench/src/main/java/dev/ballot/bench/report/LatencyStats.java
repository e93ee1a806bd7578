package dev.ballot.bench.report;

import org.HdrHistogram.Histogram;

import java.util.Collection;

/**
 * Latency summary of a set of samples, in milliseconds, computed with an HdrHistogram (3 significant
 * digits, 1 µs to 10 min). Immutable.
 *
 * @param count samples
 * @param min   fastest
 * @param p25   25th percentile
 * @param p50   median
 * @param p75   75th percentile
 * @param p99   99th percentile
 * @param max   slowest
 */
public record LatencyStats(long count, double min, double p25, double p50, double p75, double p99, double max) {
    private static final long HIGHEST_MICROS = 600_000_000L;
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0);

    /** Summarises samples given in microseconds. */
    public static LatencyStats ofMicros(Collection<Long> micros) {
        if (micros.isEmpty()) {
            return EMPTY;
        }
        Histogram h = histogram(micros);
        return new LatencyStats(h.getTotalCount(), ms(h.getMinValue()), ms(h.getValueAtPercentile(25)),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(75)), ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue()));
    }

    /** An HdrHistogram of samples given in microseconds. */
    public static Histogram histogram(Collection<Long> micros) {
        Histogram h = new Histogram(1, HIGHEST_MICROS, 3);
        micros.forEach(v -> h.recordValue(Math.max(1, Math.min(v, HIGHEST_MICROS))));
        return h;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
