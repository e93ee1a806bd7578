package dev.ballot.server.trace;

import dev.ballot.core.trace.TraceEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The renderer's output for a fixed trace ({@code src/test/resources/trace/three-peers.jsonl}: a
 * 3-peer start-up election, then the leader's death and a second election) is stable. Run with
 * {@code -Dballot.rewrite=true} to regenerate the golden files after an intended change, and review
 * the diff.
 */
class TraceRendererGoldenTest {
    private static final Path DIR = Path.of("src", "test", "resources", "trace");
    private static final boolean REWRITE = Boolean.getBoolean("ballot.rewrite");

    @ParameterizedTest
    @EnumSource(TraceRenderer.Format.class)
    void threePeers_rendersAsTheGoldenFile(TraceRenderer.Format format) throws IOException {
        List<TraceEvent> events;
        try (BufferedReader in = Files.newBufferedReader(DIR.resolve("three-peers.jsonl"), StandardCharsets.UTF_8)) {
            events = TraceJson.read(in);
        }
        String actual = TraceRenderer.render(events, format);
        Path golden = DIR.resolve("three-peers." + extension(format));
        if (REWRITE) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                "rendering changed; if intended, rerun with -Dballot.rewrite=true and review the diff of " + golden);
    }

    private static String extension(TraceRenderer.Format format) {
        return switch (format) {
            case MERMAID -> "mmd";
            case SVG -> "svg";
            case SUMMARY -> "summary.md";
        };
    }
}
