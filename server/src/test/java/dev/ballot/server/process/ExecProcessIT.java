package dev.ballot.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --exec} on three real peers: exactly one command runs, the leader's, with its fencing
 * token; kill -9 of the leader's JVM ends that command, and the new leader starts its own with a
 * greater token within syncLimit·tickTime + 1 s; a follower's {@code /watch} stream shows the change.
 */
@Tag("process")
class ExecProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TICK = Duration.ofMillis(500);
    private static final int SYNC_LIMIT = 5;

    @TempDir
    Path dir;
    private ProcessEnsemble ensemble;
    private CompletableFuture<?> watch;

    @AfterEach
    void stopAll() {
        if (watch != null) {
            watch.cancel(true);
        }
        if (ensemble != null) {
            ensemble.close();
        }
        for (Run r : runsQuietly()) { // whatever a failed test left behind
            if (alive(r.pid())) {
                ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** One start of the command, as it recorded itself. */
    record Run(long sid, long token, long pid) {
    }

    private Path runsFile() {
        return dir.resolve("runs");
    }

    private List<Run> runs() throws IOException {
        if (!Files.exists(runsFile())) {
            return List.of();
        }
        return Files.readAllLines(runsFile()).stream().filter(l -> !l.isBlank()).map(l -> l.trim().split(" "))
                .map(f -> new Run(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]))).toList();
    }

    private List<Run> runsQuietly() {
        try {
            return runs();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static boolean alive(long pid) {
        try { // a zombie (exited, not yet reaped) counts as gone
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private List<Run> aliveRuns() throws IOException {
        return runs().stream().filter(r -> alive(r.pid())).toList();
    }

    private static void await(java.util.concurrent.Callable<Boolean> check, Duration within, String what)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + within);
            }
            TimeUnit.MILLISECONDS.sleep(10); // polling interval; the deadline decides
        }
    }

    /** Reads {@code sid}'s /watch on a background thread into {@code events}. */
    private CompletableFuture<?> watch(long sid, BlockingQueue<JsonNode> events) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ensemble.adminPort(sid) + "/watch")).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(r -> {
            assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
            try (Stream<String> lines = r.body()) {
                lines.filter(l -> l.startsWith("data: ")).forEach(l -> {
                    try {
                        events.add(JSON.readTree(l.substring(6)));
                    } catch (IOException e) {
                        throw new IllegalStateException("bad event " + l, e);
                    }
                });
            }
        });
    }

    /**
     * Polls until {@code sids} agree on an established leader and exactly one command runs: the
     * leader's, under its token. (On a busy machine the first leader may lose its quorum once; its
     * command must then be gone and the next leader's running.)
     */
    private ProcessEnsemble.Established awaitOneCommandOnTheLeader(List<Long> sids) throws Exception {
        long deadline = System.nanoTime() + ProcessEnsemble.DEADLINE.toNanos();
        while (true) {
            ProcessEnsemble.Established e = ensemble.awaitEstablished(sids, x -> true);
            List<Run> alive = aliveRuns();
            if (alive.size() == 1 && alive.get(0).sid() == e.leader() && alive.get(0).token() == e.token()) {
                return e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not exactly one command on leader " + e.leader() + " under token " + e.token()
                        + ": running " + alive + ", all " + runs() + "\n" + ensemble.logs());
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling interval; the deadline decides
        }
    }

    @Test
    void oneCommandRuns_theLeaders_andMovesToTheNewLeaderAfterKill9_whileAFollowersWatchStreamShowsTheChange()
            throws Exception {
        ensemble = new ProcessEnsemble(dir, 3, TICK, 10, SYNC_LIMIT);
        String command = "echo \"$BALLOT_MY_SID $BALLOT_FENCING_TOKEN $$\" >> " + runsFile()
                + "; echo \"started under token $BALLOT_FENCING_TOKEN, admin $BALLOT_ADMIN_URL\"; exec sleep 300";
        ensemble.startAll(List.of("--exec", command, "--exec-grace", "1s"));
        List<Long> all = List.of(1L, 2L, 3L);
        ProcessEnsemble.Established first = awaitOneCommandOnTheLeader(all);
        Run leaderRun = aliveRuns().get(0);
        TimeUnit.MILLISECONDS.sleep(500); // a command started by a follower by mistake would show by now
        assertEquals(List.of(leaderRun), aliveRuns(), "exactly one command runs");
        assertTrue(runs().stream().allMatch(r -> r.equals(leaderRun) || r.token() < leaderRun.token() && !alive(r.pid())),
                "any earlier command (a leader that lost its quorum while the machine was busy) had a smaller token"
                        + " and is gone: " + runs());
        await(() -> Files.readString(ensemble.log(first.leader())).contains("out: started under token " + first.token()
                + ", admin http://127.0.0.1:" + ensemble.adminPort(first.leader())), Duration.ofSeconds(10),
                "the command's stdout in the leader's log, with the exec prefix");

        long follower = all.stream().filter(s -> s != first.leader()).findFirst().orElseThrow();
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        watch = watch(follower, events);
        JsonNode now = events.poll(10, TimeUnit.SECONDS);
        assertTrue(now != null, "the current view at once");
        assertEquals(first.leader(), now.get("leader").asLong());
        assertEquals(first.token(), now.get("fencingToken").asLong());
        assertEquals("FOLLOWING", now.get("role").asText());

        long killedAt = System.nanoTime();
        ensemble.kill9(first.leader());
        Duration bound = TICK.multipliedBy(SYNC_LIMIT).plusSeconds(1);
        await(() -> aliveRuns().stream().anyMatch(r -> r.token() > first.token()), bound,
                "a command with a greater token on the new leader (syncLimit*tickTime + 1 s)");
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        await(() -> !alive(leaderRun.pid()), Duration.ofSeconds(3), "the killed leader's command gone (pid "
                + leaderRun.pid() + ")");

        List<Long> survivors = all.stream().filter(s -> s != first.leader()).toList();
        ProcessEnsemble.Established second = ensemble.awaitEstablished(survivors, e -> e.token() > first.token());
        ensemble.awaitPeer(second.leader(), st -> st.map(p -> p.peers().stream().anyMatch(
                peer -> peer.sid() == first.leader() && !peer.connected())).orElse(false),
                "/status lists the killed peer " + first.leader() + " as not connected");
        List<Run> alive = aliveRuns();
        assertEquals(1, alive.size(), "exactly one command runs: " + runs());
        assertEquals(second.leader(), alive.get(0).sid());
        assertEquals(second.token(), alive.get(0).token());
        System.out.printf("exec: new leader's command %d ms after kill -9 of the old leader (bound %d ms)%n",
                tookMillis, bound.toMillis());

        // the follower's /watch went through the change: leader lost (LOOKING or not established), then the new one
        boolean sawLoss = false;
        JsonNode e;
        while ((e = events.poll(10, TimeUnit.SECONDS)) != null) {
            boolean established = e.get("established").asBoolean();
            if (!established) {
                sawLoss = true;
            } else if (e.get("leader").asLong() == second.leader() && e.get("fencingToken").asLong() == second.token()) {
                break;
            }
        }
        assertTrue(e != null, "/watch showed the new leader " + second.leader() + " under token " + second.token());
        assertTrue(sawLoss, "/watch showed the leaderless moment before the new leader");
    }
}
