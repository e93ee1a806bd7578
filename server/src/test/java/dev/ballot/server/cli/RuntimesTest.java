package dev.ballot.server.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's I/O executor: one task at a time, in order, and no thread while there is nothing to do. */
class RuntimesTest {

    @Test
    void serialExecutor_runsInOrderOneAtATime_andItsThreadEndsWhenIdle() throws Exception {
        ExecutorService io = Runtimes.newSerialExecutor("runtimes-test-io", Duration.ofMillis(100));
        try {
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            for (int i = 0; i < 200; i++) {
                int n = i;
                io.execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread());
                    order.add(n);
                    running.decrementAndGet();
                });
            }
            io.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(java.util.stream.IntStream.range(0, 200).boxed().toList(), order);
            assertEquals(1, maxRunning.get());
            assertFalse(threads.isEmpty());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threads.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling interval; the deadline decides
            }
            assertTrue(threads.stream().noneMatch(Thread::isAlive), "the idle thread ended");
            Thread[] again = new Thread[1];
            io.submit(() -> again[0] = Thread.currentThread()).get(10, TimeUnit.SECONDS);
            assertTrue(again[0].getName().startsWith("runtimes-test-io"), "a new thread for new work: " + again[0]);
        } finally {
            io.shutdownNow();
        }
    }
}
