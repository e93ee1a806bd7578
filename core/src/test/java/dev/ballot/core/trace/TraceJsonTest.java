package dev.ballot.core.trace;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(line.contains("quote \\\" backslash \\\\ slash / nl \\n cr \\r tab \\t bs \\b ff \\f nul \\u0000 unit \\u001f é ☃"),
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
            "xyz                                                           | unexpected character 'x' at position 0",
            "nope                                                          | invalid literal at position 0",
            "{\"t\":1,\"sid\":2}                                           | missing field 'type' in event",
            "{\"t\":1,\"sid\":2,\"type\":\"nope\"}                         | unknown event type 'nope'",
            "{\"t\":\"1\",\"sid\":2,\"type\":\"x\"}                        | field 't' in event must be an integer, got 1",
            "{\"t\":1,\"sid\":2,\"type\":\"role_changed\",\"from\":\"LOOKING\",\"to\":\"BOSS\"} | field 'to' in event has unknown value 'BOSS'",
            "{\"t\":1,\"sid\":2,\"type\":\"connection_opened\",\"peer\":1}   | missing field 'direction' in event",
            "{\"t\":1,\"sid\":2,\"type\":\"notification_sent\",\"to\":3,\"vote\":{\"leader\":1}} | missing field 'version' in 'vote' in event",
            "{\"t\":1,\"t\":2}                                             | duplicate field 't'",
            "{\"t\":1                                                      | expected '}' at position 6",
            "{\"t\":99999999999999999999}                                  | invalid number '99999999999999999999'",
            "{\"t\":1} x                                                   | unexpected text after the value",
            "{\"t\":\"a\\qb\"}                                             | invalid escape '\\q'",
            "{\"t\":\"abc                                                  | unterminated string",
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
        assertTrue(e.getMessage().contains("unescaped control character"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {JsonIn.MAX_DEPTH + 1, 10_000})
    void deepNesting_isRejectedWithoutStackOverflow(int depth) {
        String line = "[".repeat(depth) + "]".repeat(depth);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> JsonIn.parse(line));
        assertTrue(e.getMessage().contains("nesting deeper than"), e.getMessage());
    }

    @Test
    void nestingAtTheLimit_isAccepted() {
        Object value = JsonIn.parse("[".repeat(JsonIn.MAX_DEPTH) + "]".repeat(JsonIn.MAX_DEPTH));
        int depth = 0;
        while (value instanceof List<?> list) {
            depth++;
            value = list.isEmpty() ? null : list.get(0);
        }
        assertEquals(JsonIn.MAX_DEPTH, depth);
        assertEquals(Map.of("a", List.of(1L, Collections.singletonMap("b", null))),
                JsonIn.parse("{\"a\":[1,{\"b\":null}]}"));
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
