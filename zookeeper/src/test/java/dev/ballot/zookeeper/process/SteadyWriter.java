package dev.ballot.zookeeper.process;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client thread that creates {@code parent/w-<n>} at a steady rate (one attempt every {@code paceMs}) and
 * records when each acknowledged write returned, so a test can measure the longest gap between acknowledged
 * writes over a window.
 */
final class SteadyWriter implements AutoCloseable {
    private final Client client;
    private final String parent;
    private final long paceMs;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Long> ackNanos = new ArrayList<>();
    private final Set<String> acked = new HashSet<>();

    SteadyWriter(Client client, String parent, long paceMs) {
        this.client = client;
        this.parent = parent;
        this.paceMs = paceMs;
        this.thread = new Thread(this::run, "steady-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long n = 0;
        try {
            while (running.get()) {
                String path = parent + "/w-" + n++;
                if (client.create(path)) {
                    synchronized (this) {
                        acked.add(path);
                        ackNanos.add(System.nanoTime());
                    }
                }
                Thread.sleep(paceMs); // the write rate, not a synchronisation
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    /** The number of acknowledged writes so far. */
    synchronized int acknowledged() {
        return ackNanos.size();
    }

    /** The longest time without an acknowledged write between {@code fromNanos} and {@code toNanos}. */
    synchronized long longestGapMillis(long fromNanos, long toNanos) {
        long previous = fromNanos;
        long longest = 0;
        for (long t : ackNanos) {
            if (t < fromNanos) {
                continue;
            }
            if (t > toNanos) {
                longest = Math.max(longest, t - previous);
                previous = t;
                break;
            }
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        if (previous < toNanos) {
            longest = Math.max(longest, toNanos - previous);
        }
        return longest / 1_000_000;
    }

    synchronized Set<String> ackedPaths() {
        return new HashSet<>(acked);
    }

    /** Stops the thread; rethrows what stopped it early. */
    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join(60_000);
        if (failure.get() != null) {
            throw new AssertionError("writer failed", failure.get());
        }
    }
}
