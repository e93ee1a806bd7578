package dev.ballot.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fault scenarios on real processes: every peer a JVM in its own network namespace, faults as nft drops on the
 * bridge between them, state polled over a separate management link. Each scenario runs against Ballot and, in
 * the full run, against ZooKeeper 3.9.5 the same way; the test fails when Ballot breaks an invariant (ZooKeeper's
 * results are reported, not asserted).
 *
 * <p>Scenarios tagged {@code known-failing} break an invariant on today's code; they stay out of the default
 * {@code mvn verify} run and are in the full run ({@code -Pfaults-full}). Each names what it waits for.
 */
@Tag("faults")
class FaultScenariosTest {
    private static final Mode MODE = Mode.fromSystemProperties();
    private static final FaultReport REPORT = new FaultReport();
    private static NetLab lab;
    private static Path base;
    private static boolean keepRuns = Boolean.getBoolean("ballot.faults.keep");

    /** Run lengths and repeats: short (the default build) or full (-Pfaults-full). */
    record Mode(String name, List<Flavor> flavors, int repeats, int isolationRepeats, Duration isolation, Duration oneWay,
                Duration flapping, Duration loss, int killCycles, Duration diskWindow) {
        static Mode fromSystemProperties() {
            boolean full = "full".equals(System.getProperty("ballot.faults.mode", "short"));
            List<Flavor> flavors = Arrays.stream(System.getProperty("ballot.faults.flavors", full ? "ballot,zookeeper" : "ballot")
                    .split(",")).map(s -> Flavor.valueOf(s.strip().toUpperCase(Locale.ROOT))).toList();
            int repeats = Integer.getInteger("ballot.faults.repeats", full ? 3 : 1);
            return full
                    ? new Mode("full", flavors, repeats, Integer.getInteger("ballot.faults.repeats", 5), Duration.ofSeconds(15),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), 12, Duration.ofSeconds(30))
                    : new Mode("short", flavors, repeats, repeats, Duration.ZERO, Duration.ofSeconds(8), Duration.ofSeconds(15),
                    Duration.ofSeconds(20), 3, Duration.ofSeconds(15));
        }
    }

    /** One scenario's body, run once per flavor and repeat. */
    @FunctionalInterface
    interface Body {
        void run(ScenarioRun r) throws Exception;
    }

    @BeforeAll
    static void network() throws IOException {
        Optional<String> why = NetLab.unavailableReason();
        Assumptions.assumeTrue(why.isEmpty(), () -> "fault tests skipped: " + why.orElseThrow());
        lab = new NetLab(5);
        base = Files.createTempDirectory("ballot-faults-");
    }

    @AfterAll
    static void teardown() {
        if (lab != null) {
            lab.close();
        }
        if (base != null && !keepRuns) {
            // every run held its invariants (or -Dballot.faults.keep=true was not given): the peers' folders can go
            try (java.util.stream.Stream<Path> walk = Files.walk(base)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.out.println("cannot remove " + base + ": " + e);
            }
        }
        if (!REPORT.isEmpty()) {
            REPORT.publish(MODE.name());
        }
    }

    /** Runs {@code body} for every flavor and repeat; fails if any Ballot run broke an invariant. */
    private static void scenario(String name, int size, int repeats, Body body) throws Exception {
        List<String> ballotFailures = new ArrayList<>();
        for (Flavor flavor : MODE.flavors()) {
            for (int rep = 1; rep <= repeats; rep++) {
                Path dir = Files.createTempDirectory(base, name.replaceAll("\\W+", "-") + "-" + flavor + "-" + rep + "-");
                System.out.printf("SCENARIO %s, %s, N=%d, run %d/%d, in %s%n", name, flavor.title(), size, rep, repeats, dir);
                lab.heal();
                try (Ensemble e = new Ensemble(flavor, lab, size, dir)) {
                    ScenarioRun r = new ScenarioRun(name, e, REPORT);
                    try {
                        body.run(r);
                    } catch (ScenarioRun.Abort a) {
                        r.violation(a.getMessage());
                    } finally {
                        lab.heal();
                    }
                    r.finish();
                    REPORT.run(name, flavor, r.violations);
                    if (!r.violations.isEmpty()) {
                        keepRuns = true; // the logs of a broken run stay, under the folder the failure names
                        System.out.println(e.logTails(15));
                        if (flavor == Flavor.BALLOT) {
                            ballotFailures.add("run " + rep + ": " + String.join("; ", r.violations));
                        }
                    }
                }
            }
        }
        REPORT.save(MODE.name());
        if (!ballotFailures.isEmpty()) {
            fail(name + ": Ballot broke invariants (logs above, runs in " + base + "):\n" + String.join("\n", ballotFailures));
        }
    }

    private static long follower(ScenarioRun r, Monitor.Stable s) {
        return r.ensemble.sids().stream().filter(sid -> sid != s.leader()).max(Long::compare).orElseThrow();
    }

    private static List<Long> without(List<Long> all, long sid) {
        return all.stream().filter(s -> s != sid).toList();
    }

    // ---------------------------------------------------------------- scenarios

    /** The leader loses every link: the others elect a new leader under a greater token; healed, all rejoin. */
    private static void leaderIsolation(ScenarioRun r) throws Exception {
        Monitor.Stable s0 = r.startAndAwaitLeader();
        Map<Long, Long> before = r.ensemble.elections();
        long cut = System.nanoTime();
        Isolated i = isolate(r, s0);
        long hold = cut + MODE.isolation().toNanos() - System.nanoTime();
        if (hold > 0) {
            ScenarioRun.hold(Duration.ofNanos(hold)); // the isolated peer stays alone: does it keep electing?
        }
        r.checkElectionRate(ScenarioRun.delta(before, r.ensemble.elections()), Duration.ofNanos(System.nanoTime() - cut));
        r.lab.remove(i.rules());
        long heal = System.nanoTime();
        Monitor.Stable s2 = r.awaitAll(heal, s -> s.token() >= i.next().token(), ScenarioRun.STUCK_DEADLINE,
                "stuck after the heal: not every peer established under one leader");
        r.figure("heal → all established (ms)", ScenarioRun.ms(heal, s2.atNanos()));
    }

    /** The leader's cut rules and the new leader the connected majority established. */
    private record Isolated(List<NetLab.Rule> rules, Monitor.Stable next) {
    }

    /**
     * Isolates the leader of {@code s0}; returns once the others established a new leader and the old one stopped
     * leading, with the figures of both and the gap between them (the run's overlap check sees any overlap).
     */
    private static Isolated isolate(ScenarioRun r, Monitor.Stable s0) throws InterruptedException {
        long leader = s0.leader();
        long cut = System.nanoTime();
        List<NetLab.Rule> rules = r.lab.isolate(leader);
        Monitor.Stable s1 = r.await(without(r.ensemble.sids(), leader), cut, s -> s.token() > s0.token(),
                Duration.ofSeconds(30), "no new established leader among the connected majority");
        r.figure("isolation → new established leader (ms)", ScenarioRun.ms(cut, s1.atNanos()));
        Optional<Long> stepDown = r.ensemble.monitor.awaitPeer(leader, cut, o -> !o.leading(), Duration.ofSeconds(30));
        r.check(stepDown.isPresent(), "the isolated leader " + leader + " never stopped leading");
        stepDown.ifPresent(t -> r.figure("isolation → old leader stops leading (ms)", ScenarioRun.ms(cut, t)));
        // the gap between the old leader's last answer as leader and the new one's first (negative: both at once)
        List<Monitor.Leadership> ls = r.ensemble.monitor.leaderships();
        ls.stream().filter(l -> l.sid() == leader && l.token() == s0.token()).mapToLong(Monitor.Leadership::toNanos).max()
                .ifPresent(oldEnd -> ls.stream().filter(l -> l.sid() == s1.leader() && l.token() == s1.token()).findFirst()
                        .ifPresent(n -> r.figure("gap: old leader's last LEADING → new leader's first (ms)",
                                ScenarioRun.ms(oldEnd, n.fromNanos()))));
        return new Isolated(rules, s1);
    }

    /**
     * {@code -Dballot.faults.isolations=N}: N leader isolations in a row on one ensemble (isolate, a new leader,
     * heal, all established again, 4 s of quiet), counting every moment two peers were established leaders at
     * once. Without the quiet, isolating each new leader as soon as it is established makes every peer start
     * 10 elections within a minute, and the election pacer's cap then holds the ensemble leaderless for the
     * rest of that minute (as it should under a fault that keeps recurring).
     */
    private static Body isolationLoop(int times) {
        return r -> {
            Monitor.Stable s = r.startAndAwaitLeader();
            for (int n = 1; n <= times; n++) {
                Isolated i = isolate(r, s);
                r.lab.remove(i.rules());
                long heal = System.nanoTime();
                s = r.awaitAll(heal, x -> x.token() >= i.next().token(), ScenarioRun.STUCK_DEADLINE,
                        "stuck after heal " + n + ": not every peer established under one leader");
                // the next leader to isolate has been stable for a while: a role that ends within
                // syncLimit*tickTime counts as a failure for the pacer, and at most 10 elections start per minute
                ScenarioRun.hold(STABLE_BETWEEN_ISOLATIONS);
            }
            r.figure("two established leaders at once: isolations with an overlap",
                    r.ensemble.monitor.overlaps().size());
        };
    }

    private static final int ISOLATIONS = Integer.getInteger("ballot.faults.isolations", 0);
    private static final Duration STABLE_BETWEEN_ISOLATIONS = Duration.ofSeconds(4);

    @Test
    void leaderIsolationLoop3() throws Exception {
        Assumptions.assumeTrue(ISOLATIONS > 0, "opt-in: -Dballot.faults.isolations=N");
        scenario(ISOLATIONS + " leader isolations in a row (N=3)", 3, 1, isolationLoop(ISOLATIONS));
    }

    @Test
    void leaderIsolationLoop5() throws Exception {
        Assumptions.assumeTrue(ISOLATIONS > 0, "opt-in: -Dballot.faults.isolations=N");
        scenario(ISOLATIONS + " leader isolations in a row (N=5)", 5, 1, isolationLoop(ISOLATIONS));
    }

    @Test
    void leaderIsolation3() throws Exception {
        scenario("leader isolated (N=3)", 3, MODE.isolationRepeats(), FaultScenariosTest::leaderIsolation);
    }

    @Test
    void leaderIsolation5() throws Exception {
        Assumptions.assumeTrue(MODE.name().equals("full"), "N=5 isolation runs in the full run only");
        scenario("leader isolated (N=5)", 5, MODE.isolationRepeats(), FaultScenariosTest::leaderIsolation);
    }

    /**
     * A follower is killed (-9) and started again while the leader lives: it rejoins the same leader under the same
     * token, and nobody else elects.
     */
    @Test
    void followerRestart() throws Exception {
        scenario("follower restarted (kill -9, start)", 3, MODE.repeats(), r -> {
            Monitor.Stable s0 = r.startAndAwaitLeader();
            long f = follower(r, s0);
            Map<Long, Long> before = r.ensemble.elections();
            r.ensemble.kill9(f);
            long start = System.nanoTime();
            r.ensemble.start(f);
            long up = r.awaitAllUp(start);
            Monitor.Stable s1 = r.awaitAll(up, s -> true, ScenarioRun.STUCK_DEADLINE,
                    "the restarted follower " + f + " did not rejoin");
            r.figure("start → rejoined, JVM start included (ms)", ScenarioRun.ms(start, s1.atNanos()));
            r.figure("admin port up → rejoined (ms)", ScenarioRun.ms(up, s1.atNanos()));
            r.check(s1.leader() == s0.leader() && s1.token() == s0.token(), "re-elected instead of rejoining: leader "
                    + s0.leader() + "/token " + s0.token() + " became " + s1.leader() + "/token " + s1.token());
            ScenarioRun.hold(Duration.ofSeconds(3)); // settle: a storm shows here as a growing count
            Map<Long, Long> during = ScenarioRun.delta(before, r.ensemble.elections());
            r.figure("elections started (all peers)", during.values().stream().mapToLong(Long::longValue).sum());
            during.forEach((sid, n) -> r.check(sid == f ? n <= 1 : n == 0, "peer " + sid + " started " + n
                    + " elections around the restart of follower " + f + (sid == f ? " (bound 1)" : " (bound 0)")));
            r.check(r.ensemble.monitor.stableNow(r.ensemble.sids(), System.nanoTime() - 500_000_000L).isPresent(),
                    "not stable 3 s after the rejoin: " + r.latest());
        });
    }

    /** Frames from the leader to one follower are dropped (the other direction flows), then healed. */
    @Test
    void oneWayCut() throws Exception {
        scenario("leader→follower frames dropped for " + MODE.oneWay().toSeconds() + " s", 3, MODE.repeats(), r -> {
            Monitor.Stable s0 = r.startAndAwaitLeader();
            long f = follower(r, s0);
            Map<Long, Long> before = r.ensemble.elections();
            NetLab.Rule rule = r.lab.drop(s0.leader(), f);
            ScenarioRun.hold(MODE.oneWay());
            r.checkElectionRate(ScenarioRun.delta(before, r.ensemble.elections()), MODE.oneWay());
            r.lab.remove(List.of(rule));
            long heal = System.nanoTime();
            Monitor.Stable s1 = r.awaitAll(heal, s -> true, ScenarioRun.STUCK_DEADLINE,
                    "stuck after the heal: follower " + f + " did not rejoin");
            r.figure("heal → all established (ms)", ScenarioRun.ms(heal, s1.atNanos()));
        });
    }

    /** The link between the leader and one follower goes down and up at random, 0.3–4 s each, seeded. */
    @Test
    void flappingLink() throws Exception {
        scenario("leader↔follower link flapping for " + MODE.flapping().toSeconds() + " s", 3, MODE.repeats(), r -> {
            Monitor.Stable s0 = r.startAndAwaitLeader();
            long f = follower(r, s0);
            long seed = Long.getLong("ballot.faults.seed", System.nanoTime());
            System.out.println("flapping seed " + seed + " (-Dballot.faults.seed to replay)");
            Random random = new Random(seed);
            Map<Long, Long> before = r.ensemble.elections();
            long end = System.nanoTime() + MODE.flapping().toNanos();
            int cuts = 0;
            int longCuts = 0;
            long detection = (long) Ensemble.SYNC_LIMIT * Ensemble.TICK_MS;
            while (System.nanoTime() < end) {
                long down = 300 + random.nextInt(3700);
                List<NetLab.Rule> rules = r.lab.cut(s0.leader(), f);
                cuts++;
                // a cut near syncLimit*tickTime may be noticed: it may cost one election, no more
                longCuts += down >= detection - 500 ? 1 : 0;
                ScenarioRun.hold(Duration.ofMillis(down));
                r.lab.remove(rules);
                ScenarioRun.hold(Duration.ofMillis(300 + random.nextInt(3700)));
            }
            r.figure("cuts", cuts);
            r.figure("cuts ≥ syncLimit·tickTime − 0.5 s", longCuts);
            Map<Long, Long> during = ScenarioRun.delta(before, r.ensemble.elections());
            r.figure("elections started while flapping (all peers)", during.values().stream().mapToLong(Long::longValue).sum());
            long bound = Math.max(ScenarioRun.electionBound(MODE.flapping()), longCuts + 1);
            during.forEach((sid, n) -> r.check(n <= bound, "peer " + sid + " started " + n + " elections in "
                    + MODE.flapping().toSeconds() + " s of flapping (bound " + bound + ": one per long cut + 1, at least 10 per started minute + 1)"));
            long heal = System.nanoTime();
            Monitor.Stable s1 = r.awaitAll(heal, s -> true, ScenarioRun.STUCK_DEADLINE, "stuck after the last heal");
            r.figure("last heal → all established (ms)", ScenarioRun.ms(heal, s1.atNanos()));
        });
    }

    /** 20 % of all frames between peers dropped at random: TCP retransmits; nobody should elect. */
    @Test
    void randomLoss() throws Exception {
        // once known failing: a follower's deadline fired in 2 of 6 60-s runs (one TCP connection stalled 2.5 s in
        // retransmission back-off, congestion window 1, timer 208 -> 1,664 ms); since the follower dials a second
        // connection half-way through a silence (0048408), 0 elections in 6 of 6 runs, 6 second connections
        scenario("20 % frame loss on every link for " + MODE.loss().toSeconds() + " s", 3, MODE.repeats(), r -> {
            Monitor.Stable s0 = r.startAndAwaitLeader();
            Map<Long, Long> before = r.ensemble.elections();
            long from = System.nanoTime();
            NetLab.Rule rule = r.lab.loss(20);
            ScenarioRun.hold(MODE.loss());
            long to = System.nanoTime();
            r.lab.remove(List.of(rule));
            Map<Long, Long> during = ScenarioRun.delta(before, r.ensemble.elections());
            long total = during.values().stream().mapToLong(Long::longValue).sum();
            r.figure("elections started during the loss (all peers)", total);
            double unhealthy = r.ensemble.sids().stream()
                    .mapToDouble(sid -> r.ensemble.monitor.longestUnestablishedMillis(sid, from, to)).max().orElse(0);
            r.figure("longest time a peer was not established (ms)", unhealthy);
            r.check(total == 0, "spurious elections under 20 % loss: " + during);
            long heal = System.nanoTime();
            Monitor.Stable s1 = r.awaitAll(heal, s -> true, ScenarioRun.STUCK_DEADLINE, "stuck after the loss ended");
            r.check(s1.leader() == s0.leader() && s1.token() == s0.token(), "the leader changed under loss: "
                    + s0.leader() + "/token " + s0.token() + " → " + s1.leader() + "/token " + s1.token());
        });
    }

    /** kill -9 of a random peer at a random moment, started again after a random pause; seeded. */
    @Test
    void killLoop() throws Exception {
        scenario("kill -9 at random moments, " + MODE.killCycles() + " cycles", 3, MODE.repeats(), r -> {
            r.startAndAwaitLeader();
            long seed = Long.getLong("ballot.faults.seed", System.nanoTime());
            System.out.println("kill-loop seed " + seed + " (-Dballot.faults.seed to replay)");
            Random random = new Random(seed);
            List<Long> sids = r.ensemble.sids();
            for (int i = 0; i < MODE.killCycles(); i++) {
                ScenarioRun.hold(Duration.ofMillis(200 + random.nextInt(2800)));
                long victim = sids.get(random.nextInt(sids.size()));
                r.ensemble.kill9(victim);
                ScenarioRun.hold(Duration.ofMillis(random.nextInt(1500)));
                r.ensemble.start(victim);
            }
            long last = System.nanoTime();
            long up = r.awaitAllUp(last);
            Monitor.Stable s = r.awaitAll(up, x -> true, ScenarioRun.STUCK_DEADLINE,
                    "stuck after the last restart: not every peer established under one leader");
            r.figure("last restart → all established, JVM start included (ms)", ScenarioRun.ms(last, s.atNanos()));
            r.figure("all admin ports up → all established (ms)", ScenarioRun.ms(up, s.atNanos()));
            r.figure("leaderships observed", r.ensemble.monitor.leaderships().size());
            for (long sid : sids) {
                long[] epochs = r.ensemble.epochFiles(sid);
                r.check(epochs[1] <= epochs[0], "peer " + sid + ": currentEpoch " + epochs[1] + " > acceptedEpoch " + epochs[0]);
            }
        });
    }

    /**
     * The highest sid's {@code version-2} is read-only (or full) from the start: the two healthy peers form a quorum
     * and elect; the faulty peer must not become a leader it cannot serve.
     */
    private static Body diskFaultAtStart(Ensemble.Disk disk) {
        return r -> {
            long bad = r.ensemble.size;
            long t0 = System.nanoTime();
            for (long sid : r.ensemble.sids()) {
                r.ensemble.start(sid, sid == bad ? disk : Ensemble.Disk.NORMAL);
            }
            r.ensemble.monitor.start();
            List<Long> healthy = without(r.ensemble.sids(), bad);
            Optional<Monitor.Stable> s = r.ensemble.monitor.awaitStable(healthy, t0, x -> true, ScenarioRun.START_DEADLINE);
            r.check(s.isPresent(), "the healthy peers " + healthy + " elected no leader within "
                    + ScenarioRun.START_DEADLINE.toSeconds() + " s of start-up (latest: " + r.latest() + ")");
            s.ifPresent(x -> r.figure("start → healthy peers established, JVM start included (ms)", ScenarioRun.ms(t0, x.atNanos())));
            r.figure("faulty peer still running at the end (1 = yes)", r.ensemble.alive(bad) ? 1 : 0);
            r.check(!r.ensemble.monitor.anyBetween(bad, t0, System.nanoTime(), Observation::leading),
                    "faulty peer " + bad + " was an established leader");
        };
    }

    /**
     * From a namespace of its own (one the N=3 ensemble does not use), a flood of election handshakes claiming the
     * configured sids in turn, each with a notification that proposes the claimed sid far ahead, against the
     * leader's election port: the ensemble must not notice (no election, same leader and token) and the leader
     * must not write a log line per connection.
     */
    @Test
    void forgedHandshakeFlood() throws Exception {
        int connections = Integer.getInteger("ballot.faults.floodConnections", MODE.name().equals("full") ? 65_000 : 5_000);
        scenario("forged election handshakes, " + connections + " connections", 3, MODE.repeats(), r -> {
            Monitor.Stable s0 = r.startAndAwaitLeader();
            Map<Long, Long> before = r.ensemble.elections();
            long linesBefore = r.ensemble.logLines(s0.leader());
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process flood = new ProcessBuilder("ip", "netns", "exec", r.lab.namespace(4), javaBin, "-cp",
                    System.getProperty("java.class.path"), HandshakeFlood.class.getName(), r.lab.address(s0.leader()),
                    String.valueOf(Flavor.ELECTION_PORT), "1,2,3", String.valueOf(connections), "45", "8")
                    .redirectErrorStream(true).start();
            long t0 = System.nanoTime();
            String out;
            try {
                if (!flood.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                    r.violation("the flood did not end within 90 s");
                }
                out = new String(flood.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            } finally {
                flood.destroyForcibly();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.println("flood: " + out);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("connections (\\d+) failed (\\d+)").matcher(out);
            boolean counted = m.find();
            r.check(counted, "the flood printed no count: " + out);
            long made = counted ? Long.parseLong(m.group(1)) : 0;
            r.figure("forged connections made", made);
            r.figure("forged connections per second", made / secs);
            long lines = r.ensemble.logLines(s0.leader()) - linesBefore;
            r.figure("leader's log lines during the flood", lines);
            Map<Long, Long> during = ScenarioRun.delta(before, r.ensemble.elections());
            long total = during.values().stream().mapToLong(Long::longValue).sum();
            r.figure("elections started during the flood (all peers)", total);
            Monitor.Stable s1 = r.awaitAll(System.nanoTime(), x -> true, ScenarioRun.STUCK_DEADLINE, "stuck after the flood");
            r.check(total == 0, "elections during the flood: " + during);
            r.check(s1.leader() == s0.leader() && s1.token() == s0.token(), "the flood changed the leader: "
                    + s0.leader() + "/token " + s0.token() + " → " + s1.leader() + "/token " + s1.token());
            r.check(lines <= 100, "the leader logged " + lines + " lines for " + made + " forged connections");
        });
    }

    @Test
    void readOnlyDiskAtStart() throws Exception {
        scenario("highest sid's version-2 read-only at start", 3, 1, diskFaultAtStart(Ensemble.Disk.READ_ONLY));
    }

    @Test
    void fullDiskAtStart() throws Exception {
        scenario("highest sid's version-2 full at start", 3, 1, diskFaultAtStart(Ensemble.Disk.FULL));
    }

    /**
     * The highest sid's {@code version-2} turns read-only (or full) while the ensemble runs; a 4 s partition of
     * everyone then makes all peers elect again from equal epochs, which the faulty peer wins by its sid. It cannot
     * persist the new epoch: it must step aside so that the two healthy peers elect, and must not start elections
     * in a loop.
     */
    private static Body diskFaultAtRuntime(boolean full) {
        return r -> {
            long bad = r.ensemble.size;
            long t0 = System.nanoTime();
            for (long sid : r.ensemble.sids()) {
                r.ensemble.start(sid, sid == bad && full ? Ensemble.Disk.TMPFS : Ensemble.Disk.NORMAL);
            }
            r.ensemble.monitor.start();
            Monitor.Stable s0 = r.awaitAll(t0, x -> true, ScenarioRun.START_DEADLINE, "no established leader after start-up");
            if (full) {
                r.ensemble.fillDisk(bad);
            } else {
                r.ensemble.readOnlyDisk(bad);
            }
            NetLab.Rule partition = r.lab.partitionAll();
            ScenarioRun.hold(Duration.ofMillis(Ensemble.SYNC_LIMIT * Ensemble.TICK_MS + 1500L));
            Map<Long, Long> before = r.ensemble.elections();
            r.lab.remove(List.of(partition));
            long heal = System.nanoTime();
            List<Long> healthy = without(r.ensemble.sids(), bad);
            Optional<Monitor.Stable> s = r.ensemble.monitor.awaitStable(healthy, heal, x -> x.token() > s0.token()
                    && x.leader() != bad, MODE.diskWindow());
            r.check(s.isPresent(), "the healthy peers " + healthy + " elected no leader within " + MODE.diskWindow().toSeconds()
                    + " s of the heal (latest: " + r.latest() + ")");
            s.ifPresent(x -> r.figure("heal → healthy peers established (ms)", ScenarioRun.ms(heal, x.atNanos())));
            long left = heal + MODE.diskWindow().toNanos() - System.nanoTime();
            if (left > 0) {
                ScenarioRun.hold(Duration.ofNanos(left));
            }
            Map<Long, Long> during = ScenarioRun.delta(before, r.ensemble.elections());
            r.figure("elections started by the faulty peer", during.get(bad));
            long bound = ScenarioRun.electionBound(MODE.diskWindow());
            r.check(during.get(bad) <= bound, "faulty peer " + bad + " started " + during.get(bad) + " elections in "
                    + MODE.diskWindow().toSeconds() + " s (bound " + bound + ": 10 per started minute + 1)");
            r.check(!r.ensemble.monitor.anyBetween(bad, heal, System.nanoTime(), Observation::leading),
                    "faulty peer " + bad + " became an established leader after its disk failed");
        };
    }

    @Test
    void readOnlyDiskAtRuntime() throws Exception {
        scenario("highest sid's version-2 turns read-only, then all re-elect", 3, MODE.repeats(), diskFaultAtRuntime(false));
    }

    @Test
    void fullDiskAtRuntime() throws Exception {
        scenario("highest sid's version-2 fills up, then all re-elect", 3, MODE.repeats(), diskFaultAtRuntime(true));
    }
}
