package dev.ballot.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballot.core.Reasons;
import dev.ballot.server.Main;
import dev.ballot.leadership.PeerStatus;
import dev.ballot.server.admin.AdminServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code status --admin host:port}: one peer's {@code /status}, for humans. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows one peer's state from its admin server's /status.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the peer is healthy (leading, or following an established leader)",
                "1:the admin server cannot be reached or answered nonsense", "2:usage error",
                "3:the peer answered but is not healthy (LOOKING, or not established)"})
public final class StatusCommand implements Callable<Integer> {
    /** Jackson is loaded when a status is read, not when picocli instantiates every command of a {@code run}. */
    private static final class Json {
        static final ObjectMapper READER = new ObjectMapper()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Option(names = {"-a", "--admin"}, required = true, paramLabel = "HOST:PORT",
            description = {"the peer's admin server: host:port (e.g. 127.0.0.1:8080), or the URL the server log prints",
                    "(http://host:port/status, or http://host:port)"})
    String admin;

    @Option(names = "--json", description = "print the raw JSON")
    boolean json;

    @Option(names = {"-w", "--watch"}, description = {"follow the peer's /watch stream: one line per change of leader,",
            "role or fencing token, until the peer goes away (exit 1) or Ctrl-C; with --json, the raw events"})
    boolean watch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI uri;
        try {
            uri = statusUri(admin);
        } catch (IllegalArgumentException e) {
            err.println("ballot-server: --admin '" + admin + "': " + e.getMessage());
            return Main.CONFIG_ERROR;
        }
        if (watch) {
            return new WatchPrinter(uri.getRawAuthority(), json, out, err).run();
        }
        String body;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                err.println("ballot-server: " + uri + " answered HTTP " + r.statusCode());
                return Main.RUNTIME_FAILURE;
            }
            body = r.body();
        } catch (IOException e) {
            err.println("ballot-server: cannot reach the admin server at " + uri + ": " + Reasons.of(e));
            return Main.RUNTIME_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.RUNTIME_FAILURE;
        }
        PeerStatus s;
        try {
            s = Json.READER.readValue(body, PeerStatus.class);
        } catch (IOException e) {
            err.println("ballot-server: " + uri + " is not a Ballot status: " + Reasons.of(e));
            return Main.RUNTIME_FAILURE;
        }
        out.print(json ? body : render(s));
        out.flush();
        return AdminServer.healthy(s) ? Main.OK : Main.UNHEALTHY;
    }

    /**
     * The {@code /status} URI for what the operator typed: {@code host:port}, or the URL the server
     * logs ({@code http://host:port/status}, also without the path or with a trailing slash). IPv6
     * hosts go in brackets, as in any URL.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    static URI statusUri(String admin) {
        String text = admin.strip();
        String expected = "; expected host:port or http://host:port/status, e.g. 127.0.0.1:8080";
        boolean url = text.contains("://");
        URI given;
        try {
            given = new URI(url ? text : "http://" + text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an address" + expected);
        }
        if (url && !"http".equalsIgnoreCase(given.getScheme())) {
            throw new IllegalArgumentException("the admin server speaks plain http, not " + given.getScheme() + expected);
        }
        if (given.getHost() == null || given.getPort() < 0) {
            throw new IllegalArgumentException((given.getHost() == null ? "not a host and port" : "no port") + expected);
        }
        String path = given.getRawPath() == null ? "" : given.getRawPath();
        if (!url && !path.isEmpty() || !Set.of("", "/", "/status", "/status/").contains(path)
                || given.getRawQuery() != null || given.getRawFragment() != null) {
            throw new IllegalArgumentException("unexpected '" + text.substring(text.indexOf(given.getRawAuthority())
                    + given.getRawAuthority().length()) + "' after the port" + expected);
        }
        return URI.create("http://" + given.getRawAuthority() + "/status");
    }

    /** The human-readable view. */
    static String render(PeerStatus s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("peer %d  %s%s%n", s.sid(), s.state(), s.established() ? " (established)" : " (not established)"));
        if (s.leader() != null) {
            b.append(String.format("  leader          %d%s%n", s.leader(),
                    s.fencingToken() != null ? ", fencing token " + s.fencingToken() : ""));
        }
        b.append(String.format("  since           %s%n", s.roleSince()));
        b.append(String.format("  epochs          accepted %d, current %d, zxid %s%n", s.acceptedEpoch(), s.currentEpoch(), s.lastZxid()));
        PeerStatus.Elections e = s.elections();
        b.append(String.format("  elections       %d started, %d decided; notifications %d in / %d out%n",
                e.started(), e.decided(), e.notificationsReceived(), e.notificationsSent()));
        if (e.last() != null) {
            b.append(String.format("  last election   leader %d (%s), %d ms, round %d, %d rounds observed%n", e.last().leader(),
                    e.last().role(), e.last().durationMillis(), e.last().round(), e.last().roundsObserved()));
        }
        if (s.peers() != null) {
            for (PeerStatus.Peer p : s.peers()) {
                b.append(String.format("  peer %-10d %-9s since %s (%s)%n", p.sid(), p.connected() ? "connected" : "down",
                        p.since(), p.address()));
            }
        } else { // a server from before the peers list
            b.append(String.format("  peers           %s%n", s.connectedPeers().isEmpty() ? "none connected"
                    : s.connectedPeers().stream().map(p -> p.sid() + " (" + p.address() + ", since " + p.since() + ")")
                    .collect(Collectors.joining(", "))));
        }
        if (s.learners() != null) {
            b.append(String.format("  learners        %s%n", s.learners()));
        }
        b.append(String.format("  uptime          %s, version %s%n",
                Duration.ofMillis(s.uptimeMillis()).toString().substring(2).toLowerCase(java.util.Locale.ROOT), s.version()));
        return b.toString();
    }
}
