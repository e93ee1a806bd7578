package dev.ballot.core.trace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingBufferTraceSinkTest {

    private static TraceEvent event(long n) {
        return new TraceEvent.ConnectionClosed(n, 1, 2, "e" + n);
    }

    private static List<Long> stamps(List<TraceEvent> events) {
        return events.stream().map(TraceEvent::nanos).toList();
    }

    @Test
    void belowCapacity_keepsEverythingInOrder() {
        RingBufferTraceSink sink = new RingBufferTraceSink(4);
        for (long i = 0; i < 3; i++) {
            sink.record(event(i));
        }
        assertEquals(List.of(0L, 1L, 2L), stamps(sink.snapshot()));
        assertEquals(3, sink.recorded());
        assertEquals(0, sink.overwritten());
    }

    @Test
    void pastCapacity_keepsTheNewest() {
        RingBufferTraceSink sink = new RingBufferTraceSink(4);
        for (long i = 0; i < 10; i++) {
            sink.record(event(i));
        }
        assertEquals(List.of(6L, 7L, 8L, 9L), stamps(sink.snapshot()));
        assertEquals(10, sink.recorded());
        assertEquals(6, sink.overwritten());
        assertEquals(List.of(8L, 9L), stamps(sink.last(2)));
        assertEquals(List.of(6L, 7L, 8L, 9L), stamps(sink.last(100)));
        assertEquals(List.of(), sink.last(0));
    }

    @Test
    void badArguments_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RingBufferTraceSink(0));
        assertThrows(IllegalArgumentException.class, () -> new RingBufferTraceSink(1).last(-1));
        assertTrue(new RingBufferTraceSink(1).enabled());
    }

    @Test
    void concurrentRecorders_loseNothingBelowCapacity_andSnapshotsStayOrdered() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        RingBufferTraceSink sink = new RingBufferTraceSink(threads * perThread);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = (long) t * perThread;
                done.add(pool.submit(() -> {
                    go.await();
                    for (long i = 0; i < perThread; i++) {
                        sink.record(event(base + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            while (done.stream().anyMatch(f -> !f.isDone())) {
                assertPerThreadOrder(sink.snapshot(), perThread); // snapshots taken while recording
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<TraceEvent> all = sink.snapshot();
        assertEquals(threads * perThread, all.size());
        Set<Long> distinct = new HashSet<>(stamps(all));
        assertEquals(threads * perThread, distinct.size());
        assertPerThreadOrder(all, perThread);
    }

    /** Each thread's events appear in the order that thread recorded them. */
    private static void assertPerThreadOrder(List<TraceEvent> events, int perThread) {
        java.util.Map<Long, Long> lastByThread = new java.util.HashMap<>();
        for (TraceEvent e : events) {
            long thread = e.nanos() / perThread;
            Long last = lastByThread.put(thread, e.nanos());
            assertTrue(last == null || last < e.nanos(), "thread " + thread + ": " + last + " then " + e.nanos());
        }
    }
}
