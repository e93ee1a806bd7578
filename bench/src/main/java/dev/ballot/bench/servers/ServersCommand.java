package dev.ballot.bench.servers;

import dev.ballot.bench.cell.Layout;
import dev.ballot.bench.report.LatencyStats;
import dev.ballot.bench.report.MachineInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code servers}: whole servers as processes. For each N and repetition, systems alternating: start N
 * processes from the same generated {@code zoo.cfg}, time until a leader serves with a majority, sample
 * threads and RSS of every process, {@code kill -9} the leader, time until a new leader serves and, for the
 * ZooKeeper systems, until a client connected to every client port has a write acknowledged. Writes
 * {@code servers.md}, {@code servers.csv} and {@code servers-first-write.png} into {@code --out}.
 */
@Command(name = "servers", mixinStandardHelpOptions = true,
        description = {"Whole servers as processes: Ballot's server, ZooKeeper's QuorumPeerMain and ZooKeeper on"
                + " Ballot's election (ballot-zookeeper) from the same generated zoo.cfg: cold start to a serving"
                + " leader, kill -9 of the leader to a new serving leader and (ZooKeeper systems) to the first write"
                + " acknowledged to a client of every client port, threads and RSS per process."})
public final class ServersCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "bench-results", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--sizes", split = ",", defaultValue = "3,5", description = "Ensemble sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;
    @Option(names = "--reps", defaultValue = "3", description = "Repetitions per system and size (default: ${DEFAULT-VALUE}).")
    int reps;
    @Option(names = "--systems", split = ",", defaultValue = "ballot,zookeeper",
            description = "Systems, alternating: ballot, zookeeper, ballot-zookeeper (default: ${DEFAULT-VALUE}).")
    List<String> systems;
    @Option(names = "--tick-time", defaultValue = "2000", description = "tickTime, ms (default: ${DEFAULT-VALUE}).")
    int tickTimeMs;
    @Option(names = "--sync-limit", defaultValue = "5", description = "syncLimit, ticks (default: ${DEFAULT-VALUE}).")
    int syncLimit;
    @Option(names = "--timeout", defaultValue = "60", description = "Bound per phase, seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;
    @Option(names = "--jvm-args", split = " ", defaultValue = "-Xms64m -Xmx256m",
            description = "JVM options of the ZooKeeper systems' processes (default: ${DEFAULT-VALUE}).")
    List<String> jvmArgs;
    /** The JVM options {@code server/bin/ballot-server} runs a peer with (LauncherFlagsTest keeps them equal). */
    static final String BALLOT_LAUNCHER_FLAGS =
            "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:CompileThresholdScaling=4 -Xms8m -Xmx64m"
            + " -Dio.netty.allocator.type=unpooled";
    @Option(names = "--ballot-jvm-args", split = " ", defaultValue = BALLOT_LAUNCHER_FLAGS,
            description = "JVM options of Ballot's server processes (default: those of the shipped launcher,"
                    + " bin/ballot-server: ${DEFAULT-VALUE}, with MALLOC_ARENA_MAX=2).")
    List<String> ballotJvmArgs;
    @Option(names = "--probe-every", defaultValue = "5",
            description = "ZooKeeper's peers are asked whether they serve every this many ms, all in parallel;"
                    + " Ballot's push every change on /watch, and reconnect this often while down (default: ${DEFAULT-VALUE}).")
    int probeEveryMs;
    @Option(names = "--settle", defaultValue = "0",
            description = "Wait this many ms after the cold start before the kill -9 (default: ${DEFAULT-VALUE}:"
                    + " at once, the JVMs still cold).")
    int settleMs;
    @Option(names = "--keep-logs", description = "Keep every run's folder (zoo.cfg, data, each peer's out.log) under"
            + " <out>/runs/<system>-n<N>-rep<k> instead of deleting it; Ballot's servers then log as shipped (INFO),"
            + " the others at ERROR as always.")
    boolean keepLogs;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Map<String, List<Sample>> bySystemAndSize = new java.util.TreeMap<>(ServersCommand::bySizeThenSystem);
        int step = 0;
        for (int n : sizes) {
            for (int rep = 0; rep < reps; rep++) {
                List<String> order = new ArrayList<>(systems);
                if (step++ % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String system : order) {
                    System.err.printf(Locale.ROOT, "servers N=%d rep %d/%d %-10s ", n, rep + 1, reps, system);
                    Sample s = measure(system, n, rep + 1);
                    System.err.println(s);
                    bySystemAndSize.computeIfAbsent(system + "/" + n, k -> new ArrayList<>()).add(s);
                }
            }
        }
        write(bySystemAndSize);
        System.err.println("wrote " + out.resolve("servers.md"));
        return 0;
    }

    /** One repetition: cold start, samples, kill -9 of the leader, failover. */
    record Sample(String status, long coldMicros, long failoverMicros, long firstWriteMicros, double threadsPerProcess,
                  double rssMibPerProcess, long[] survivorsSched) {
        Sample(String status, long coldMicros, long failoverMicros, long firstWriteMicros, double threadsPerProcess,
               double rssMibPerProcess) {
            this(status, coldMicros, failoverMicros, firstWriteMicros, threadsPerProcess, rssMibPerProcess, null);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s cold %.0f ms, failover %.0f ms, first write %s, %.0f threads,"
                            + " %.0f MiB RSS per process%s", status, coldMicros / 1000.0, failoverMicros / 1000.0,
                    firstWriteMicros < 0 ? "n/a" : Math.round(firstWriteMicros / 1000.0) + " ms", threadsPerProcess,
                    rssMibPerProcess, survivorsSched == null ? "" : String.format(Locale.ROOT,
                            "; during the failover the survivors ran %.0f ms and waited %.0f ms for a core",
                            survivorsSched[0] / 1e6, survivorsSched[1] / 1e6));
        }
    }

    private Sample measure(String system, int n, int rep) throws IOException, InterruptedException {
        Path root = keepLogs ? Files.createDirectories(out.resolve("runs").resolve(system + "-n" + n + "-rep" + rep))
                : Files.createTempDirectory("ballot-bench-servers");
        try (ServerEnsemble e = new ServerEnsemble(system, n, Layout.freePorts(4 * n), root, tickTimeMs, syncLimit)) {
            long t0 = System.nanoTime();
            Optional<ServingWatch.Found> leader;
            try (ServingWatch cold = e.watchServingLeader(-1, probeEvery())) {
                e.startAll("ballot".equals(system) ? ballotJvmArgs : jvmArgs, keepLogs);
                leader = cold.await(Duration.ofSeconds(timeoutSeconds));
            }
            if (leader.isEmpty()) {
                return new Sample("timeout(cold)", (System.nanoTime() - t0) / 1000, -1, -1, -1, -1);
            }
            long cold = (leader.get().atNanos() - t0) / 1000;
            double threads = 0;
            double rss = 0;
            for (long sid : e.sids()) {
                long[] tr = e.threadsAndRssKib(sid);
                threads += tr[0];
                rss += tr[1] / 1024.0;
            }
            try (FirstWrite writes = e.servesZooKeeperClients() ? FirstWrite.connect(e.connectString(), timeoutSeconds)
                    : null) {
                long old = leader.get().leader();
                if (settleMs > 0) {
                    Thread.sleep(settleMs); // the scenario's pause before the kill, not synchronisation
                }
                e.kill(old);
                long t1 = System.nanoTime();
                long[] sched0 = e.survivorsSchedNanos();
                try (ServingWatch failover = e.watchServingLeader(old, probeEvery())) {
                    long firstWrite = writes == null ? -1 : writes.awaitAcknowledged(t1, timeoutSeconds);
                    Optional<ServingWatch.Found> next = failover.await(Duration.ofSeconds(timeoutSeconds));
                    long failoverMicros = next.map(f -> (f.atNanos() - t1) / 1000).orElse((System.nanoTime() - t1) / 1000);
                    long[] sched1 = e.survivorsSchedNanos(); // after the leader was found: a little past the moment
                    String status = next.isEmpty() ? "timeout(failover)" : writes != null && firstWrite < 0
                            ? "timeout(write)" : "ok";
                    return new Sample(status, cold, failoverMicros, firstWrite, threads / n, rss / n,
                            new long[] {sched1[0] - sched0[0], sched1[1] - sched0[1]});
                }
            }
        } finally {
            if (!keepLogs) {
                deleteQuietly(root);
            }
        }
    }

    private Duration probeEvery() {
        return Duration.ofMillis(probeEveryMs);
    }

    private void write(Map<String, List<Sample>> results) throws IOException {
        StringBuilder csv = new StringBuilder("system,n,rep,status,cold_start_ms,failover_ms,first_write_ms,"
                + "threads_per_process,rss_mib_per_process\n");
        MachineInfo m = MachineInfo.current();
        StringBuilder md = new StringBuilder("# Servers: " + String.join(", ", systems) + "\n\n");
        md.append(String.format(Locale.ROOT, "- machine: %d processors, %s, %s%n- settings: tickTime %d ms, "
                        + "initLimit 10, syncLimit %d, %d repetitions, JVM options: Ballot %s (MALLOC_ARENA_MAX=2), ZooKeeper %s%n"
                        + "- measured: every peer followed in parallel, one thread each; Ballot: its GET /watch stream"
                        + " (each change pushed as it happens, seen within a millisecond); ZooKeeper: srvr on its client"
                        + " port every %d ms (nothing to push), so a time is late by at most %d ms plus one answer's"
                        + " round trip%n%n", m.processors(), m.cpuModel(), m.java(), tickTimeMs,
                syncLimit, reps, String.join(" ", ballotJvmArgs), String.join(" ", jvmArgs), probeEveryMs, probeEveryMs));
        md.append("*cold start*: all N processes launched → a leader serves with a majority (JVM start included). ")
                .append("*failover*: kill -9 of that leader (the process gone) → another leader serves with a majority")
                .append(" of N (Ballot: established, it and the peers that name it as their leader; ZooKeeper: srvr answers). ")
                .append("*first write*: kill -9 of that leader → the first write acknowledged to a ZooKeeper client ")
                .append("connected to every client port (ZooKeeper systems only; election, Zab sync and the ")
                .append("client's reconnect together). ")
                .append("Medians (min–max) in ms; threads and RSS are means per process after the cold start.\n\n");
        md.append("| N | system | runs ok | cold start | failover | first write | threads/process | RSS MiB/process |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        Map<String, Double> firstWriteMedians = new java.util.TreeMap<>(ServersCommand::bySizeThenSystem);
        results.forEach((key, samples) -> {
            String[] k = key.split("/");
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%.1f,%.1f,%.1f,%.1f,%.1f%n", k[0], k[1], i + 1,
                        s.status(), s.coldMicros() / 1000.0, s.failoverMicros() / 1000.0,
                        s.firstWriteMicros() / 1000.0, s.threadsPerProcess(), s.rssMibPerProcess()));
            }
            List<Sample> ok = samples.stream().filter(s -> "ok".equals(s.status())).toList();
            LatencyStats cold = LatencyStats.ofMicros(ok.stream().map(Sample::coldMicros).toList());
            LatencyStats fail = LatencyStats.ofMicros(ok.stream().map(Sample::failoverMicros).toList());
            List<Long> writes = ok.stream().map(Sample::firstWriteMicros).filter(w -> w >= 0).toList();
            String write = "–";
            if (!writes.isEmpty()) {
                LatencyStats w = LatencyStats.ofMicros(writes);
                write = String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", w.p50(), w.min(), w.max());
                firstWriteMedians.put(key, w.p50());
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %s | %.0f | %.0f |%n",
                    k[1], k[0], ok.size(), samples.size(), cold.p50(), cold.min(), cold.max(), fail.p50(), fail.min(),
                    fail.max(), write, ok.stream().mapToDouble(Sample::threadsPerProcess).average().orElse(-1),
                    ok.stream().mapToDouble(Sample::rssMibPerProcess).average().orElse(-1)));
        });
        if (!firstWriteMedians.isEmpty()) {
            ServersChart.firstWrite(firstWriteMedians, out.resolve("servers-first-write.png"));
            md.append("\n![first write after kill -9 of the leader](servers-first-write.png)\n");
        }
        Files.writeString(out.resolve("servers.csv"), csv.toString(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("servers.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /** Orders "system/n" keys by n, then system name. */
    private static int bySizeThenSystem(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        int c = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        return c != 0 ? c : x[0].compareTo(y[0]);
    }

    private static void deleteQuietly(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files left behind are harmless
        }
    }
}
