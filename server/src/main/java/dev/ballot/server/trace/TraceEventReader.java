package dev.ballot.server.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.ConnectionClosed;
import dev.ballot.core.trace.TraceEvent.ConnectionDropped;
import dev.ballot.core.trace.TraceEvent.ConnectionOpened;
import dev.ballot.core.trace.TraceEvent.Decided;
import dev.ballot.core.trace.TraceEvent.Direction;
import dev.ballot.core.trace.TraceEvent.ElectionStarted;
import dev.ballot.core.trace.TraceEvent.EpochEstablished;
import dev.ballot.core.trace.TraceEvent.FinalizeWaitAbandoned;
import dev.ballot.core.trace.TraceEvent.FinalizeWaitStarted;
import dev.ballot.core.trace.TraceEvent.NotificationReceived;
import dev.ballot.core.trace.TraceEvent.NotificationSent;
import dev.ballot.core.trace.TraceEvent.ProposalChanged;
import dev.ballot.core.trace.TraceEvent.ProposalRule;
import dev.ballot.core.trace.TraceEvent.QuorumReached;
import dev.ballot.core.trace.TraceEvent.RoleChanged;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link TraceEvent} from a parsed JSON object; every failure is a {@link TraceFormatException}
 * naming the object and the field. Not shared across threads (one per object read).
 */
final class TraceEventReader {
    private final JsonNode fields;
    private final String what;

    private TraceEventReader(JsonNode fields, String what) {
        this.fields = fields;
        this.what = what;
    }

    static TraceEvent read(JsonNode node) {
        if (!node.isObject()) {
            throw new TraceFormatException("event is not a JSON object");
        }
        return new TraceEventReader(node, "event").event();
    }

    private TraceEvent event() {
        long t = num("t");
        long sid = num("sid");
        String type = str("type");
        return switch (type) {
            case "election_started" -> new ElectionStarted(t, sid, num("round"), vote("vote"));
            case "notification_sent" -> new NotificationSent(t, sid, num("to"), vote("vote"));
            case "notification_received" -> new NotificationReceived(t, sid, num("from"), vote("vote"));
            case "proposal_changed" -> new ProposalChanged(t, sid, vote("previous"), vote("proposal"),
                    constant("rule", ProposalRule.class));
            case "quorum_reached" -> new QuorumReached(t, sid, vote("proposal"), nums("supporters"));
            case "finalize_wait_started" -> new FinalizeWaitStarted(t, sid, vote("proposal"),
                    Duration.ofNanos(num("delayNanos")));
            case "finalize_wait_abandoned" -> new FinalizeWaitAbandoned(t, sid, num("from"), vote("better"));
            case "decided" -> new Decided(t, sid, vote("vote"), constant("role", PeerState.class),
                    Duration.ofNanos(num("durationNanos")), nonNegativeInt("rounds"),
                    num("notificationsReceived"), num("notificationsSent"));
            case "connection_opened" -> new ConnectionOpened(t, sid, num("peer"), constant("direction", Direction.class));
            case "connection_dropped" -> new ConnectionDropped(t, sid, num("peer"),
                    constant("direction", Direction.class), str("reason"));
            case "connection_closed" -> new ConnectionClosed(t, sid, num("peer"), str("reason"));
            case "epoch_established" -> new EpochEstablished(t, sid, num("leader"), num("epoch"));
            case "role_changed" -> new RoleChanged(t, sid, constant("from", PeerState.class),
                    constant("to", PeerState.class));
            default -> throw new TraceFormatException("unknown event type '" + type + "'");
        };
    }

    private Vote vote(String key) {
        JsonNode value = require(key);
        if (!value.isObject()) {
            throw wrong(key, "an object");
        }
        TraceEventReader v = new TraceEventReader(value, "'" + key + "' in " + what);
        return new Vote(v.num("leader"), v.num("zxid"), v.num("round"), v.num("peerEpoch"),
                v.constant("state", PeerState.class), v.nonNegativeInt("version"));
    }

    private long num(String key) {
        JsonNode value = require(key);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrong(key, "an integer");
        }
        return value.longValue();
    }

    private int nonNegativeInt(String key) {
        long value = num(key);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new TraceFormatException("field '" + key + "' out of range in " + what + ": " + value);
        }
        return (int) value;
    }

    private String str(String key) {
        JsonNode value = require(key);
        if (!value.isTextual()) {
            throw wrong(key, "a string");
        }
        return value.textValue();
    }

    private List<Long> nums(String key) {
        JsonNode value = require(key);
        if (!value.isArray()) {
            throw wrong(key, "an array");
        }
        List<Long> out = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isIntegralNumber() || !item.canConvertToLong()) {
                throw wrong(key, "an array of integers");
            }
            out.add(item.longValue());
        }
        return out;
    }

    /** An enum constant spelled by its name. */
    private <E extends Enum<E>> E constant(String key, Class<E> type) {
        String name = str(key);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException("field '" + key + "' in " + what + " has unknown value '" + name
                    + "' (expected one of " + Arrays.toString(type.getEnumConstants()) + ")", e);
        }
    }

    private JsonNode require(String key) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull()) {
            throw new TraceFormatException("missing field '" + key + "' in " + what);
        }
        return value;
    }

    private TraceFormatException wrong(String key, String expected) {
        return new TraceFormatException("field '" + key + "' in " + what + " must be " + expected + ", got "
                + fields.get(key));
    }
}
