package dev.ballot.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Polls every peer over its management link, one thread per peer every {@link #PERIOD}, and keeps the whole
 * timeline; the invariants are judged on that timeline, not on a few samples.
 */
final class Monitor implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(25);

    private final Flavor flavor;
    private final NetLab lab;
    private final List<Long> sids;
    private final LongFunction<Path> versionDirs;
    private final Map<Long, List<Observation>> timelines = new TreeMap<>();
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running;

    Monitor(Flavor flavor, NetLab lab, List<Long> sids, LongFunction<Path> versionDirs) {
        this.flavor = flavor;
        this.versionDirs = versionDirs;
        this.lab = lab;
        this.sids = List.copyOf(sids);
        sids.forEach(s -> timelines.put(s, new ArrayList<>()));
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (long sid : sids) {
            Thread t = new Thread(() -> poll(sid), "ballot-faults-poll-" + sid);
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
    }

    private void poll(long sid) {
        String host = lab.managementAddress(sid);
        List<Observation> mine = timelines.get(sid);
        while (running) {
            long next = System.nanoTime() + PERIOD.toNanos();
            Observation o = flavor.probe(sid, host, versionDirs.apply(sid));
            synchronized (mine) {
                mine.add(o);
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait); // the polling period, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** A copy of one peer's timeline. */
    List<Observation> timeline(long sid) {
        List<Observation> mine = timelines.get(sid);
        synchronized (mine) {
            return new ArrayList<>(mine);
        }
    }

    Optional<Observation> latest(long sid) {
        List<Observation> mine = timelines.get(sid);
        synchronized (mine) {
            return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(mine.size() - 1));
        }
    }

    /** One established leader seen by a set of peers: all established, one LEADING, one token. */
    record Stable(long leader, long token, long atNanos) {
    }

    /** Whether the latest observations (all newer than {@code sinceNanos}) of {@code group} show one stable leader. */
    Optional<Stable> stableNow(List<Long> group, long sinceNanos) {
        List<Observation> latest = new ArrayList<>();
        for (long sid : group) {
            Optional<Observation> o = latest(sid);
            if (o.isEmpty() || o.get().atNanos() < sinceNanos || !o.get().established()) {
                return Optional.empty();
            }
            latest.add(o.get());
        }
        List<Observation> leaders = latest.stream().filter(Observation::leading).toList();
        if (leaders.size() != 1) {
            return Optional.empty();
        }
        Observation l = leaders.get(0);
        for (Observation o : latest) {
            if (o.token() != l.token() || (o.leader() != -1 && o.leader() != l.sid())) {
                return Optional.empty();
            }
        }
        long at = latest.stream().mapToLong(Observation::atNanos).max().orElseThrow();
        return Optional.of(new Stable(l.sid(), l.token(), at));
    }

    /**
     * Waits until {@code group} is stable with {@code extra} holding, up to {@code deadline}. The result's time is
     * when the last of the observations that showed it arrived (at most one poll period late).
     */
    Optional<Stable> awaitStable(List<Long> group, long sinceNanos, Predicate<Stable> extra, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            Optional<Stable> s = stableNow(group, sinceNanos);
            if (s.isPresent() && extra.test(s.get())) {
                return s;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return Optional.empty();
    }

    /** Waits until {@code sid}'s latest observation satisfies {@code check}; returns when that answer arrived. */
    Optional<Long> awaitPeer(long sid, long sinceNanos, Predicate<Observation> check, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            Optional<Observation> o = latest(sid);
            if (o.isPresent() && o.get().atNanos() >= sinceNanos && check.test(o.get())) {
                return Optional.of(o.get().atNanos());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return Optional.empty();
    }

    /** A stretch of consecutive observations of one peer as the established leader under one token. */
    record Leadership(long sid, long token, long fromNanos, long toNanos) {
    }

    List<Leadership> leaderships() {
        List<Leadership> out = new ArrayList<>();
        for (long sid : sids) {
            Leadership open = null;
            for (Observation o : timeline(sid)) {
                if (o.leading() && open != null && open.token() == o.token()) {
                    open = new Leadership(sid, open.token(), open.fromNanos(), o.atNanos());
                } else {
                    if (open != null) {
                        out.add(open);
                        open = null;
                    }
                    if (o.leading()) {
                        open = new Leadership(sid, o.token(), o.atNanos(), o.atNanos());
                    }
                }
            }
            if (open != null) {
                out.add(open);
            }
        }
        out.sort(Comparator.comparingLong(Leadership::fromNanos));
        return out;
    }

    /** Two leaderships of different peers that were observed at once: how long, in ms (0 = within one poll). */
    record Overlap(Leadership a, Leadership b, double millis) {
    }

    /** Every pair of different peers' leaderships whose observed stretches intersect. */
    List<Overlap> overlaps() {
        List<Leadership> ls = leaderships();
        List<Overlap> out = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            for (int j = i + 1; j < ls.size(); j++) {
                Leadership a = ls.get(i);
                Leadership b = ls.get(j);
                long from = Math.max(a.fromNanos(), b.fromNanos());
                long to = Math.min(a.toNanos(), b.toNanos());
                if (a.sid() != b.sid() && from <= to) {
                    out.add(new Overlap(a, b, (to - from) / 1e6));
                }
            }
        }
        return out;
    }

    /**
     * Fencing-token violations: a token held by two different leaders; a leadership whose token is not greater than
     * that of every leadership first seen before it (of another peer, or of the same peer after it stopped leading);
     * a peer whose own established token went down.
     */
    List<String> tokenViolations() {
        List<String> out = new ArrayList<>();
        Map<Long, Long> holder = new HashMap<>();
        long highest = -1;
        Leadership previous = null;
        for (Leadership l : leaderships()) {
            Long other = holder.putIfAbsent(l.token(), l.sid());
            if (other != null && other != l.sid()) {
                out.add("token " + l.token() + " held by leader " + other + " and by leader " + l.sid());
            } else if (other == null && l.token() <= highest) {
                out.add("leader " + l.sid() + " established token " + l.token() + " after token " + highest
                        + " (leader " + previous.sid() + ")");
            }
            if (l.token() > highest) {
                highest = l.token();
                previous = l;
            }
        }
        for (long sid : sids) {
            long last = -1;
            for (Observation o : timeline(sid)) {
                if (o.established()) {
                    if (o.token() < last) {
                        out.add("peer " + sid + " established token " + o.token() + " after " + last);
                    }
                    last = Math.max(last, o.token());
                }
            }
        }
        return out;
    }

    /** The longest stretch (ms) in which a peer that answered was not established, within [from, to]. */
    double longestUnestablishedMillis(long sid, long fromNanos, long toNanos) {
        long longest = 0;
        Long since = null;
        for (Observation o : timeline(sid)) {
            if (o.atNanos() < fromNanos || o.atNanos() > toNanos) {
                continue;
            }
            if (!o.established()) {
                since = since == null ? o.atNanos() : since;
                longest = Math.max(longest, o.atNanos() - since);
            } else {
                since = null;
            }
        }
        return longest / 1e6;
    }

    /** Whether any observation of {@code sid} in [from, to] satisfies {@code p}. */
    boolean anyBetween(long sid, long fromNanos, long toNanos, Predicate<Observation> p) {
        return timeline(sid).stream().anyMatch(o -> o.atNanos() >= fromNanos && o.atNanos() <= toNanos && p.test(o));
    }

    @Override
    public synchronized void close() {
        running = false;
        for (Thread t : pollers) {
            t.interrupt();
        }
        for (Thread t : pollers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        pollers.clear();
    }
}
