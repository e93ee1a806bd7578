package dev.ballot.server.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cumulative histogram of durations with fixed upper bounds in seconds, as Prometheus exposes it.
 * Thread-safe: one writer or many, readers on any thread.
 */
public final class DurationHistogram {
    /** Upper bounds (seconds) of the election-duration buckets. */
    public static final double[] ELECTION_BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final double[] bounds;
    private final AtomicLongArray counts; // per bucket, not cumulative; last is +Inf
    private final LongAdder sumNanos = new LongAdder();

    public DurationHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    public void record(Duration d) {
        double s = d.toNanos() / 1e9;
        int i = 0;
        while (i < bounds.length && s > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sumNanos.add(d.toNanos());
    }

    /** Writes {@code name_bucket}, {@code name_sum} and {@code name_count}. */
    void writeTo(PrometheusWriter w, String name, String help) {
        w.header(name, help, "histogram");
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts.get(i);
            w.sample(name + "_bucket", "le", PrometheusWriter.number(bounds[i]), cumulative);
        }
        cumulative += counts.get(bounds.length);
        w.sample(name + "_bucket", "le", "+Inf", cumulative);
        w.sample(name + "_sum", sumNanos.sum() / 1e9);
        w.sample(name + "_count", cumulative);
    }
}
