package dev.ballot.server.cli;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.Reasons;
import dev.ballot.core.PeerState;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.ZooCfgParser;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.Tracer;
import dev.ballot.leadership.Elector;
import dev.ballot.server.PeerNode;
import dev.ballot.server.exec.ExecSupervisor;
import dev.ballot.leadership.PeerStatus;
import dev.ballot.leadership.QuorumPeer;
import dev.ballot.server.trace.TraceFiles;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * N peers on loopback in one process, each with its own zoo.cfg, data folder and ports, sharing one
 * event loop group. Prints one line per election, role change, stop and restart, and a summary line
 * whenever every running peer is established under one new epoch. Thread-safe: event callbacks
 * arrive on the peers' loops and are serialized on this object.
 */
final class LocalEnsemble implements QuorumPeer.Events {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Path root;
    private final int nodes;
    private final int basePort;
    private final Duration tickTime;
    private final PrintStream out;
    private final EventLoopGroup group;
    private final ExecutorService io = Runtimes.newIoExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ballot-local");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Path> configs = new TreeMap<>();
    /** Every peer's election trace (on by default in {@code local}); kept across a peer's restarts. */
    private final Map<Long, RingBufferTraceSink> traces = new ConcurrentHashMap<>();
    /** Where {@link #close()} writes all peers' traces merged in time order, if set ({@code --trace}). */
    private final Optional<Path> traceFile;
    private final Map<Long, PeerNode> running = new ConcurrentHashMap<>();
    private final java.util.Set<Long> up = ConcurrentHashMap.newKeySet(); // peers started or starting, not stopped
    // guarded by this:
    private final Map<Long, Long> established = new TreeMap<>(); // sid -> established epoch
    private long announcedEpoch = -1;
    private long leaderlessSince = System.nanoTime();
    private boolean leaderless = true; // since the last summary line
    private boolean closed;
    private Optional<ExecSupervisor.Settings> exec = Optional.empty();
    private final Map<Long, ExecSupervisor> supervisors = new ConcurrentHashMap<>();

    LocalEnsemble(Path root, int nodes, int basePort, Duration tickTime, PrintStream out) {
        this(root, nodes, basePort, tickTime, out, Optional.empty());
    }

    LocalEnsemble(Path root, int nodes, int basePort, Duration tickTime, PrintStream out, Optional<Path> traceFile) {
        this.traceFile = traceFile;
        this.root = root;
        this.nodes = nodes;
        this.basePort = basePort;
        this.tickTime = tickTime;
        this.out = out;
        this.group = Runtimes.newGroup(Math.min(nodes, 4), "ballot-loop");
    }

    /** Runs {@code settings}' command on whichever peer leads ({@code --exec}); call before {@link #start}. */
    LocalEnsemble exec(ExecSupervisor.Settings settings) {
        this.exec = Optional.of(settings);
        return this;
    }

