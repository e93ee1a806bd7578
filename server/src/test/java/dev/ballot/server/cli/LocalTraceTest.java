package dev.ballot.server.cli;

import dev.ballot.core.trace.TraceEvent;
import dev.ballot.server.trace.TraceJson;
import dev.ballot.server.trace.TraceRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code local --trace FILE}: every peer's events of a real loopback election, merged in time order. */
class LocalTraceTest {
    @TempDir
    Path dir;

    private static final java.util.regex.Pattern ESTABLISHED = java.util.regex.Pattern.compile("== leader (\\d+) established");

    @Test
    void localEnsemble_writesEveryPeersTrace_mergedInTimeOrder() throws Exception {
        Path file = dir.resolve("trace.jsonl");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LocalEnsemble ensemble = new LocalEnsemble(dir.resolve("peers"), 3, 0, Duration.ofMillis(200),
                new PrintStream(console, true, StandardCharsets.UTF_8), Optional.of(file));
        try {
            ensemble.start(Optional.empty());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // the leader is whoever wins: under load peer 3 may start after 1 and 2 have elected 2
            while (!ESTABLISHED.matcher(console.toString(StandardCharsets.UTF_8)).find()) {
                assertTrue(System.nanoTime() < deadline, "no established leader within 30 s:\n" + console);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // polling with a deadline
            }
        } finally {
            ensemble.close();
        }
        List<TraceEvent> events;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            events = TraceJson.read(in);
        }
        assertEquals(TraceEvent.inTimeOrder(events), events, "merged in time order");
        for (long sid = 1; sid <= 3; sid++) {
            long me = sid;
            Set<String> types = events.stream().filter(e -> e.sid() == me).map(TraceEvent::type).collect(Collectors.toSet());
            assertTrue(types.containsAll(Set.of("election_started", "notification_sent", "notification_received",
                    "quorum_reached", "decided", "role_changed", "epoch_established", "connection_opened")),
                    "peer " + sid + ": " + types);
        }
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("trace: " + events.size() + " events in " + file));
        java.util.regex.Matcher leader = ESTABLISHED.matcher(console.toString(StandardCharsets.UTF_8));
        assertTrue(leader.find());
        assertTrue(TraceRenderer.mermaid(events).contains("epoch 1 established (leader " + leader.group(1) + ")"));
    }
}
