package dev.ballot.transport.netty;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The transport's counters: {@link LongAdder}s written from any event loop, read from anywhere. */
final class MetricsRecorder implements TransportMetrics {
    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder drops = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void channelError(String reason) {
        errors.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    @Override public long connectionsOpened() { return opened.sum(); }
    @Override public long connectionsClosed() { return closed.sum(); }
    @Override public long handshakesAccepted() { return accepted.sum(); }
    @Override public Map<String, Long> handshakesRejected() { return snapshot(rejected); }
    @Override public long framesIn() { return framesIn.sum(); }
    @Override public long framesOut() { return framesOut.sum(); }
    @Override public long bytesIn() { return bytesIn.sum(); }
    @Override public long bytesOut() { return bytesOut.sum(); }
    @Override public long sendQueueDrops() { return drops.sum(); }
    @Override public long reconnects() { return reconnects.sum(); }
    @Override public Map<String, Long> channelErrors() { return snapshot(errors); }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "TransportMetrics[opened=" + connectionsOpened() + ", closed=" + connectionsClosed() + ", accepted="
                + handshakesAccepted() + ", rejected=" + handshakesRejected() + ", framesIn=" + framesIn() + ", framesOut="
                + framesOut() + ", drops=" + sendQueueDrops() + ", reconnects=" + reconnects() + ", errors=" + channelErrors() + "]";
    }
}