    /** Writes the configs, starts every peer, and arms the leader killer. Blocking. */
    void start(Optional<Duration> killLeaderEvery) {
        try {
            writeConfigs();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write configs under " + root, e);
        }
        print("ballot local: %d peers on 127.0.0.1, tickTime %d ms, folders in %s", nodes, tickTime.toMillis(), root);
        synchronized (this) {
            leaderlessSince = System.nanoTime();
        }
        for (long sid : configs.keySet()) {
            launch(sid);
        }
        killLeaderEvery.ifPresent(every -> {
            print("stopping the leader every %s", every.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
            timer.scheduleWithFixedDelay(this::killLeader, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void writeConfigs() throws IOException {
        StringBuilder servers = new StringBuilder();
        int[][] ports = basePort > 0 ? fixedPorts() : freePorts();
        for (int i = 0; i < nodes; i++) {
            servers.append(String.format("server.%d=127.0.0.1:%d:%d%n", i + 1, ports[i][0], ports[i][1]));
        }
        for (int i = 0; i < nodes; i++) {
            long sid = i + 1;
            Path peerDir = Files.createDirectories(root.resolve("peer-" + sid));
            Path data = Files.createDirectories(peerDir.resolve("data"));
            Files.writeString(data.resolve("myid"), sid + "\n");
            Path cfg = peerDir.resolve("zoo.cfg");
            Files.writeString(cfg, "tickTime=" + tickTime.toMillis() + "\ninitLimit=10\nsyncLimit=5\ndataDir=" + data.toAbsolutePath()
                    + "\nadmin.serverAddress=127.0.0.1\nadmin.serverPort=" + ports[i][2] + "\n" + servers);
            configs.put(sid, cfg);
        }
    }

    private int[][] fixedPorts() {
        int[][] ports = new int[nodes][];
        for (int i = 0; i < nodes; i++) {
            ports[i] = new int[] {basePort + 3 * i, basePort + 3 * i + 1, basePort + 3 * i + 2};
        }
        return ports;
    }

    /** 3 ports per peer from the OS, all held open until every one is chosen so none repeats. */
    private int[][] freePorts() throws IOException {
        java.util.List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            int[][] ports = new int[nodes][3];
            for (int i = 0; i < nodes; i++) {
                for (int j = 0; j < 3; j++) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(s);
                    ports[i][j] = s.getLocalPort();
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private void launch(long sid) {
        EnsembleConfig cfg = ZooCfgParser.parse(configs.get(sid));
        up.add(sid);
        try {
            RingBufferTraceSink trace = traces.computeIfAbsent(sid, s -> new RingBufferTraceSink());
            PeerNode node = PeerNode.launch(cfg, sid, group, io, this, Optional.of(trace));
            running.put(sid, node);
            exec.ifPresent(x -> supervisors.put(sid, ExecSupervisor.forNode(node, cfg, x)));
            var q = cfg.server(sid).orElseThrow();
            print("peer %d  started    quorum :%d  election :%d  admin %s", sid, q.quorumAddress().getPort(),
                    q.electionAddress().getPort(), node.adminAddress().map(a -> "http://127.0.0.1:" + a.getPort() + "/status")
                            .orElse("off"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void killLeader() {
        try {
            Optional<Long> leader = running.entrySet().stream().filter(e -> {
                PeerStatus s = e.getValue().leadership().status().toCompletableFuture().orTimeout(2, TimeUnit.SECONDS).join();
                return "LEADING".equals(s.state()) && s.established();
            }).map(Map.Entry::getKey).findFirst();
            if (leader.isEmpty()) {
                print("no established leader to stop this time");
                return;
            }
            long sid = leader.get();
            markLeaderless();
            up.remove(sid);
            print("peer %d  stopping   (the leader; --kill-leader-every)", sid);
            Optional.ofNullable(supervisors.remove(sid)).ifPresent(ExecSupervisor::close);
            running.remove(sid).closeAsync("sid " + sid + " stopped by --kill-leader-every")
                    .orTimeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> null).join();
            synchronized (this) {
                established.remove(sid);
            }
            timer.schedule(() -> restart(sid), tickTime.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            print("cannot stop the leader: %s", e);
        }
    }

    private void restart(long sid) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        print("peer %d  restarting", sid);
        try {
            launch(sid);
        } catch (RuntimeException e) {
            print("peer %d  cannot restart: %s", sid, Reasons.of(e));
        }
    }

    @Override
    public void onDecided(long sid, ElectionResult d) {
        print("peer %d  decided    leader %d (%s) in %d ms, round %d, %d rounds, %d notifications in / %d out", sid,
                d.vote().leader(), d.role(), d.duration().toMillis(), d.round(), d.roundsObserved(),
                d.notificationsReceived(), d.notificationsSent());
    }

    @Override
    public synchronized void onEstablished(long sid, PeerState role, long leader, long epoch) {
        print("peer %d  %-10s established, leader %d, epoch %d", sid, role, leader, epoch);
        RingBufferTraceSink trace = traces.get(sid);
        if (trace != null) {
            new Tracer(sid, System::nanoTime, trace).epochEstablished(leader, epoch);
        }
        established.put(sid, epoch);
        if (epoch != announcedEpoch && established.keySet().equals(up)
                && established.values().stream().allMatch(e -> e == epoch)) {
            announcedEpoch = epoch;
            leaderless = false;
            print("== leader %d established with epoch %d (fencing token): %d/%d peers, %d ms without a leader", leader,
                    epoch, established.size(), nodes, (System.nanoTime() - leaderlessSince) / 1_000_000);
        }
    }

    @Override
    public synchronized void onRoleEnded(long sid, PeerState role, String reason) {
        established.remove(sid);
        if (closed) {
            return;
        }
        markLeaderless();
        print("peer %d  %-10s -> LOOKING: %s", sid, role, reason);
    }

    private synchronized void markLeaderless() {
        if (!leaderless) {
            leaderless = true;
            leaderlessSince = System.nanoTime();
        }
    }

    /** Stops every peer (leaders first tell their followers) and the threads. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        traceFile.ifPresent(this::writeTrace); // before stopping: the trace shows the run, not the shutdown
        supervisors.values().forEach(ExecSupervisor::close); // commands stop before their leader does
        supervisors.clear();
        running.forEach((sid, node) -> node.closeAsync("local ensemble stopping")
                .orTimeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> null).join());
        running.clear();
        Runtimes.shutdown(group, io);
        print("stopped");
    }

    private void writeTrace(Path file) {
        try {
            int n = TraceFiles.writeMerged(file, traces.values());
            print("trace: %d events in %s; draw it with: ballot-server trace render %s --format mermaid", n, file, file);
        } catch (IOException e) {
            print("cannot write the trace to %s: %s", file, e);
        }
    }

    private synchronized void print(String format, Object... args) {
        out.println(LocalTime.now().format(TIME) + "  " + String.format(format, args));
        out.flush();
    }
}
