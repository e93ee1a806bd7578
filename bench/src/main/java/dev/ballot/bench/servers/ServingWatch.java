package dev.ballot.bench.servers;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Watches N peers for a serving leader: one thread per peer asks it ({@link PeerProbe}) every {@code every}, all
 * peers in parallel, and the moment is the end of the answer that first made the latest answers of all peers show
 * a leader (other than {@code notThis}) serving with a majority of the {@code ensembleSize}: it and the peers that
 * follow it (a peer that does not name its leader, ZooKeeper's, counts for any). So a change is seen at most
 * {@code every} plus one answer's round trip after it happened, whatever N is, and every peer's answers before
 * the watch started count for nothing. Thread-safe.
 */
final class ServingWatch implements AutoCloseable {
    /** The leader and when it was first seen serving, {@link System#nanoTime()}. */
    record Found(long leader, long atNanos) {
    }

    private final int ensembleSize;
    private final long notThis;
    private final Map<Long, PeerProbe.Seen> latest = new HashMap<>();
    private final CountDownLatch found = new CountDownLatch(1);
    private final List<Thread> threads;
    private volatile boolean stopped;
    private Found result; // guarded by this

    /**
     * Starts watching {@code sids} at once.
     *
     * @param probes a new probe for a sid, used by that sid's thread only
     */
    ServingWatch(List<Long> sids, int ensembleSize, long notThis, Duration every, LongFunction<PeerProbe> probes) {
        this.ensembleSize = ensembleSize;
        this.notThis = notThis;
        this.threads = sids.stream().map(sid -> {
            Thread t = new Thread(() -> run(sid, probes.apply(sid), every), "serving-watch-" + sid);
            t.setDaemon(true);
            return t;
        }).toList();
        threads.forEach(Thread::start);
    }

    /** The serving leader, or empty after {@code timeout}. */
    Optional<Found> await(Duration timeout) throws InterruptedException {
        found.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        synchronized (this) {
            return Optional.ofNullable(result);
        }
    }

    private void run(long sid, PeerProbe probe, Duration every) {
        try (probe) {
            while (!stopped) {
                PeerProbe.Seen seen = probe.probe();
                long at = System.nanoTime();
                if (seen(sid, seen, at)) {
                    return;
                }
                try {
                    Thread.sleep(every.toMillis(), (int) (every.toNanos() % 1_000_000)); // the probe's interval
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Records an answer; true once a serving leader was found. */
    private synchronized boolean seen(long sid, PeerProbe.Seen seen, long atNanos) {
        if (result != null) {
            return true;
        }
        latest.put(sid, seen);
        Optional<Long> leader = servingLeader(latest, ensembleSize, notThis);
        if (leader.isPresent()) {
            result = new Found(leader.get(), atNanos);
            found.countDown();
            return true;
        }
        return false;
    }

    /**
     * A leader other than {@code notThis} that, with the peers that follow it, is a majority of {@code ensembleSize},
     * in the answers {@code latest} (by sid).
     */
    static Optional<Long> servingLeader(Map<Long, PeerProbe.Seen> latest, int ensembleSize, long notThis) {
        for (Map.Entry<Long, PeerProbe.Seen> e : latest.entrySet()) {
            long leader = e.getKey();
            if (leader == notThis || e.getValue().role() != ServerEnsemble.Role.LEADING) {
                continue;
            }
            long serving = latest.values().stream().filter(s -> s.role() != ServerEnsemble.Role.NOT_SERVING
                    && (s.leader() < 0 || s.leader() == leader)).count();
            if (serving > ensembleSize / 2) {
                return Optional.of(leader);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
