package dev.ballot.bench.servers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench measures Ballot's servers as the shipped launcher runs them. */
class LauncherFlagsTest {

    @Test
    void ballotProcessesGetTheLaunchersJvmOptions() throws IOException {
        Path launcher = Path.of("..", "server", "bin", "ballot-server");
        assertTrue(Files.isRegularFile(launcher), "run from the bench module: " + launcher.toAbsolutePath());
        String text = Files.readString(launcher).replace("\\\n", " ");
        Matcher exec = Pattern.compile("exec \"\\$java\" (.*?) \\$\\{BALLOT_JVM_OPTS").matcher(text);
        assertTrue(exec.find(), "the launcher's exec line");
        List<String> flags = Arrays.stream(exec.group(1).trim().split("\\s+"))
                .map(f -> f.replace("\"", "").replace("${BALLOT_HEAP_MAX:-64m}", "64m")).toList();
        assertEquals(flags, List.of(ServersCommand.BALLOT_LAUNCHER_FLAGS.split(" ")));
        assertTrue(text.contains("MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}"), "the launcher's malloc arenas");
    }
}
