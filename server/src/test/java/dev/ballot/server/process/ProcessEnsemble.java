package dev.ballot.server.process;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballot.leadership.PeerStatus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * N Ballot peers as separate JVMs from the shaded jar, on loopback with ports from the OS. Every
 * process it starts is killed by {@link #close()}.
 */
final class ProcessEnsemble implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final int nodes;
    final Duration tickTime;
    final int syncLimit;
    private final Map<Long, Integer> adminPorts = new TreeMap<>();
    private final Map<Long, Process> processes = new TreeMap<>();
    private Map<String, String> launcherEnv; // null: java -jar; else: through bin/ballot-server with this environment

    ProcessEnsemble(Path dir, int nodes, Duration tickTime, int initLimit, int syncLimit) throws IOException {
        this.dir = dir;
        this.nodes = nodes;
        this.tickTime = tickTime;
        this.syncLimit = syncLimit;
        int[] ports = freePorts(3 * nodes);
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            servers.append("server.").append(i + 1).append("=127.0.0.1:").append(ports[3 * i]).append(':')
                    .append(ports[3 * i + 1]).append('\n');
        }
        for (long sid = 1; sid <= nodes; sid++) {
            Path data = Files.createDirectories(dir.resolve("peer-" + sid).resolve("data"));
            Files.writeString(data.resolve("myid"), sid + "\n");
            int admin = ports[3 * (int) (sid - 1) + 2];
            adminPorts.put(sid, admin);
            Files.writeString(config(sid), "tickTime=" + tickTime.toMillis() + "\ninitLimit=" + initLimit + "\nsyncLimit="
                    + syncLimit + "\ndataDir=" + data + "\nadmin.serverAddress=127.0.0.1\nadmin.serverPort=" + admin + "\n"
                    + servers);
        }
    }

    Path config(long sid) {
        return dir.resolve("peer-" + sid).resolve("zoo.cfg");
    }

    Path log(long sid) {
        return dir.resolve("peer-" + sid).resolve("peer.log");
    }

    /** The shaded jar under test (the build passes its path; after "package"). */
    static Path jar() {
        String p = System.getProperty("ballot.server.jar", "target/ballot-server.jar");
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " not found: run the process tests with mvn verify");
        }
        return jar;
    }

    /** A java command line running the jar with {@code args}; small heap and quick start-up. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The launcher script under test, {@code bin/ballot-server} (the build passes its path). */
    static Path launcher() {
        Path script = Path.of(System.getProperty("ballot.server.launcher", "bin/ballot-server"));
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script.toAbsolutePath() + " is not an executable file");
        }
        return script;
    }

    /** From now on, peers start through {@link #launcher()} with {@code env} added to the environment. */
    ProcessEnsemble viaLauncher(Map<String, String> env) {
        this.launcherEnv = Map.copyOf(env);
        return this;
    }

    void start(long sid) throws IOException {
        start(sid, List.of());
    }

    /** Starts peer {@code sid} with {@code extra} arguments after {@code run --config FILE}. */
    void start(long sid, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--config", config(sid).toString()));
        args.addAll(extra);
        List<String> cmd = new ArrayList<>();
        if (launcherEnv == null) {
            cmd.addAll(command(args.toArray(String[]::new)));
        } else {
            cmd.add(launcher().toString());
            cmd.addAll(args);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(sid).toFile()));
        if (launcherEnv != null) {
            pb.environment().putAll(launcherEnv);
        }
        processes.put(sid, pb.start());
    }

    void startAll() throws IOException {
        startAll(List.of());
    }

    void startAll(List<String> extra) throws IOException {
        for (long sid = 1; sid <= nodes; sid++) {
            start(sid, extra);
        }
    }

    /** The peer's admin port. */
    int adminPort(long sid) {
        return adminPorts.get(sid);
    }

    /** SIGKILL. */
    void kill9(long sid) throws InterruptedException {
        Process p = processes.remove(sid);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends {@code signal} (e.g. STOP, CONT) to the peer's process. */
    void signal(long sid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(sid).pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " of peer " + sid + " failed");
        }
    }

    /** SIGTERM, without waiting. */
    Process term(long sid) {
        Process p = processes.remove(sid);
        p.destroy();
        return p;
    }

    Map<Long, Process> running() {
        return processes;
    }

    /** The peer's /status, or empty if it does not answer. */
    Optional<PeerStatus> status(long sid) {
        return get(sid, "/status").map(body -> {
            try {
                return JSON.readValue(body, PeerStatus.class);
            } catch (IOException e) {
                throw new IllegalStateException("bad /status from " + sid + ": " + body, e);
            }
        });
    }

    /** The HTTP status of /health, or -1 if the peer does not answer. */
    int health(long sid) {
        try {
            return HTTP.send(request(sid, "/health"), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Optional<String> get(long sid, String path) {
        try {
            HttpResponse<String> r = HTTP.send(request(sid, path), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HttpRequest request(long sid, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPorts.get(sid) + path))
                .timeout(Duration.ofSeconds(2)).build();
    }

    /** The view of a set of peers: one established leader, everyone following it under one token. */
    record Established(long leader, long token, Map<Long, PeerStatus> statuses) {
    }

    /** Polls until {@code sids} show one established leader and the same fencing token everywhere. */
    Established awaitEstablished(List<Long> sids, Predicate<Established> extra) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<Long, PeerStatus> last = Map.of();
        while (System.nanoTime() < deadline) {
            Map<Long, PeerStatus> all = new TreeMap<>();
            for (long sid : sids) {
                status(sid).ifPresent(s -> all.put(sid, s));
            }
            last = all;
            Optional<Established> e = established(sids, all);
            if (e.isPresent() && extra.test(e.get())) {
                return e.get();
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling interval, not synchronisation: the deadline decides
        }
        throw new AssertionError("no established leader among " + sids + " within " + DEADLINE + "; last statuses: "
                + last + "\n" + logs());
    }

    private static Optional<Established> established(List<Long> sids, Map<Long, PeerStatus> all) {
        if (all.size() != sids.size() || !all.values().stream().allMatch(PeerStatus::established)) {
            return Optional.empty();
        }
        List<PeerStatus> leaders = all.values().stream().filter(s -> s.state().equals("LEADING")).toList();
        if (leaders.size() != 1) {
            return Optional.empty();
        }
        long leader = leaders.get(0).sid();
        long token = leaders.get(0).fencingToken();
        boolean agree = all.values().stream().allMatch(s -> s.leader() != null && s.leader() == leader
                && s.fencingToken() != null && s.fencingToken() == token);
        return agree ? Optional.of(new Established(leader, token, all)) : Optional.empty();
    }

    /** Polls until {@code check} holds for {@code sid}'s status and health. */
    void awaitPeer(long sid, Predicate<Optional<PeerStatus>> check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Optional<PeerStatus> s = Optional.empty();
        while (System.nanoTime() < deadline) {
            s = status(sid);
            if (check.test(s)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("peer " + sid + ": " + what + " not reached within " + DEADLINE + "; last " + s + "\n" + logs());
    }

    /** The tail of every peer's log, for failure messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (long sid = 1; sid <= nodes; sid++) {
            try {
                List<String> lines = Files.exists(log(sid)) ? Files.readAllLines(log(sid)) : List.of();
                b.append("--- peer ").append(sid).append(" ---\n");
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("cannot read log of ").append(sid).append(": ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroyForcibly(); // SIGKILL also ends a stopped process
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
