package dev.ballot.bench.servers;

import dev.ballot.bench.compare.JavaProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * N server processes of one system started from one generated {@code zoo.cfg} (per peer only {@code dataDir}
 * and {@code myid} differ): Ballot's {@code ballot-server run --config}, ZooKeeper's {@code QuorumPeerMain}, or
 * ZooKeeper on Ballot's election ({@code BallotQuorumPeerMain}), all with this JVM's java and class path. It
 * watches for a serving leader ({@link ServingWatch}: Ballot's {@code /watch} stream on the admin port, ZooKeeper's
 * {@code srvr} four-letter word on the client port, which answers only while the server serves) and reads
 * threads and RSS from {@code /proc/<pid>/status}. Not thread-safe.
 */
final class ServerEnsemble implements AutoCloseable {
    /** What a peer says about itself. */
    enum Role { LEADING, FOLLOWING, NOT_SERVING }

    static final String BALLOT_MAIN = "dev.ballot.server.Main";
    static final String ZOOKEEPER_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    static final String BALLOT_ZOOKEEPER_MAIN = "dev.ballot.zookeeper.BallotQuorumPeerMain";
    /** The systems this ensemble runs. */
    static final List<String> SYSTEMS = List.of("ballot", "zookeeper", "ballot-zookeeper");
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final String system;
    private final Path root;
    private final Map<Long, int[]> ports = new LinkedHashMap<>(); // sid -> quorum, election, client, admin
    private final Map<Long, Process> processes = new LinkedHashMap<>();
    private final Set<Long> killed = new HashSet<>();

    ServerEnsemble(String system, int n, int[] freePorts, Path root, int tickTimeMs, int syncLimit) throws IOException {
        if (!SYSTEMS.contains(system)) {
            throw new IllegalArgumentException("unknown system '" + system + "': one of " + SYSTEMS);
        }
        this.system = system;
        this.root = root;
        for (int i = 0; i < n; i++) {
            ports.put(i + 1L, new int[] {freePorts[4 * i], freePorts[4 * i + 1], freePorts[4 * i + 2],
                    freePorts[4 * i + 3]});
        }
        for (long sid : ports.keySet()) {
            Path dir = Files.createDirectories(root.resolve("p" + sid));
            Files.writeString(dir.resolve("myid"), sid + "\n");
            Files.writeString(dir.resolve("zoo.cfg"), zooCfg(sid, dir, tickTimeMs, syncLimit));
        }
    }

    /**
     * Starts every peer's process. Logging is at ERROR (formatting log lines is not what is measured) unless
     * {@code jvmArgs} names a logback configuration, or {@code shippedLogging} asks for Ballot's own (INFO).
     */
    void startAll(List<String> jvmArgs, boolean shippedLogging) {
        ports.keySet().forEach(sid -> start(sid, jvmArgs, shippedLogging && "ballot".equals(system)));
    }

