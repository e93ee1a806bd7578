package dev.ballot.election.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Convention 1: the state-machine package uses no threads, clocks, I/O or Netty. */
class FsmPurityTest {
    private static final Path FSM = Path.of("src/main/java/dev/ballot/election/fsm");
    private static final Pattern BANNED = Pattern.compile(
            "io\\.netty|java\\.net\\.|java\\.io\\.|java\\.nio\\.|java\\.util\\.concurrent|java\\.lang\\.Thread|\\bThread\\."
                    + "|System\\.\\w*[Tt]ime\\w*|java\\.time\\.Clock|Instant\\.now|LocalDateTime|synchronized|volatile");

    @Test
    void stateMachinePackageImportsNothingBanned() throws IOException {
        List<String> offences = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.list(FSM)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : sources) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (BANNED.matcher(lines.get(i)).find()) {
                    offences.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(sources.size() >= 10, "expected the fsm sources under " + FSM.toAbsolutePath());
        assertEquals(List.of(), offences);
    }

    @Test
    void bannedPatternCatchesTheUsualSuspects() {
        for (String line : List.of("import io.netty.util.concurrent.EventExecutor;", "long t = System.nanoTime();",
                "import java.util.concurrent.ConcurrentHashMap;", "Thread.sleep(5);", "private volatile int x;")) {
            assertTrue(BANNED.matcher(line).find(), line);
        }
    }
}
