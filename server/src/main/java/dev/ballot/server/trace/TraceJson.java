package dev.ballot.server.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ballot.core.trace.TraceEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-lines form of a trace, through Jackson: one {@link TraceEvent} per line, one JSON object
 * per event, with stable field names. Every line starts with the common fields, then the event's own:
 *
 * <pre>
 * {"t":1200345,"sid":1,"type":"notification_sent","to":2,
 *  "vote":{"state":"LOOKING","leader":3,"zxid":0,"round":1,"peerEpoch":0,"version":2}}
 * </pre>
 *
 * <table>
 *   <caption>fields per type (besides {@code t} nanoseconds, {@code sid}, {@code type})</caption>
 *   <tr><th>type</th><th>fields</th></tr>
 *   <tr><td>election_started</td><td>round, vote</td></tr>
 *   <tr><td>notification_sent</td><td>to, vote</td></tr>
 *   <tr><td>notification_received</td><td>from, vote</td></tr>
 *   <tr><td>proposal_changed</td><td>previous, proposal, rule (NEWER_ROUND | BETTER_VOTE)</td></tr>
 *   <tr><td>quorum_reached</td><td>proposal, supporters (array of sids)</td></tr>
 *   <tr><td>finalize_wait_started</td><td>proposal, delayNanos</td></tr>
 *   <tr><td>finalize_wait_abandoned</td><td>from, better</td></tr>
 *   <tr><td>decided</td><td>vote, role, durationNanos, rounds, notificationsReceived, notificationsSent</td></tr>
 *   <tr><td>connection_opened</td><td>peer, direction (INBOUND | OUTBOUND)</td></tr>
 *   <tr><td>connection_dropped</td><td>peer, direction, reason</td></tr>
 *   <tr><td>connection_closed</td><td>peer, reason</td></tr>
 *   <tr><td>epoch_established</td><td>leader, epoch</td></tr>
 *   <tr><td>role_changed</td><td>from, to (peer states)</td></tr>
 * </table>
 *
 * <p>A vote is {@code {"state","leader","zxid","round","peerEpoch","version"}}; {@code round} is
 * {@link dev.ballot.core.Vote#electionEpoch()}. Readers ignore fields they do not know, so fields may
 * be added. Field order is fixed (the writer streams it), so the committed traces under
 * {@code docs/how-election-works/} are rewritten byte for byte.
 *
 * <p>Stateless; thread-safe.
 */
public final class TraceJson {
    /** Rejects duplicate fields and text after the object: a trace line is exactly one object. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private TraceJson() {
    }

    /** One event as one line of JSON (no line terminator). */
    public static String format(TraceEvent event) {
        StringWriter out = new StringWriter(192);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            TraceEventWriter.write(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return out.toString();
    }

    /**
     * Parses one line written by {@link #format}.
     *
     * @throws TraceFormatException if the line is not JSON, lacks a field, or names an unknown type
     */
    public static TraceEvent parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(describe(e), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new TraceFormatException("empty line");
        }
        return TraceEventReader.read(node);
    }

    /** Writes each event as one line ({@code \n}-terminated). */
    public static void write(Writer out, Iterable<? extends TraceEvent> events) throws IOException {
        for (TraceEvent event : events) {
            out.append(format(event)).append('\n');
        }
    }

    /** The events as JSON lines, each {@code \n}-terminated. */
    public static String toLines(Iterable<? extends TraceEvent> events) {
        StringWriter sw = new StringWriter();
        try {
            write(sw, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return sw.toString();
    }

    /**
     * Reads JSON lines until the end of {@code in}; blank lines are skipped.
     *
     * @throws TraceFormatException naming the 1-based line number of the first bad line
     * @throws IOException          if reading fails
     */
    public static List<TraceEvent> read(BufferedReader in) throws IOException {
        List<TraceEvent> events = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(parse(line));
            } catch (TraceFormatException e) {
                throw new TraceFormatException("line " + number + ": " + e.getMessage(), e);
            }
        }
        return events;
    }

    /** Jackson's reason and the column, without its source excerpt (the caller names the line). */
    private static String describe(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        return e.getLocation() == null ? reason : reason + " at column " + e.getLocation().getColumnNr();
    }
}
