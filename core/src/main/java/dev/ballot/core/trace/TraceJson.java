package dev.ballot.core.trace;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent.ConnectionClosed;
import dev.ballot.core.trace.TraceEvent.ConnectionDropped;
import dev.ballot.core.trace.TraceEvent.ConnectionOpened;
import dev.ballot.core.trace.TraceEvent.Decided;
import dev.ballot.core.trace.TraceEvent.ElectionStarted;
import dev.ballot.core.trace.TraceEvent.EpochEstablished;
import dev.ballot.core.trace.TraceEvent.FinalizeWaitAbandoned;
import dev.ballot.core.trace.TraceEvent.FinalizeWaitStarted;
import dev.ballot.core.trace.TraceEvent.NotificationReceived;
import dev.ballot.core.trace.TraceEvent.NotificationSent;
import dev.ballot.core.trace.TraceEvent.ProposalChanged;
import dev.ballot.core.trace.TraceEvent.QuorumReached;
import dev.ballot.core.trace.TraceEvent.RoleChanged;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-lines form of a trace: one {@link TraceEvent} per line, one JSON object per event, with
 * stable field names. Every line starts with the common fields, then the event's own:
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
 * {@link Vote#electionEpoch()}. Readers ignore fields they do not know, so fields may be added.
 *
 * <p>Stateless; thread-safe.
 */
public final class TraceJson {
    private TraceJson() {
    }

    /** One event as one line of JSON (no line terminator). */
    public static String format(TraceEvent event) {
        JsonOut out = new JsonOut().num("t", event.nanos()).num("sid", event.sid()).str("type", event.type());
        fields(out, event);
        return out.end();
    }

    /** The event's own fields; an if-chain because Java 17 has no pattern switch on sealed types. */
    private static void fields(JsonOut out, TraceEvent event) {
        if (event instanceof ElectionStarted e) {
            out.num("round", e.round()).raw("vote", vote(e.initialVote()));
        } else if (event instanceof NotificationSent e) {
            out.num("to", e.to()).raw("vote", vote(e.vote()));
        } else if (event instanceof NotificationReceived e) {
            out.num("from", e.from()).raw("vote", vote(e.vote()));
        } else if (event instanceof ProposalChanged e) {
            out.raw("previous", vote(e.previous())).raw("proposal", vote(e.proposal())).str("rule", e.rule().name());
        } else if (event instanceof QuorumReached e) {
            out.raw("proposal", vote(e.proposal())).nums("supporters", e.supporters());
        } else if (event instanceof FinalizeWaitStarted e) {
            out.raw("proposal", vote(e.proposal())).num("delayNanos", e.delay().toNanos());
        } else if (event instanceof FinalizeWaitAbandoned e) {
            out.num("from", e.from()).raw("better", vote(e.better()));
        } else if (event instanceof Decided e) {
            out.raw("vote", vote(e.vote())).str("role", e.role().name())
                    .num("durationNanos", e.duration().toNanos()).num("rounds", e.rounds())
                    .num("notificationsReceived", e.notificationsReceived())
                    .num("notificationsSent", e.notificationsSent());
        } else {
            peerFields(out, event);
        }
    }

    private static void peerFields(JsonOut out, TraceEvent event) {
        if (event instanceof ConnectionOpened e) {
            out.num("peer", e.peer()).str("direction", e.direction().name());
        } else if (event instanceof ConnectionDropped e) {
            out.num("peer", e.peer()).str("direction", e.direction().name()).str("reason", e.reason());
        } else if (event instanceof ConnectionClosed e) {
            out.num("peer", e.peer()).str("reason", e.reason());
        } else if (event instanceof EpochEstablished e) {
            out.num("leader", e.leader()).num("epoch", e.epoch());
        } else if (event instanceof RoleChanged e) {
            out.str("from", e.from().name()).str("to", e.to().name());
        } else {
            throw new IllegalStateException("no JSON form for event type " + event.getClass().getName());
        }
    }

    /**
     * Parses one line written by {@link #format}.
     *
     * @throws TraceFormatException if the line is not JSON, lacks a field, or names an unknown type
     */
    public static TraceEvent parse(String line) {
        JsonFields f = JsonFields.of(JsonIn.parse(line), "event");
        long t = f.num("t");
        long sid = f.num("sid");
        String type = f.str("type");
        return switch (type) {
            case "election_started" -> new ElectionStarted(t, sid, f.num("round"), vote(f.obj("vote")));
            case "notification_sent" -> new NotificationSent(t, sid, f.num("to"), vote(f.obj("vote")));
            case "notification_received" -> new NotificationReceived(t, sid, f.num("from"), vote(f.obj("vote")));
            case "proposal_changed" -> new ProposalChanged(t, sid, vote(f.obj("previous")),
                    vote(f.obj("proposal")), f.constant("rule", TraceEvent.ProposalRule.class));
            case "quorum_reached" -> new QuorumReached(t, sid, vote(f.obj("proposal")), f.nums("supporters"));
            case "finalize_wait_started" -> new FinalizeWaitStarted(t, sid, vote(f.obj("proposal")),
                    Duration.ofNanos(f.num("delayNanos")));
            case "finalize_wait_abandoned" -> new FinalizeWaitAbandoned(t, sid, f.num("from"), vote(f.obj("better")));
            case "decided" -> decided(t, sid, f);
            case "connection_opened" -> new ConnectionOpened(t, sid, f.num("peer"),
                    f.constant("direction", TraceEvent.Direction.class));
            case "connection_dropped" -> new ConnectionDropped(t, sid, f.num("peer"),
                    f.constant("direction", TraceEvent.Direction.class), f.str("reason"));
            case "connection_closed" -> new ConnectionClosed(t, sid, f.num("peer"), f.str("reason"));
            case "epoch_established" -> new EpochEstablished(t, sid, f.num("leader"), f.num("epoch"));
            case "role_changed" -> new RoleChanged(t, sid, f.constant("from", PeerState.class),
                    f.constant("to", PeerState.class));
            default -> throw new TraceFormatException("unknown event type '" + type + "'");
        };
    }

    /** Writes each event as one line ({@code \n}-terminated). */
    public static void write(Appendable out, Iterable<? extends TraceEvent> events) throws IOException {
        for (TraceEvent event : events) {
            out.append(format(event)).append('\n');
        }
    }

    /** The events as JSON lines, each {@code \n}-terminated. */
    public static String toLines(Iterable<? extends TraceEvent> events) {
        StringBuilder sb = new StringBuilder();
        try {
            write(sb, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return sb.toString();
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

    private static Decided decided(long t, long sid, JsonFields f) {
        long rounds = f.num("rounds");
        if (rounds < 0 || rounds > Integer.MAX_VALUE) {
            throw new TraceFormatException("field 'rounds' out of range: " + rounds);
        }
        return new Decided(t, sid, vote(f.obj("vote")), f.constant("role", PeerState.class),
                Duration.ofNanos(f.num("durationNanos")), (int) rounds,
                f.num("notificationsReceived"), f.num("notificationsSent"));
    }

    private static String vote(Vote v) {
        return new JsonOut().str("state", v.state().name()).num("leader", v.leader()).num("zxid", v.zxid())
                .num("round", v.electionEpoch()).num("peerEpoch", v.peerEpoch()).num("version", v.version())
                .end();
    }

    private static Vote vote(JsonFields f) {
        long version = f.num("version");
        if (version < 0 || version > Integer.MAX_VALUE) {
            throw new TraceFormatException("field 'version' out of range in vote: " + version);
        }
        return new Vote(f.num("leader"), f.num("zxid"), f.num("round"), f.num("peerEpoch"),
                f.constant("state", PeerState.class), (int) version);
    }
}
