package dev.ballot.faults;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballot.leadership.PeerStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two systems under test: how to start a peer, how to ask it what it is, what its logs say. */
enum Flavor {
    /** {@code ballot-server.jar run --config zoo.cfg}; state from {@code GET /status} on the admin port. */
    BALLOT("Ballot", "election started") {
        @Override
        List<String> command(Path config) {
            List<String> cmd = jvm();
            cmd.addAll(List.of("-jar", serverJar().toString(), "run", "--config", config.toString()));
            return cmd;
        }

        @Override
        String extraConfig() {
            return "admin.enableServer=true\nadmin.serverPort=" + ADMIN_PORT + "\n";
        }

        @Override
        Observation probe(long sid, String host, Path versionDir) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + ADMIN_PORT
                        + "/status")).timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
                long at = System.nanoTime();
                if (r.statusCode() != 200) {
                    return Observation.down(sid, at);
                }
                PeerStatus s = JSON.readValue(r.body(), PeerStatus.class);
                return new Observation(sid, at, true, s.state(), s.established(),
                        s.leader() == null ? -1 : s.leader(), s.established() && s.fencingToken() != null ? s.fencingToken() : -1);
            } catch (IOException e) {
                return Observation.down(sid, System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Observation.down(sid, System.nanoTime());
            }
        }
    },
    /** ZooKeeper 3.9.5's {@code QuorumPeerMain zoo.cfg}; state from the {@code srvr} four-letter word. */
    ZOOKEEPER("ZooKeeper 3.9.5", "New election. My id") {
        @Override
        List<String> command(Path config) {
            List<String> cmd = jvm();
            cmd.addAll(List.of("-Dzookeeper.4lw.commands.whitelist=srvr", "-Dzookeeper.admin.enableServer=false",
                    "-Dlogback.configurationFile=" + zkLogback(config.getParent()),
                    "-cp", System.getProperty("java.class.path"),
                    "org.apache.zookeeper.server.quorum.QuorumPeerMain", config.toString()));
            return cmd;
        }

        @Override
        String extraConfig() {
            return "admin.enableServer=false\n4lw.commands.whitelist=srvr\n";
        }

        @Override
        Observation probe(long sid, String host, Path versionDir) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, CLIENT_PORT), (int) PROBE_TIMEOUT.toMillis());
                s.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
                OutputStream out = s.getOutputStream();
                out.write("srvr".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String reply = new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
                long at = System.nanoTime();
                Matcher mode = MODE.matcher(reply);
                Matcher zxid = ZXID.matcher(reply);
                if (!mode.find() || !zxid.find()) {
                    return new Observation(sid, at, true, "NOT_SERVING", false, -1, -1);
                }
                String state = switch (mode.group(1)) {
                    case "leader" -> "LEADING";
                    case "follower" -> "FOLLOWING";
                    case "observer" -> "OBSERVING";
                    default -> "NOT_SERVING";
                };
                boolean serving = !state.equals("NOT_SERVING");
                // a leader's zxid carries its epoch; a follower's stays at the last transaction it processed
                // (0 in an empty ensemble), so a follower's token is the currentEpoch it persisted before serving
                long token = state.equals("LEADING") ? Long.parseUnsignedLong(zxid.group(1), 16) >>> 32
                        : currentEpoch(versionDir);
                return new Observation(sid, at, true, state, serving, state.equals("LEADING") ? sid : -1, serving ? token : -1);
            } catch (IOException | RuntimeException e) {
                return Observation.down(sid, System.nanoTime());
            }
        }
    };

    static final int QUORUM_PORT = 2888;
    static final int ELECTION_PORT = 3888;
    static final int CLIENT_PORT = 2181;
    static final int ADMIN_PORT = 8080;
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(1500);
    private static final Pattern MODE = Pattern.compile("Mode: (\\w+)");
    private static final Pattern ZXID = Pattern.compile("Zxid: 0x([0-9a-fA-F]+)");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private final String title;
    private final String electionLogLine;

    Flavor(String title, String electionLogLine) {
        this.title = title;
        this.electionLogLine = electionLogLine;
    }

    String title() {
        return title;
    }

    /** Text that the peer logs once per election it starts. */
    String electionLogLine() {
        return electionLogLine;
    }

    /** The peer's command line, run inside its namespace. */
    abstract List<String> command(Path config);

    /** The zoo.cfg lines that differ between the systems. */
    abstract String extraConfig();

    /** Asks the peer at {@code host} (its management address) what it is. Never throws. */
    abstract Observation probe(long sid, String host, Path versionDir);

    private static long currentEpoch(Path versionDir) {
        try {
            return Long.parseLong(Files.readString(versionDir.resolve("currentEpoch")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The same small JVM for both systems. */
    static List<String> jvm() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    }

    /** The shaded jar under test (the build passes its path; the reactor builds it before this module). */
    static Path serverJar() {
        Path jar = Path.of(System.getProperty("ballot.server.jar", "../server/target/ballot-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " not found: run with mvn -pl faults -am verify");
        }
        return jar;
    }

    /** INFO with timestamps to stdout, as the server jar's own logging set-up (ServerLogConfigurator) does. */
    private static Path zkLogback(Path peerDir) {
        Path file = peerDir.resolve("logback-zk.xml");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, """
                        <configuration>
                          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                            <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
                          </appender>
                          <logger name="io.netty" level="WARN"/>
                          <root level="INFO"><appender-ref ref="OUT"/></root>
                        </configuration>
                        """);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }
}
