package dev.ballot.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed run's results.csv reads back whole and draws every chart again (what {@code report} does). */
class ChartsFromCsvTest {
    private static final Path COMMITTED = Path.of("..", "docs", "bench", "results.csv");

    @Test
    void committedResults_readBackAndWriteTheSameCsv(@TempDir Path dir) throws IOException {
        Summary s = ResultsCsv.read(COMMITTED);
        assertEquals(List.of("ballot", "ballot-fle", "zookeeper"), s.systems());
        Path again = dir.resolve("results.csv");
        ReportWriter.writeCsv(s, again);
        assertEquals(Files.readString(COMMITTED, StandardCharsets.UTF_8), Files.readString(again, StandardCharsets.UTF_8));
        assertTrue(s.table("loss5-reelection").orElseThrow().title().endsWith("5% of election frames dropped"));
    }

    @Test
    void committedResults_drawEveryChart(@TempDir Path dir) throws IOException {
        List<String> charts = ChartWriter.writeAll(ResultsCsv.read(COMMITTED), dir);
        assertEquals(List.of("latency-vs-n.png", "threads-vs-n.png", "cpu-vs-n.png", "reelection-distribution.png"), charts);
        for (String c : charts) {
            BufferedImage image = ImageIO.read(dir.resolve(c).toFile());
            assertNotNull(image, c);
            assertEquals(900, image.getWidth(), c);
            assertEquals(540, image.getHeight(), c);
        }
    }

    @Test
    void aLineThatDoesNotMatchTheHeader_isNamed(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("results.csv");
        Files.writeString(bad, ReportWriter.CSV_HEADER + "\ncold,election,cold\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(bad));
        assertTrue(e.getMessage().contains("line 2 has 3 fields"), e.getMessage());
    }
}
