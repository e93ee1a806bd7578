package dev.ballot.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One run of one scenario against one ensemble: what it measured and which invariants it found broken. A scenario
 * that cannot go on throws {@link Abort}; the run still reports what it has.
 */
final class ScenarioRun {
    /**
     * How long a JVM start may take before the peer answers, or an ensemble shows its first established leader. Generous:
     * on the shared 2-core machine at load average 48 one JVM took 60 s to open its admin port.
     */
    static final Duration START_DEADLINE = Duration.ofSeconds(120);
    /** After the last fault heals, how long before a peer that is not established counts as stuck. */
    static final Duration STUCK_DEADLINE = Duration.ofSeconds(20);

    /** Ends a run early: the invariant it names is already broken. */
    static final class Abort extends RuntimeException {
        Abort(String message) {
            super(message);
        }
    }

    final String scenario;
    final Flavor flavor;
    final Ensemble ensemble;
    final NetLab lab;
    final List<String> violations = new ArrayList<>();
    private final FaultReport report;

    ScenarioRun(String scenario, Ensemble ensemble, FaultReport report) {
        this.scenario = scenario;
        this.flavor = ensemble.flavor;
        this.ensemble = ensemble;
        this.lab = ensemble.lab;
        this.report = report;
    }

    void figure(String name, double value) {
        report.figure(scenario, flavor, name, value);
        System.out.printf("FIGURE %s %s: %s = %.1f%n", scenario, flavor, name, value);
    }

    /** Records a broken invariant. */
    void violation(String what) {
        violations.add(what);
        System.out.println("VIOLATION " + scenario + " " + flavor + ": " + what);
    }

    void check(boolean holds, String what) {
        if (!holds) {
            violation(what);
        }
    }

    static double ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e6;
    }

    /** Starts every peer and waits for the first established leader of all of them. */
    Monitor.Stable startAndAwaitLeader() throws InterruptedException {
        long t0 = System.nanoTime();
        ensemble.startAll();
        Monitor.Stable s = awaitAll(t0, x -> true, START_DEADLINE, "no established leader of all peers after start-up");
        // elections are counted from the logs: every peer has started one by now, or the count is blind
        ensemble.elections().forEach((sid, n) -> {
            if (n == 0) {
                throw new Abort("peer " + sid + "'s log has no '" + flavor.electionLogLine() + "' line after its first "
                        + "election: election counts would read 0; fix Flavor." + flavor.name() + "'s election log line");
            }
        });
        return s;
    }

    /** Waits for all peers to be stable, or aborts the run naming {@code what}. */
    Monitor.Stable awaitAll(long sinceNanos, Predicate<Monitor.Stable> extra, Duration deadline, String what)
            throws InterruptedException {
        return await(ensemble.sids(), sinceNanos, extra, deadline, what);
    }

    Monitor.Stable await(List<Long> group, long sinceNanos, Predicate<Monitor.Stable> extra, Duration deadline,
                         String what) throws InterruptedException {
        Optional<Monitor.Stable> s = ensemble.monitor.awaitStable(group, sinceNanos, extra, deadline);
        if (s.isEmpty()) {
            throw new Abort(what + " (within " + deadline.toSeconds() + " s; latest: " + latest() + ")");
        }
        return s.get();
    }

    /**
     * Waits until every peer answers its management port (a restarted JVM is up), within the start-up deadline: the
     * stuck deadline then counts from there, so a slow JVM start on a loaded machine is not taken for a stuck peer.
     */
    long awaitAllUp(long sinceNanos) throws InterruptedException {
        long up = sinceNanos;
        for (long sid : ensemble.sids()) {
            Optional<Long> t = ensemble.monitor.awaitPeer(sid, sinceNanos, Observation::up, START_DEADLINE);
            if (t.isEmpty()) {
                throw new Abort("peer " + sid + " did not answer within " + START_DEADLINE.toSeconds() + " s of its start");
            }
            up = Math.max(up, t.get());
        }
        return up;
    }

    /** The latest observation of every peer, for messages. */
    String latest() {
        StringBuilder b = new StringBuilder();
        for (long sid : ensemble.sids()) {
            ensemble.monitor.latest(sid).ifPresent(o -> b.append(sid).append('=').append(o.state())
                    .append(o.established() ? "/established" : "").append(o.token() >= 0 ? "/token " + o.token() : "")
                    .append(o.leader() >= 0 ? "/leader " + o.leader() : "").append(' '));
        }
        return b.toString().strip();
    }

    /** Lets a fault run its course while the monitor records (scenario time, not synchronisation). */
    static void hold(Duration d) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(d.toNanos());
    }

    /** Elections each peer started between two {@link Ensemble#elections()} snapshots. */
    static Map<Long, Long> delta(Map<Long, Long> before, Map<Long, Long> after) {
        Map<Long, Long> d = new java.util.TreeMap<>();
        after.forEach((sid, n) -> d.put(sid, n - before.getOrDefault(sid, 0L)));
        return d;
    }

    /**
     * The bound on elections one peer may start under one persistent fault of length {@code d}: at most 10 in any
     * minute (issue 10), so 10 per started minute of the window, plus the one the fault itself causes.
     */
    static long electionBound(Duration d) {
        return 10 * Math.max(1, (long) Math.ceil(d.toMillis() / 60_000.0)) + 1;
    }

    /** Checks the per-peer election bound over a window and records the figures. */
    void checkElectionRate(Map<Long, Long> during, Duration window) {
        long total = during.values().stream().mapToLong(Long::longValue).sum();
        long worst = during.values().stream().mapToLong(Long::longValue).max().orElse(0);
        figure("elections started during the fault (all peers)", total);
        figure("elections per minute, busiest peer", worst * 60_000.0 / window.toMillis());
        long bound = electionBound(window);
        during.forEach((sid, n) -> check(n <= bound, "peer " + sid + " started " + n + " elections in "
                + window.toSeconds() + " s of one persistent fault (bound " + bound + ": 10 per started minute + 1)"));
    }

    /** The invariants judged on the whole timeline, at the end of every run. */
    void finish() {
        for (String v : ensemble.monitor.tokenViolations()) {
            violation("fencing token: " + v);
        }
        List<Monitor.Overlap> overlaps = ensemble.monitor.overlaps();
        double worst = overlaps.stream().mapToDouble(Monitor.Overlap::millis).max().orElse(0);
        figure("two established leaders at once (ms)", worst);
        for (Monitor.Overlap o : overlaps) {
            violation(String.format(java.util.Locale.ROOT, "two established leaders at once: %d (token %d) and %d (token %d), "
                    + "observed together for %.0f ms", o.a().sid(), o.a().token(), o.b().sid(), o.b().token(), o.millis()));
        }
        figure("log bytes written (all peers, KiB)", ensemble.logBytes() / 1024.0);
    }
}
