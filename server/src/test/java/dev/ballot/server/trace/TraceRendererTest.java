package dev.ballot.server.trace;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.ConnectionOpened;
import dev.ballot.core.trace.TraceEvent.Direction;
import dev.ballot.core.trace.TraceEvent.NotificationReceived;
import dev.ballot.core.trace.TraceEvent.NotificationSent;
import dev.ballot.core.trace.TraceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceRendererTest {
    private static final Vote V3 = new Vote(3, 0, 1, 0, PeerState.LOOKING, 2);

    private static List<String> body(String mermaid) {
        return mermaid.lines().filter(l -> !l.startsWith("sequenceDiagram") && !l.contains("participant")).toList();
    }

    @Test
    void notificationSeenByBothEnds_isDrawnOnce_atTheReceiver() {
        List<TraceEvent> events = List.of(
                new NotificationSent(1, 1, 2, V3),
                new NotificationReceived(2, 2, 1, V3));
        assertEquals(List.of("    n1->>n2: LOOKING (3, 0x0, r1, e0)"), body(TraceRenderer.mermaid(events)));
    }

    @Test
    void notificationToAnUntracedPeer_isDrawnAtTheSender_andSelfDeliveryIsNotDrawn() {
        List<TraceEvent> events = List.of(
                new NotificationSent(1, 1, 1, V3),
                new NotificationReceived(2, 1, 1, V3),
                new NotificationSent(3, 1, 9, V3));
        String mermaid = TraceRenderer.mermaid(events);
        assertEquals(List.of("    n1->>n9: LOOKING (3, 0x0, r1, e0)"), body(mermaid));
        assertTrue(mermaid.contains("participant n1\n    participant n9\n"), mermaid);
    }

    @Test
    void connection_isDrawnOnceFromTheDialer() {
        List<TraceEvent> both = List.of(
                new ConnectionOpened(1, 3, 1, Direction.OUTBOUND),
                new ConnectionOpened(2, 1, 3, Direction.INBOUND));
        assertEquals(List.of("    n3-->>n1: connect"), body(TraceRenderer.mermaid(both)));
        List<TraceEvent> acceptorOnly = List.of(new ConnectionOpened(2, 1, 3, Direction.INBOUND));
        assertEquals(List.of("    n3-->>n1: connect"), body(TraceRenderer.mermaid(acceptorOnly)));
    }

    @Test
    void eventsAreDrawnInTimeOrder_whateverTheInputOrder() {
        List<TraceEvent> events = List.of(
                new NotificationReceived(20, 2, 1, V3),
                new TraceEvent.RoleChanged(10, 2, PeerState.FOLLOWING, PeerState.LOOKING));
        assertEquals(List.of("    rect rgb(216, 240, 216)", "        Note over n2: FOLLOWING → LOOKING", "    end",
                "    n1->>n2: LOOKING (3, 0x0, r1, e0)"), body(TraceRenderer.mermaid(events)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a;b      | a#59;b",
            "x#y      | x#35;y",
            "<br/>    | #60;br/#62;",
            "plain    | plain",
    })
    void mermaidLabels_areEscaped(String text, String escaped) {
        assertEquals(escaped, MermaidWriter.escape(text));
        assertEquals("one two", MermaidWriter.escape("one\ntwo"));
    }

    @Test
    void svg_escapesTextAndDrawsEveryPeer() {
        String svg = TraceRenderer.svg(List.of(new TraceEvent.ConnectionClosed(1, 1, 2, "<&\"> gone")));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("&lt;&amp;&quot;&gt; gone"), svg);
        assertFalse(svg.contains("<&"), svg);
        assertEquals(2, svg.split(">n1<", -1).length - 1, "n1 box at the top and bottom");
        assertEquals(2, svg.split(">n2<", -1).length - 1, "n2 box at the top and bottom");
        assertTrue(svg.endsWith("</svg>\n"));
    }

    @Test
    void everyEventType_hasADiagramFormAndASummary() {
        List<TraceEvent> all = TraceSamples.everyType();
        String mermaid = TraceRenderer.mermaid(all);
        for (String expected : List.of("n3 drops n1→n3", "n3-->>n1: connect", "LOOKING, round 1",
                "proposal → (3, 0x100000002, r1, e1) (better vote)", "quorum {1, 3} for leader 3",
                "finalize wait 200.0 ms", "finalize wait abandoned: n2 has", "decided: leader 3, FOLLOWING after 123.5 ms, 2 rounds",
                "LOOKING → FOLLOWING", "epoch 2 established (leader 3)", "connection to n3 closed")) {
            assertTrue(mermaid.contains(expected), expected + " in\n" + mermaid);
        }
        assertTrue(TraceRenderer.svg(all).contains("finalize wait abandoned"));
        String summary = TraceRenderer.summary(all);
        assertTrue(summary.contains("| 1 | 1 | +0.0 ms | 1 | (1, 0x100000002, r1, e1) | 3 | FOLLOWING | 123.5 ms | 2 | 7 / 5 | 1 | 1 |"),
                summary);
    }

    @Test
    void summary_ofADecisionWithoutItsStart_andOfNothing() {
        TraceEvent decided = new TraceEvent.Decided(5, 2, V3.withState(PeerState.FOLLOWING), PeerState.FOLLOWING,
                Duration.ofMillis(3), 1, 2, 2);
        assertTrue(TraceRenderer.summary(List.of(decided)).contains("| 1 | 2 | before trace | 1 | ? | 3 | FOLLOWING |"));
        assertEquals("The trace holds no events.\n", TraceRenderer.summary(List.of()));
        assertEquals("sequenceDiagram\n", TraceRenderer.mermaid(List.of()));
    }
}
