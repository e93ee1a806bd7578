package dev.ballot.bench.cell;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The result line survives the trip from the cell JVM to the runner. */
class CellResultTest {

    @Test
    void toLineThenParse_roundTripsEveryField() {
        CellSpec spec = new CellSpec("zookeeper", CellSpec.Scenario.LOSS, 5, 0, 1.5, 1, 3, Duration.ofSeconds(40), 77);
        CellResult r = new CellResult(spec, "timeout", "cold: 4 of 5\tpeers", Map.of("cold", List.of(1L, 250_000L),
                "reelection", List.of()), 0, 113, 11_000_000L, 85_000_000L, 52.5, 47.25, 26);

        CellResult back = CellResult.parse(r.toLine());

        assertEquals(spec, back.spec());
        assertEquals("timeout", back.status());
        assertEquals("cold: 4 of 5 peers", back.detail());
        assertEquals(List.of(1L, 250_000L), back.latencies("cold"));
        assertEquals(List.of(), back.latencies("reelection"));
        assertEquals(113, back.peakThreads());
        assertEquals(11_000_000L, back.heapAfterGcBytes());
        assertEquals(85_000_000L, back.cpuNanosPerElection());
        assertEquals(52.5, back.sentPerElection());
        assertEquals(47.25, back.receivedPerElection());
        assertEquals(26, back.sockets());
    }

    @Test
    void parse_rejectsOtherLines() {
        assertThrows(IllegalArgumentException.class, () -> CellResult.parse("status=ok"));
    }
}
