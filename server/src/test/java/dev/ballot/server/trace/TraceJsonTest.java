package dev.ballot.server.trace;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceJsonTest {

    @Test
    void everyEventType_roundTripsThroughItsLine() {
        for (TraceEvent event : TraceSamples.everyType()) {
            String line = TraceJson.format(event);
            assertEquals(event, TraceJson.parse(line), line);
            assertTrue(line.startsWith("{\"t\":" + event.nanos() + ",\"sid\":" + event.sid()
                    + ",\"type\":\"" + event.type() + "\""), line);
        }
    }

    @Test
    void notificationSent_hasStableFieldNames() {
        TraceEvent e = new TraceEvent.NotificationSent(42, 1, 2,
                new Vote(3, 0x200000001L, 5, 2, PeerState.LOOKING, 2));
        assertEquals("{\"t\":42,\"sid\":1,\"type\":\"notification_sent\",\"to\":2,\"vote\":{\"state\":\"LOOKING\","
                + "\"leader\":3,\"zxid\":8589934593,\"round\":5,\"peerEpoch\":2,\"version\":2}}", TraceJson.format(e));
    }

    /** The traces committed with the docs (and the renderer's golden input) read and rewrite byte for byte. */
    @ParameterizedTest
    @ValueSource(strings = {"../docs/how-election-works/start.jsonl", "../docs/how-election-works/leader-dies.jsonl",
            "src/test/resources/trace/three-peers.jsonl"})
    void committedTraces_rewriteByteForByte(String file) throws IOException {
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        List<TraceEvent> events = TraceJson.read(new BufferedReader(new StringReader(text)));
        assertFalse(events.isEmpty(), file);
        assertEquals(text, TraceJson.toLines(events), file);
    }

    @Test
    void extremeLongs_surviveExactly() {
        Vote observer = new Vote(Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, -1, PeerState.LOOKING, 0);
        TraceEvent e = new TraceEvent.ElectionStarted(Long.MAX_VALUE, 9, 1, observer);
        assertEquals(e, TraceJson.parse(TraceJson.format(e)));
    }

    @Test
    void reasons_areEscapedAndRestored() {
        String reason = "quote \" backslash \\ slash / nl \n cr \r tab \t bs \b ff \f nul \u0000 unit \u001f é ☃";
        TraceEvent e = new TraceEvent.ConnectionClosed(1, 2, 3, reason);
        String line = TraceJson.format(e);
        assertTrue(line.contains("quote \\\" backslash \\\\ slash / nl \\n cr \\r tab \\t bs \\b ff \\f nul \\u0000 unit \\u001F é ☃"),
                line);
        assertTrue(line.chars().noneMatch(c -> c < 0x20), "no raw control characters in a line");
        assertEquals(e, TraceJson.parse(line));
    }

    @Test
    void parser_acceptsEscapesItDoesNotWrite_andWhitespace() {
        String line = " { \"t\" : 1 , \"sid\":2,\"type\":\"connection_closed\",\"peer\":3,"
                + "\"reason\":\"\\u0041\\/\\u00e9\", \"extra\": [true, false, null, 1.5e3, {\"x\": []}] } ";
        assertEquals(new TraceEvent.ConnectionClosed(1, 2, 3, "A/é"), TraceJson.parse(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "xyz                                                           | Unrecognized token 'xyz'",
            "{\"t\":1,\"sid\":2}                                           | missing field 'type' in event",
            "{\"t\":1,\"sid\":2,\"type\":\"nope\"}                         | unknown event type 'nope'",
            "{\"t\":\"1\",\"sid\":2,\"type\":\"x\"}                        | field 't' in event must be an integer, got \"1\"",
            "{\"t\":1.5,\"sid\":2,\"type\":\"x\"}                          | field 't' in event must be an integer, got 1.5",
            "{\"t\":1,\"sid\":2,\"type\":\"role_changed\",\"from\":\"LOOKING\",\"to\":\"BOSS\"} | field 'to' in event has unknown value 'BOSS'",
            "{\"t\":1,\"sid\":2,\"type\":\"connection_opened\",\"peer\":1}   | missing field 'direction' in event",
            "{\"t\":1,\"sid\":2,\"type\":\"notification_sent\",\"to\":3,\"vote\":{\"leader\":1}} | missing field 'zxid' in 'vote' in event",
            "{\"t\":1,\"sid\":2,\"type\":\"quorum_reached\",\"proposal\":{},\"supporters\":[1,\"2\"]} | missing field 'leader' in 'proposal' in event",
            "{\"t\":1,\"t\":2}                                             | Duplicate field 't'",
            "{\"t\":1                                                      | Unexpected end-of-input",
            "{\"t\":99999999999999999999,\"sid\":1,\"type\":\"x\"}         | field 't' in event must be an integer",
            "{\"t\":1} x                                                   | Unrecognized token 'x'",
            "{\"t\":1} {}                                                  | Trailing token",
            "{\"t\":\"a\\qb\"}                                             | Unrecognized character escape 'q'",
            "{\"t\":\"abc                                                  | Unexpected end-of-input",
            "[1,2]                                                         | event is not a JSON object",
    })
    void badLines_failWithAReason(String line, String expected) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceJson.parse(line.strip()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void rawControlCharacterInString_isRejected() {
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> TraceJson.parse("{\"t\":\"a\u0001\"}"));
        assertTrue(e.getMessage().contains("Illegal unquoted character"), e.getMessage());
    }

    @Test
    void deepNesting_isRejectedWithoutStackOverflow() {
        String line = "[".repeat(100_000) + "]".repeat(100_000);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceJson.parse(line));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }

    @Test
    void linesRoundTrip_andBlankLinesAreSkipped() throws IOException {
        List<TraceEvent> events = TraceSamples.everyType();
        String text = TraceJson.toLines(events);
        assertEquals(events.size(), text.lines().count());
        List<TraceEvent> back = TraceJson.read(new BufferedReader(new StringReader("\n" + text + "\n  \n")));
        assertEquals(events, back);
    }

    @Test
    void read_namesTheBadLine() {
        String text = TraceJson.format(TraceSamples.everyType().get(0)) + "\n\n{oops}\n";
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> TraceJson.read(new BufferedReader(new StringReader(text))));
        assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
    }
}
