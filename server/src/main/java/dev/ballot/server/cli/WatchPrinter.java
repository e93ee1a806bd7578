package dev.ballot.server.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballot.server.Main;
import dev.ballot.server.watch.LeaderView;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/** {@code status --watch}: reads a peer's {@code /watch} stream and prints one line per event. */
final class WatchPrinter {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String admin;
    private final boolean raw;
    private final PrintWriter out;
    private final PrintWriter err;

    WatchPrinter(String admin, boolean raw, PrintWriter out, PrintWriter err) {
        this.admin = admin;
        this.raw = raw;
        this.out = out;
        this.err = err;
    }

    /** Runs until the stream ends; the exit code. */
    int run() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Stream<String>> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/watch")).build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (IOException | IllegalArgumentException e) {
            err.println("ballot-server: cannot reach the admin server at " + admin + ": " + e.getMessage());
            return Main.RUNTIME_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.RUNTIME_FAILURE;
        }
        if (r.statusCode() != 200) {
            err.println("ballot-server: " + admin + "/watch answered HTTP " + r.statusCode());
            r.body().close();
            return Main.RUNTIME_FAILURE;
        }
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    print(line.substring(5).trim());
                }
            }
        } catch (java.io.UncheckedIOException e) {
            err.println("ballot-server: the /watch stream of " + admin + " broke: " + e.getCause().getMessage());
            return Main.RUNTIME_FAILURE;
        }
        err.println("ballot-server: the /watch stream of " + admin + " ended (the peer stopped?)");
        return Main.RUNTIME_FAILURE;
    }

    private void print(String json) {
        if (raw) {
            out.println(json);
        } else {
            try {
                out.println(line(JSON.readValue(json, LeaderView.class)));
            } catch (IOException e) {
                err.println("ballot-server: not a leader event: " + json);
            }
        }
        out.flush();
    }

    /** One event as one line, e.g. {@code 2026-...Z  peer 2 FOLLOWING  leader 3  token 7  established}. */
    static String line(LeaderView v) {
        return v.since() + "  peer " + v.me() + " " + v.role() + "  leader " + (v.leader() == null ? "none" : v.leader())
                + "  token " + (v.fencingToken() == null ? "-" : v.fencingToken())
                + (v.established() ? "  established" : "  not established");
    }
}
