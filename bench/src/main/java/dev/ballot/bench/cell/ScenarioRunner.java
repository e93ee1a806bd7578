package dev.ballot.bench.cell;

import dev.ballot.bench.proxy.ProxyProcess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs one {@link CellSpec} against one system's {@link Ensemble}s and collects a {@link CellResult}.
 * The same code drives both systems: start every election layer, make every peer look for a leader, wait
 * until every peer has decided (and check they agree); then shut the leader's election layer down and time
 * the others' re-election. Timers cover only the elections; resource samples (full GC, fd scan) are taken
 * between timed phases. A cell run without warm-up ensembles ({@code --warmups 0}) first runs one unrecorded ensemble
 * of {@value #JVM_WARMUP_VOTERS} voters, so that its first recorded ensemble is not also the JVM's warm-up.
 *
 * <p>Single-threaded: call {@link #run()} once.
 */
public final class ScenarioRunner {
    /**
     * Voters of the JVM warm-up of a cell that has no warm-up of its own: the first ensemble of a fresh JVM loads and
     * compiles everything (Ballot's first cold election at N=25 took 1.2 s, the next 0.25 s).
     */
    static final int JVM_WARMUP_VOTERS = 5;

    /** Ensembles tried on fresh ports when a port was taken ({@link #onFreshPorts}). */
    static final int BIND_ATTEMPTS = 3;

    /**
     * The order peers start and look in: {@code shuffled} (default) a permutation drawn from the cell's seed, the same
     * for both systems of a group; {@code sid} ascending, the only order before this setting. In sid order the best
     * candidate of a cold election (the largest sid, all else equal) starts last, so every other peer hears the
     * better votes one by one and proposes each in turn: FLE's worst case, which no cluster starts in on purpose.
     */
    static final String START_ORDER = System.getProperty("ballot.bench.startOrder", "shuffled");

    private final CellSpec spec;
    private final Function<Layout, Ensemble> factory;
    private final Map<String, List<Long>> latencies = new LinkedHashMap<>();
    private final Random random;
    private long cpuNanos;
    private int elections;
    private long sent;
    private long received;
    private long heap = -1; // -1 until sampled: a cell that times out in its first election has none
    private int sockets = -1;
    /** Phases whose split decision was settled by {@link #awaitAgreement}. */
    private int splitsSettled;
    private double electionsPerSecond;

    public ScenarioRunner(CellSpec spec, Function<Layout, Ensemble> factory) {
        this.spec = spec;
        this.factory = factory;
        this.random = new Random(spec.seed());
    }

    /** Runs the cell; never throws: failures become a result with status {@code timeout} or {@code error}. */
    public CellResult run() {
        ProcessProbe.resetPeakThreads();
        try {
            if (spec.scenario() == CellSpec.Scenario.CHURN) {
                runChurn();
            } else {
                if (spec.warmups() == 0) {
                    onFreshPorts(() -> runColdAndReelection(
                            Layout.allocate(Math.min(JVM_WARMUP_VOTERS, spec.voters()), 0), false));
                }
                for (int i = 0; i < spec.warmups() + spec.reps(); i++) {
                    boolean record = i >= spec.warmups();
                    onFreshPorts(() -> runColdAndReelection(Layout.allocate(spec.voters(), spec.observers()), record));
                }
            }
            return result("ok", splitsSettled == 0 ? "" : splitsSettled + " split decision(s) settled by looking again");
        } catch (PhaseTimeoutException e) {
            return result("timeout", e.getMessage());
        } catch (RuntimeException e) {
            return result("error", String.valueOf(e));
        }
    }

    /**
     * Runs {@code ensemble}, again on other ports (at most {@value #BIND_ATTEMPTS} times) if a port could not be
     * bound: the ports are chosen by binding port 0 and released before the peers bind them, and in the meantime
     * the kernel may hand one out as the source port of one of the many connections a cell makes. Nothing is
     * recorded before the peers are up, so a retried ensemble leaves no figure behind.
     */
    private static void onFreshPorts(Runnable ensemble) {
        for (int attempt = 1; ; attempt++) {
            try {
                ensemble.run();
                return;
            } catch (RuntimeException e) {
                if (attempt == BIND_ATTEMPTS || !causedByBind(e)) {
                    throw e;
                }
                System.err.println("ensemble ports taken (" + e + "); again on other ports");
            }
        }
    }

    /** A {@code BindException}, or Netty's native transport's "bind(..) failed ...: Address already in use". */
    static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private void runColdAndReelection(Layout layout, boolean record) {
        try (ProxyProcess proxy = spec.lossPct() > 0 ? startProxy(layout) : null;
             Ensemble ens = factory.apply(proxy == null ? layout : layout.advertising(proxy.ports()))) {
            List<Long> all = startOrder(layout.sids());
            Set<Long> voters = layout.peers().stream().filter(p -> !p.observer()).map(PeerSpec::sid)
                    .collect(Collectors.toSet());
            all.forEach(ens::start);
            long leader = timed("cold", record, ens, all, voters);
            sampleResources(record);
            ens.stop(leader);
            List<Long> rest = new ArrayList<>(all);
            rest.remove(leader);
            timed("reelection", record, ens, rest, voters);
        }
    }

    /** {@code sids} in the order of {@link #START_ORDER}. */
    List<Long> startOrder(List<Long> sids) {
        List<Long> order = new ArrayList<>(sids);
        switch (START_ORDER) {
            case "shuffled" -> Collections.shuffle(order, random);
            case "sid" -> Collections.sort(order);
            default -> throw new IllegalArgumentException("ballot.bench.startOrder must be shuffled or sid, not '"
                    + START_ORDER + "'");
        }
        return order;
    }

    private void runChurn() {
        Layout layout = Layout.allocate(spec.voters(), 0);
        try (Ensemble ens = factory.apply(layout)) {
            List<Long> all = layout.sids();
            Set<Long> voters = Set.copyOf(all);
            all.forEach(ens::start);
            timed("cold", false, ens, all, voters);
            long begin = 0;
            for (int i = 0; i < spec.warmups() + spec.reps(); i++) {
                if (i == spec.warmups()) {
                    begin = System.nanoTime();
                }
                long victim = all.get(random.nextInt(all.size()));
                ens.stop(victim);
                ens.recreate(victim);
                ens.start(victim);
                timed("churn", i >= spec.warmups(), ens, all, voters);
            }
            electionsPerSecond = spec.reps() / ((System.nanoTime() - begin) / 1e9);
            sampleResources(true);
        }
    }

    private ProxyProcess startProxy(Layout layout) {
        Map<Long, Integer> targets = new LinkedHashMap<>();
        layout.peers().forEach(p -> targets.put(p.sid(), p.electionPort()));
        return new ProxyProcess(targets, spec.lossPct(), random.nextLong());
    }

    /** One timed election: {@code lookers} look for a leader; returns the leader they all agree on. */
    private long timed(String phase, boolean record, Ensemble ens, List<Long> lookers, Set<Long> voters) {
        long cpu0 = ProcessProbe.processCpuNanos();
        long sent0 = ens.notificationsSent();
        long received0 = ens.notificationsReceived();
        long t0 = System.nanoTime();
        // each peer's final decision, looked up by the peers that decided on it; filled before any look starts
        Map<Long, CompletableFuture<Long>> gates = new LinkedHashMap<>();
        lookers.forEach(sid -> gates.put(sid, new CompletableFuture<>()));
        List<CompletableFuture<Long>> decisions = new ArrayList<>();
        for (long sid : lookers) {
            CompletableFuture<Long> d = decide(ens, sid, lookers, gates);
            d.whenComplete((v, e) -> complete(gates.get(sid), v, e));
            decisions.add(d);
        }
        long deadline = t0 + spec.timeout().toNanos();
        long leader = awaitAgreement(phase, ens, lookers, voters, decisions, deadline);
        long micros = (System.nanoTime() - t0) / 1000;
        if (record) {
            latencies.computeIfAbsent(phase, k -> new ArrayList<>()).add(micros);
            cpuNanos += ProcessProbe.processCpuNanos() - cpu0;
            sent += ens.notificationsSent() - sent0;
            received += ens.notificationsReceived() - received0;
            elections++;
        }
        return leader;
    }

    /**
     * {@code sid} looks for a leader. A server that decided on a peer which does not lead (not running, or
     * itself decided on someone else) cannot follow it and looks again; this is emulated here, so a stale or
     * transient decision (observers meet both: FOLLOWING/LEADING notifications about the old leader still
     * queued, or a transient quorum of LOOKING votes) costs the time it would cost a real server.
     */
    private static CompletableFuture<Long> decide(Ensemble ens, long sid, List<Long> running,
                                                  Map<Long, CompletableFuture<Long>> decisions) {
        return ens.lookForLeader(sid).thenCompose(leader -> {
            if (leader == sid) {
                return CompletableFuture.completedFuture(leader);
            }
            if (!running.contains(leader)) {
                return decide(ens, sid, running, decisions);
            }
            return decisions.get(leader).thenCompose(theirs -> theirs.longValue() == leader
                    ? CompletableFuture.completedFuture(leader) : decide(ens, sid, running, decisions));
        });
    }

    private static void complete(CompletableFuture<Long> gate, Long value, Throwable error) {
        if (error != null) {
            gate.completeExceptionally(error);
        } else {
            gate.complete(value);
        }
    }

    /**
     * Waits for every decision and returns the leader they agree on. A split decision (FLE allows one: a peer
     * can decide on a quorum of votes that then move on) is settled as servers settle it: a leader nobody
     * follows, or a follower of a peer that does not lead, fails to establish and elects again; here the peers
     * outside the leader a majority of the voters decided on look again until they decide on it, within the
     * same bound, and the phase's time includes that. Without such a majority the phase fails.
     */
    private long awaitAgreement(String phase, Ensemble ens, List<Long> lookers, Set<Long> voters,
                                List<CompletableFuture<Long>> decisions, long deadline) {
        List<Long> leaders = await(phase, decisions, deadline);
        if (leaders.stream().distinct().count() == 1) {
            return leaders.get(0);
        }
        Map<Long, Long> votes = new LinkedHashMap<>();
        for (int i = 0; i < lookers.size(); i++) {
            if (voters.contains(lookers.get(i))) {
                votes.merge(leaders.get(i), 1L, Long::sum);
            }
        }
        long majority = votes.entrySet().stream().filter(e -> e.getValue() > voters.size() / 2).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalStateException(phase + ": peers decided on different leaders "
                        + leaders.stream().distinct().toList() + ", none by a majority of the voters"));
        List<CompletableFuture<Long>> again = new ArrayList<>();
        for (int i = 0; i < lookers.size(); i++) {
            if (leaders.get(i) != majority) {
                again.add(lookUntil(ens, lookers.get(i), majority, deadline));
            }
        }
        splitsSettled++;
        System.err.println(phase + ": " + again.size() + " of " + lookers.size() + " peers decided on "
                + leaders.stream().distinct().filter(l -> l != majority).toList() + ", not " + majority
                + " as a majority of the voters did; they look again");
        await(phase, again, deadline);
        return majority;
    }

    /** {@code sid} looks for a leader until it decides on {@code leader} (the deadline bounds it). */
    private static CompletableFuture<Long> lookUntil(Ensemble ens, long sid, long leader, long deadline) {
        return ens.lookForLeader(sid).thenCompose(l -> l == leader || System.nanoTime() - deadline > 0
                ? CompletableFuture.completedFuture(l) : lookUntil(ens, sid, leader, deadline));
    }

    /** The values of {@code futures}, in order, once all completed before {@code deadline}. */
    private List<Long> await(String phase, List<CompletableFuture<Long>> futures, long deadline) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            long done = futures.stream().filter(CompletableFuture::isDone).count();
            throw new PhaseTimeoutException(phase + ": " + done + " of " + futures.size()
                    + " peers decided within " + spec.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException(phase + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private void sampleResources(boolean record) {
        if (record) {
            heap = Math.max(heap, ProcessProbe.heapUsedAfterGc());
            sockets = Math.max(sockets, ProcessProbe.openSockets());
        }
    }

    private CellResult result(String status, String detail) {
        double perSent = elections == 0 || sent < 0 ? -1 : (double) sent / elections;
        double perReceived = elections == 0 || received < 0 ? -1 : (double) received / elections;
        long cpuPer = elections == 0 ? -1 : cpuNanos / elections;
        return new CellResult(spec, status, detail, latencies, electionsPerSecond, ProcessProbe.peakThreads(),
                heap, cpuPer, perSent, perReceived, sockets);
    }

    /** An election phase did not finish within the cell's bound. */
    static final class PhaseTimeoutException extends RuntimeException {
        PhaseTimeoutException(String message) {
            super(message);
        }
    }
}
