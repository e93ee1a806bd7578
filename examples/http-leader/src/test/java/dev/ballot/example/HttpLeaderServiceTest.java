package dev.ballot.example;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three instances of the example service as separate JVMs: the leader is killed (-9), then paused
 * (SIGSTOP), then asked to resign; each time the others notice, the token rises, and the leader's work
 * stops before the next leader's starts.
 */
class HttpLeaderServiceTest {
    /** syncLimit * tickTime of the example (5 * 200 ms) plus the 1 s the issue allows. */
    private static final Duration NOTICE = Duration.ofMillis(5 * 200 + 1000);
    private static final Duration AGREE = Duration.ofSeconds(20);
    private static final Pattern STATE = Pattern.compile(
            "\\{\"me\":(\\d+),\"leader\":(\\d+|null),\"fencingToken\":(\\d+|null),\"leading\":(true|false)}");

    @TempDir
    Path dir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final Map<Long, Process> processes = new TreeMap<>();
    private final Map<Long, Integer> httpPorts = new TreeMap<>();
    private final List<String> memberSpecs = new ArrayList<>();

    private record State(long me, Long leader, Long token, boolean leading) {
    }

    private record Agreed(long leader, long token) {
    }

    @AfterEach
    void stopAll() {
        processes.values().forEach(p -> {
            signal(p, "CONT");
            p.destroyForcibly();
        });
        for (Process p : processes.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@code count} distinct free ports: every socket stays bound until all are taken, or the OS may hand the same
     * port out twice (once, member 1's HTTP port was its own election port, and its HTTP server could not bind).
     */
    private static java.util.Deque<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            java.util.Deque<Integer> ports = new java.util.ArrayDeque<>();
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private void launch(long sid) throws IOException {
        Path data = dir.resolve("m" + sid);
        Files.createDirectories(data);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), HttpLeaderService.class.getName(),
                Long.toString(sid), Integer.toString(httpPorts.get(sid)), data.toString()));
        cmd.addAll(memberSpecs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("m" + sid + ".out").toFile()).start();
        processes.put(sid, p);
    }

    private void launchThree() throws IOException {
        java.util.Deque<Integer> ports = freePorts(9);
        for (long sid = 1; sid <= 3; sid++) {
            httpPorts.put(sid, ports.remove());
            memberSpecs.add(sid + "=127.0.0.1:" + ports.remove() + ":" + ports.remove());
        }
        for (long sid = 1; sid <= 3; sid++) {
            launch(sid);
        }
    }

    private Optional<State> state(long sid) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(sid) + "/"))
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = STATE.matcher(r.body().trim());
            if (!m.matches()) {
                fail("unexpected answer from " + sid + ": " + r.body());
            }
            return Optional.of(new State(Long.parseLong(m.group(1)), m.group(2).equals("null") ? null : Long.valueOf(m.group(2)),
                    m.group(3).equals("null") ? null : Long.valueOf(m.group(3)), Boolean.parseBoolean(m.group(4))));
        } catch (IOException e) {
            return Optional.empty(); // not up (yet), or paused
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until every member in {@code sids} names the same leader, which says it leads, and it is not {@code not}. */
    private Agreed awaitAgreement(List<Long> sids, long not) {
        long end = System.nanoTime() + AGREE.toNanos();
        List<Optional<State>> seen = List.of();
        while (System.nanoTime() < end) {
            seen = sids.stream().map(this::state).toList();
            if (seen.stream().allMatch(s -> s.isPresent() && s.get().leader() != null)) {
                State first = seen.get(0).get();
                boolean same = seen.stream().allMatch(s -> s.get().leader().equals(first.leader())
                        && s.get().token().equals(first.token()));
                Optional<State> leader = sids.contains(first.leader()) ? seen.get(sids.indexOf(first.leader())) : Optional.empty();
                if (same && first.leader() != not && leader.isPresent() && leader.get().leading()) {
                    return new Agreed(first.leader(), first.token());
                }
            }
            pause();
        }
        fail("members " + sids + " did not agree on a leader within " + AGREE + ": " + seen + outputs());
        return null;
    }

    /** Milliseconds until no member in {@code sids} names {@code old} as leader any more. */
    private long awaitNoticed(List<Long> sids, long old, long since) {
        long end = since + NOTICE.toNanos() + AGREE.toNanos();
        while (System.nanoTime() < end) {
            boolean noticed = sids.stream().map(this::state)
                    .allMatch(s -> s.isPresent() && (s.get().leader() == null || s.get().leader() != old));
            if (noticed) {
                return (System.nanoTime() - since) / 1_000_000;
            }
            pause();
        }
        fail("members " + sids + " still name " + old + " as leader");
        return -1;
    }

    /** The tail of every instance's console output, for a failure message. */
    private String outputs() {
        StringBuilder b = new StringBuilder();
        for (long sid : processes.keySet()) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve("m" + sid + ".out"));
                b.append("\n--- member ").append(sid).append(processes.get(sid).isAlive() ? "" : " (exited)").append(":\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            } catch (IOException e) {
                b.append("\n--- member ").append(sid).append(": no output (").append(e.getMessage()).append(")");
            }
        }
        return b.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling interval of a deadline-bounded wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private List<Long> others(long sid) {
        return processes.keySet().stream().filter(s -> s != sid).toList();
    }

    /** The work log of member {@code sid}: lines "start|tick|stop token millis". */
    private List<String[]> work(long sid) throws IOException {
        Path log = dir.resolve("m" + sid).resolve("work.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().map(l -> l.split(" ")).toList() : List.of();
    }

    private long time(long sid, String what, long token) throws IOException {
        return work(sid).stream().filter(w -> w[0].equals(what) && Long.parseLong(w[1]) == token)
                .mapToLong(w -> Long.parseLong(w[2])).findFirst().orElseThrow(() ->
                        new AssertionError("member " + sid + " wrote no '" + what + " " + token + "'"));
    }

    private long lastWorkTime(long sid, long token) throws IOException {
        return work(sid).stream().filter(w -> Long.parseLong(w[1]) == token).mapToLong(w -> Long.parseLong(w[2]))
                .max().orElseThrow();
    }

    private static void signal(Process p, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
        } catch (IOException e) {
            throw new AssertionError("cannot send SIG" + sig, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void leaderKilledPausedAndResigning_othersTakeOver_withRisingTokens_andNoOverlappingWork() throws Exception {
        launchThree();
        Agreed first = awaitAgreement(List.of(1L, 2L, 3L), -1);
        assertTrue(first.token() >= 1);
        assertEquals(1, work(first.leader()).stream().filter(w -> w[0].equals("start")).count());

        // kill -9: noticed through the closed connections
        long t0 = System.nanoTime();
        processes.get(first.leader()).destroyForcibly().waitFor();
        long killed = System.currentTimeMillis();
        long noticedKill = awaitNoticed(others(first.leader()), first.leader(), t0);
        Agreed second = awaitAgreement(others(first.leader()), first.leader());
        assertTrue(second.token() > first.token(), first + " then " + second);
        assertTrue(lastWorkTime(first.leader(), first.token()) <= killed);
        assertTrue(time(second.leader(), "start", second.token()) >= lastWorkTime(first.leader(), first.token()));
        launch(first.leader()); // it rejoins the live leader as a follower
        assertEquals(second, awaitAgreement(List.of(1L, 2L, 3L), -1));

        // SIGSTOP: noticed by silence, within syncLimit * tickTime + 1 s
        Process paused = processes.get(second.leader());
        long t1 = System.nanoTime();
        signal(paused, "STOP");
        long noticedPause = awaitNoticed(others(second.leader()), second.leader(), t1);
        assertTrue(noticedPause <= NOTICE.toMillis(), "a paused leader noticed after " + noticedPause + " ms");
        Agreed third = awaitAgreement(others(second.leader()), second.leader());
        assertTrue(third.token() > second.token(), second + " then " + third);
        signal(paused, "CONT");
        assertEquals(third, awaitAgreement(List.of(1L, 2L, 3L), -1), "the paused leader steps down and follows");
        time(second.leader(), "stop", second.token());

        // resign: the leader's work stops before the next leader's starts
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + httpPorts.get(third.leader()) + "/resign")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"resigned\":true}", r.body().trim());
        Agreed fourth = awaitAgreement(List.of(1L, 2L, 3L), third.leader());
        assertNotEquals(third.leader(), fourth.leader());
        assertTrue(fourth.token() > third.token(), third + " then " + fourth);
        assertTrue(time(third.leader(), "stop", third.token()) <= time(fourth.leader(), "start", fourth.token()),
                "resigned leader's work stopped before the new leader's started");
        System.out.printf("http-leader example: kill -9 noticed in %d ms, SIGSTOP noticed in %d ms (bound %d ms)%n",
                noticedKill, noticedPause, NOTICE.toMillis());
    }
}
