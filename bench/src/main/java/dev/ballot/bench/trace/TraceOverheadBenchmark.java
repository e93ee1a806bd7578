package dev.ballot.bench.trace;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.core.trace.Tracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What one trace emission point costs on the driver's send path (encode a notification, trace it):
 * without the emission point, with tracing off ({@link TraceSink#NOOP}) and with tracing on (a
 * {@link RingBufferTraceSink}). Run:
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/ballot-bench.jar org.openjdk.jmh.Main TraceOverhead
 * </pre>
 *
 * <p>State is per thread; the benchmarks run single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class TraceOverheadBenchmark {
    private final Notification notification = Notification.of(PeerState.LOOKING, 3, 0x100000002L, 4, 1,
            "server.1=127.0.0.1:2888:3888:participant\nversion=0");
    private final Tracer off = new Tracer(1, System::nanoTime, TraceSink.NOOP);
    private final Tracer on = new Tracer(1, System::nanoTime, new RingBufferTraceSink(1 << 16));
    private long to = 2;

    /** Nothing: JMH's own floor, to read {@link #emissionPointOff()} against. */
    @Benchmark
    public void emptyBaseline() {
        // intentionally empty
    }

    /** The emission point alone, tracing off: one enabled() check, no ticker read, no allocation. */
    @Benchmark
    public void emissionPointOff() {
        off.notificationSent(to, notification);
    }

    /** The send path without an emission point. */
    @Benchmark
    public ByteBuffer encodeOnly() {
        return NotificationCodec.encode(notification);
    }

    /** The send path with an emission point, tracing off. */
    @Benchmark
    public ByteBuffer encodeTracingOff() {
        off.notificationSent(to, notification);
        return NotificationCodec.encode(notification);
    }

    /** The send path with an emission point, tracing on into a ring buffer. */
    @Benchmark
    public ByteBuffer encodeTracingOn() {
        on.notificationSent(to, notification);
        return NotificationCodec.encode(notification);
    }
}
