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
 * Watches N peers for a serving leader: one thread per peer follows it ({@link PeerProbe}: Ballot's pushed
 * {@code /watch} events, ZooKeeper's {@code srvr} polled), all peers in parallel, and the moment is the arrival of
 * the answer or event that first made the latest ones of all peers show a leader (other than {@code notThis})
 * serving with a majority of the {@code ensembleSize}: it and the peers that follow it (a peer that does not name
 * its leader, ZooKeeper's, counts for any). So a change is seen one push (Ballot) or at most one interval plus one
 * answer's round trip (ZooKeeper) after it happened, whatever N is, and everything a peer said before the watch
 * started counts for nothing. Thread-safe.
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
    private final List<PeerProbe> probes;
    private volatile boolean stopped;
    private Found result; // guarded by this

    /**
     * Starts watching {@code sids} at once.
     *
     * @param probes a new probe for a sid, used by that sid's thread only (and closed by {@link #close})
     */
    ServingWatch(List<Long> sids, int ensembleSize, long notThis, LongFunction<PeerProbe> probes) {
        this.ensembleSize = ensembleSize;
        this.notThis = notThis;
        this.probes = sids.stream().map(probes::apply).toList();
        this.threads = java.util.stream.IntStream.range(0, sids.size()).mapToObj(i -> {
            Thread t = new Thread(() -> run(sids.get(i), this.probes.get(i)), "serving-watch-" + sids.get(i));
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

    private void run(long sid, PeerProbe probe) {
        try (probe) {
            while (!stopped) {
                PeerProbe.Seen seen = probe.next();
                if (seen(sid, seen, System.nanoTime())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
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
        probes.forEach(PeerProbe::close); // ends a read blocked on a stream
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
