package dev.ballot.bench.servers;

import dev.ballot.bench.compare.JavaProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * N server processes of one system started from one generated {@code zoo.cfg} (per peer only {@code dataDir}
 * and {@code myid} differ): Ballot's {@code ballot-server run --config}, ZooKeeper's {@code QuorumPeerMain}, or
 * ZooKeeper on Ballot's election ({@code BallotQuorumPeerMain}), all with this JVM's java and class path. It reports each peer's serving role (Ballot: {@code /health}
 * on the admin port; ZooKeeper: the {@code srvr} four-letter word on the client port, which answers only
 * while the server serves) and reads threads and RSS from {@code /proc/<pid>/status}. Not thread-safe.
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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

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

    boolean alive(long sid) {
        return processes.containsKey(sid) && processes.get(sid).isAlive();
    }

    /** kill -9 of one peer; returns once the process is gone. */
    void kill(long sid) throws InterruptedException {
        Process p = processes.get(sid);
        p.destroyForcibly();
        p.waitFor();
    }

    /** The serving leader, if one leads and a majority of all peers (itself included) serve. */
    Optional<Long> servingLeader() {
        Long leader = null;
        int serving = 0;
        for (long sid : ports.keySet()) {
            if (!alive(sid)) {
                continue;
            }
            Role r = role(sid);
            if (r != Role.NOT_SERVING) {
                serving++;
            }
            if (r == Role.LEADING) {
                leader = sid;
            }
        }
        return leader != null && serving > ports.size() / 2 ? Optional.of(leader) : Optional.empty();
    }

    Role role(long sid) {
        return "ballot".equals(system) ? ballotRole(ports.get(sid)[3]) : zkRole(ports.get(sid)[2]);
    }

    private Role ballotRole(int adminPort) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                    + "/health")).timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Role.NOT_SERVING;
            }
            return r.body().contains("\"LEADING\"") ? Role.LEADING : Role.FOLLOWING;
        } catch (IOException e) {
            return Role.NOT_SERVING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Role.NOT_SERVING;
        }
    }

    private static Role zkRole(int clientPort) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", clientPort), (int) PROBE_TIMEOUT.toMillis());
            s.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            if (reply.contains("Mode: leader")) {
                return Role.LEADING;
            }
            return reply.contains("Mode: follower") ? Role.FOLLOWING : Role.NOT_SERVING;
        } catch (IOException e) {
            return Role.NOT_SERVING;
        }
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
