package dev.ballot.zookeeper.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * N ZooKeeper 3.9.5 servers as separate JVMs on 127.0.0.1, each stock or on Ballot ({@link ServerKind}), ports from
 * the OS, one dataDir each under {@code dir}. A server can be killed (-9) and started again, as another kind, on
 * the same dataDir. {@link #close()} kills every process it started.
 */
final class ZkEnsemble implements AutoCloseable {
    /** Generous: seven JVMs starting on two loaded cores can take a minute before the first election. */
    static final Duration SERVING_DEADLINE = Duration.ofSeconds(180);
    private static final String JVM_OPTIONS = "-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";

    private final Path dir;
    private final int nodes;
    private final Map<Long, int[]> ports = new TreeMap<>(); // quorum, election, client, admin
    private final Map<Long, Process> processes = new TreeMap<>();
    private final Map<Long, ServerKind> kinds = new TreeMap<>();
    private final String extraConfig;
    private final Path conf;
    /** A ZooKeeper installation: lib/ (ZooKeeper's jars and the plugin jar), conf/ (logback.xml). */
    private final Path zookeeperHome;

    ZkEnsemble(Path dir, int nodes, String extraConfig) throws IOException {
        this.dir = dir;
        this.nodes = nodes;
        this.extraConfig = extraConfig;
        int[] free = freePorts(4 * nodes);
        for (long sid = 1; sid <= nodes; sid++) {
            int i = (int) (sid - 1) * 4;
            ports.put(sid, new int[] {free[i], free[i + 1], free[i + 2], free[i + 3]});
        }
        this.zookeeperHome = dir.resolve("zookeeper-home");
        this.conf = Files.createDirectories(zookeeperHome.resolve("conf"));
        Path lib = Files.createDirectories(zookeeperHome.resolve("lib"));
        try (var jars = Files.list(Artifacts.stockLib())) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        Files.writeString(conf.resolve("logback.xml"), """
                <configuration>
                  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} [myid:%X{myid}] %-5level [%thread:%logger{0}] - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
                </configuration>
                """);
        for (long sid = 1; sid <= nodes; sid++) {
            writeConfig(sid);
        }
    }

    private void writeConfig(long sid) throws IOException {
        Path data = Files.createDirectories(dir.resolve("server-" + sid).resolve("data"));
        Files.writeString(data.resolve("myid"), sid + "\n");
        StringBuilder cfg = new StringBuilder()
                .append("tickTime=500\ninitLimit=20\nsyncLimit=6\n")
                .append("dataDir=").append(data).append('\n')
                .append("clientPort=").append(ports.get(sid)[2]).append("\nclientPortAddress=127.0.0.1\n")
                // AdminServer where Jetty is on the class path (the self-contained jar; the test's stock lib/ has none)
                .append("admin.serverAddress=127.0.0.1\nadmin.serverPort=").append(ports.get(sid)[3]).append('\n')
                .append("4lw.commands.whitelist=srvr,mntr,stat,ruok\n")
                .append(extraConfig);
        ports.forEach((s, p) -> cfg.append("server.").append(s).append("=127.0.0.1:").append(p[0]).append(':')
                .append(p[1]).append('\n'));
        Files.writeString(config(sid), cfg);
    }

    Path config(long sid) {
        return dir.resolve("server-" + sid).resolve("zoo.cfg");
    }

    Path log(long sid) {
        return dir.resolve("server-" + sid).resolve("server.log");
    }

    Path dataDir(long sid) {
        return dir.resolve("server-" + sid).resolve("data");
    }

    int nodes() {
        return nodes;
    }

    int clientPort(long sid) {
        return ports.get(sid)[2];
    }

    int adminPort(long sid) {
        return ports.get(sid)[3];
    }

    int electionPort(long sid) {
        return ports.get(sid)[1];
    }

    int quorumPort(long sid) {
        return ports.get(sid)[0];
    }

    /** Every client port: a client connected to all servers. */
    String connectString() {
        return ports.values().stream().map(p -> "127.0.0.1:" + p[2]).collect(Collectors.joining(","));
    }

    String connectString(long sid) {
        return "127.0.0.1:" + clientPort(sid);
    }

    void startAll(ServerKind kind) throws IOException {
        for (long sid = 1; sid <= nodes; sid++) {
            start(sid, kind);
        }
    }

    /** Starts server {@code sid} as {@code kind} (its log is appended to {@link #log(long)}). */
    void start(long sid, ServerKind kind) throws IOException {
        if (isRunning(sid)) {
            throw new IllegalStateException("server " + sid + " is already running");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Artifacts.java().toString());
        cmd.addAll(List.of(JVM_OPTIONS.split(" ")));
        switch (kind) {
            case BALLOT_JAR -> cmd.addAll(List.of("-jar", Artifacts.selfContainedJar().toString()));
            case STOCK -> cmd.addAll(List.of("-cp", Artifacts.stockLib() + "/*:" + conf,
                    "org.apache.zookeeper.server.quorum.QuorumPeerMain"));
            case BALLOT_PLUGIN -> {
                Path plugin = zookeeperHome.resolve("lib").resolve("ballot-zookeeper-plugin.jar");
                if (!Files.exists(plugin)) {
                    Files.copy(Artifacts.pluginJar(), plugin); // "dropped into lib/"
                }
                cmd.clear();
                cmd.addAll(List.of("bash", Artifacts.wrapperScript().toString()));
            }
        }
        cmd.add(config(sid).toString());
        Files.writeString(log(sid), "==== start as " + kind + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().put("ZOOKEEPER_HOME", zookeeperHome.toString());
        builder.environment().put("JAVA", Artifacts.java().toString());
        builder.environment().put("SERVER_JVMFLAGS", JVM_OPTIONS);
        builder.environment().put("ZOO_LOG_DIR", dir.resolve("server-" + sid).toString());
        Process p = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(sid).toFile())).start();
        processes.put(sid, p);
        kinds.put(sid, kind);
    }

    ServerKind kind(long sid) {
        return kinds.get(sid);
    }

    boolean isRunning(long sid) {
        Process p = processes.get(sid);
        return p != null && p.isAlive();
    }

    long pid(long sid) {
        return processes.get(sid).pid();
    }

    /** kill -9, and waits until the process is gone. */
    void kill(long sid) {
        Process p = processes.remove(sid);
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError("server " + sid + " (pid " + p.pid() + ") survived kill -9 for 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A graceful stop (SIGTERM, as an operator's restart), kill -9 if it is still there after 20 s. */
    void stop(long sid) {
        Process p = processes.get(sid);
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (p.waitFor(20, TimeUnit.SECONDS)) {
                processes.remove(sid);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(sid);
    }

    /** Waits until {@code sid}'s QuorumPeer has entered its first election (ZooKeeper logs "LOOKING"). */
    void awaitLooking(long sid) {
        Deadline.awaitTrue(SERVING_DEADLINE, () -> "server " + sid + " LOOKING " + describe(), () -> {
            try {
                return Files.readString(log(sid)).contains("] - LOOKING");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The "Mode:" line of the {@code srvr} four-letter word ("leader", "follower", ...), or empty if not serving. */
    Optional<String> mode(long sid) {
        if (!isRunning(sid)) {
            return Optional.empty();
        }
        String answer = fourLetterWord(sid, "srvr");
        for (String line : answer.split("\n")) {
            if (line.startsWith("Mode: ")) {
                return Optional.of(line.substring("Mode: ".length()).trim());
            }
        }
        return Optional.empty();
    }

    /** The answer of a four-letter word on {@code sid}'s client port, or "" if it cannot be reached. */
    String fourLetterWord(long sid, String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort(sid)), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The modes of every running server, by sid ("-" for one that does not serve). */
    Map<Long, String> modes() {
        Map<Long, String> m = new LinkedHashMap<>();
        for (long sid : processes.keySet()) {
            m.put(sid, mode(sid).orElse("-"));
        }
        return m;
    }

    /** Waits until every running server serves: one leader, the others followers; returns the leader's sid. */
    long awaitServing(Duration timeout) {
        return Deadline.await(timeout, () -> "one leader and every running server serving " + describe(), () -> {
            Map<Long, String> m = modes();
            List<Long> leaders = m.entrySet().stream().filter(e -> e.getValue().equals("leader")).map(Map.Entry::getKey)
                    .toList();
            boolean allServing = m.values().stream().allMatch(v -> v.equals("leader") || v.equals("follower")
                    || v.equals("observer"));
            return leaders.size() == 1 && allServing ? Optional.of(leaders.get(0)) : Optional.empty();
        });
    }

    long awaitServing() {
        return awaitServing(SERVING_DEADLINE);
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("(modes now " + modes() + "; last log lines:");
        for (long sid = 1; sid <= nodes; sid++) {
            try {
                List<String> lines = Files.readAllLines(log(sid));
                sb.append("\n  server ").append(sid).append(": ")
                        .append(String.join("\n    ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            } catch (IOException e) {
                sb.append("\n  server ").append(sid).append(": no log (").append(e.getMessage()).append(')');
            }
        }
        return sb.append(')').toString();
    }

    /** The names of the live threads of {@code sid}'s JVM (from jstack). */
    List<String> threadNames(long sid) throws IOException, InterruptedException {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        Process p = new ProcessBuilder(jstack.toString(), Long.toString(pid(sid))).redirectErrorStream(true).start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jstack " + pid(sid) + " failed: " + dump);
        }
        List<String> names = new ArrayList<>();
        for (String line : dump.split("\n")) {
            if (line.startsWith("\"")) {
                names.add(line.substring(1, line.indexOf('"', 1)));
            }
        }
        return names;
    }

    @Override
    public void close() {
        for (long sid : new ArrayList<>(processes.keySet())) {
            kill(sid);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                out[i] = s.getLocalPort();
            }
            return out;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