    private void start(long sid, List<String> jvmArgs, boolean shippedLogging) {
        Path cfg = root.resolve("p" + sid).resolve("zoo.cfg");
        String main = switch (system) {
            case "ballot" -> BALLOT_MAIN;
            case "ballot-zookeeper" -> BALLOT_ZOOKEEPER_MAIN;
            default -> ZOOKEEPER_MAIN;
        };
        List<String> args = "ballot".equals(system) ? List.of("run", "--config", cfg.toString())
                : List.of(cfg.toString());
        List<String> jvm = new ArrayList<>(jvmArgs);
        if (!shippedLogging && jvm.stream().noneMatch(a -> a.startsWith("-Dlogback.configurationFile="))) {
            jvm.add("-Dlogback.configurationFile=ballot-bench-logback.xml");
        }
        jvm.add("-Dzookeeper.4lw.commands.whitelist=srvr");
        try {
            ProcessBuilder b = JavaProcess.builder(main, jvm, args).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("p" + sid).resolve("out.log").toFile()));
            if ("ballot".equals(system)) {
                b.environment().put("MALLOC_ARENA_MAX", "2"); // as bin/ballot-server sets it
            }
            processes.put(sid, b.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + system + " peer " + sid, e);
        }
    }

    /** Whether the servers are ZooKeeper servers (stock or on Ballot) with a client port to write to. */
    boolean servesZooKeeperClients() {
        return !"ballot".equals(system);
    }

    /** Every client port, for a ZooKeeper client connected to all servers. */
    String connectString() {
        StringBuilder sb = new StringBuilder();
        ports.values().forEach(p -> sb.append(sb.length() == 0 ? "" : ",").append("127.0.0.1:").append(p[2]));
        return sb.toString();
    }

    List<Long> sids() {
        return List.copyOf(ports.keySet());
    }

    /** kill -9 of one peer; returns once the process is gone. */
    void kill(long sid) throws InterruptedException {
        Process p = processes.get(sid);
        killed.add(sid);
        p.destroyForcibly();
        p.waitFor();
    }

    /**
     * Starts watching every peer not killed, in parallel, for a serving leader other than {@code notThis}
     * ({@link ServingWatch}; {@code every}: ZooKeeper's poll interval, Ballot's reconnect interval); before
     * {@link #startAll} too, to time a cold start.
     */
    ServingWatch watchServingLeader(long notThis, Duration every) {
        List<Long> live = ports.keySet().stream().filter(sid -> !killed.contains(sid)).toList();
        return new ServingWatch(live, ports.size(), notThis, sid -> probe(sid, every));
    }

    /** A new probe of one peer: Ballot's {@code GET /watch} on its admin port, ZooKeeper's {@code srvr} polled. */
    PeerProbe probe(long sid, Duration every) {
        int timeoutMs = (int) PROBE_TIMEOUT.toMillis();
        return "ballot".equals(system) ? PeerProbe.ballotWatch(ports.get(sid)[3], timeoutMs, every)
                : PeerProbe.srvr(ports.get(sid)[2], timeoutMs, every);
    }

    /**
     * CPU time and run-queue wait, ns, summed over the threads of every peer not killed
     * ({@code /proc/<pid>/task/<tid>/schedstat}): how long they ran and how long they were ready but waited
     * for a core. {0, 0} where the kernel does not keep them.
     */
    long[] survivorsSchedNanos() {
        long[] sum = {0, 0};
        for (Map.Entry<Long, Process> e : processes.entrySet()) {
            if (killed.contains(e.getKey())) {
                continue;
            }
            try (var tasks = Files.list(Path.of("/proc", Long.toString(e.getValue().pid()), "task"))) {
                for (Path t : tasks.toList()) {
                    String[] f = Files.readString(t.resolve("schedstat")).trim().split("\\s+");
                    sum[0] += Long.parseLong(f[0]);
                    sum[1] += Long.parseLong(f[1]);
                }
            } catch (IOException | RuntimeException ignored) {
                // a thread that ended between list and read, or no schedstat: counted as nothing
            }
        }
        return sum;
    }

    /** Threads and RSS (KiB) of a live peer's process, from {@code /proc}. */
    long[] threadsAndRssKib(long sid) {
        long[] out = {-1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(processes.get(sid).pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    out[0] = Long.parseLong(line.substring(8).trim());
                } else if (line.startsWith("VmRSS:")) {
                    out[1] = Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String zooCfg(long self, Path dir, int tickTimeMs, int syncLimit) {
        StringBuilder sb = new StringBuilder();
        sb.append("# generated by ballot-bench servers; identical for Ballot and ZooKeeper but dataDir\n")
                .append("tickTime=").append(tickTimeMs).append('\n')
                .append("initLimit=10\n")
                .append("syncLimit=").append(syncLimit).append('\n')
                .append("dataDir=").append(dir.toAbsolutePath()).append('\n')
                .append("clientPortAddress=127.0.0.1\n")
                .append("clientPort=").append(ports.get(self)[2]).append('\n')
                .append("admin.serverAddress=127.0.0.1\n")
                .append("admin.serverPort=").append(ports.get(self)[3]).append('\n')
                .append("4lw.commands.whitelist=srvr\n");
        ports.forEach((sid, p) -> sb.append("server.").append(sid).append("=127.0.0.1:").append(p[0]).append(':')
                .append(p[1]).append(":participant\n"));
        return sb.toString();
    }
}
