package dev.ballot.server.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent;
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

import java.io.IOException;

/** Streams one {@link TraceEvent} as the JSON object {@link TraceJson} documents, fields in fixed order. */
final class TraceEventWriter {
    private TraceEventWriter() {
    }

    static void write(JsonGenerator g, TraceEvent event) throws IOException {
        g.writeStartObject();
        g.writeNumberField("t", event.nanos());
        g.writeNumberField("sid", event.sid());
        g.writeStringField("type", event.type());
        if (!electionFields(g, event)) {
            connectionFields(g, event);
        }
        g.writeEndObject();
    }

    /** An if-chain because Java 17 has no pattern switch on sealed types; false if not an election event. */
    private static boolean electionFields(JsonGenerator g, TraceEvent event) throws IOException {
        if (event instanceof ElectionStarted e) {
            g.writeNumberField("round", e.round());
            vote(g, "vote", e.initialVote());
        } else if (event instanceof NotificationSent e) {
            g.writeNumberField("to", e.to());
            vote(g, "vote", e.vote());
        } else if (event instanceof NotificationReceived e) {
            g.writeNumberField("from", e.from());
            vote(g, "vote", e.vote());
        } else if (event instanceof ProposalChanged e) {
            vote(g, "previous", e.previous());
            vote(g, "proposal", e.proposal());
            g.writeStringField("rule", e.rule().name());
        } else if (event instanceof QuorumReached e) {
            vote(g, "proposal", e.proposal());
            g.writeArrayFieldStart("supporters");
            for (long sid : e.supporters()) {
                g.writeNumber(sid);
            }
            g.writeEndArray();
        } else if (event instanceof FinalizeWaitStarted e) {
            vote(g, "proposal", e.proposal());
            g.writeNumberField("delayNanos", e.delay().toNanos());
        } else if (event instanceof FinalizeWaitAbandoned e) {
            g.writeNumberField("from", e.from());
            vote(g, "better", e.better());
        } else if (event instanceof Decided e) {
            vote(g, "vote", e.vote());
            g.writeStringField("role", e.role().name());
            g.writeNumberField("durationNanos", e.duration().toNanos());
            g.writeNumberField("rounds", e.rounds());
            g.writeNumberField("notificationsReceived", e.notificationsReceived());
            g.writeNumberField("notificationsSent", e.notificationsSent());
        } else {
            return false;
        }
        return true;
    }

    private static void connectionFields(JsonGenerator g, TraceEvent event) throws IOException {
        if (event instanceof ConnectionOpened e) {
            g.writeNumberField("peer", e.peer());
            g.writeStringField("direction", e.direction().name());
        } else if (event instanceof ConnectionDropped e) {
            g.writeNumberField("peer", e.peer());
            g.writeStringField("direction", e.direction().name());
            g.writeStringField("reason", e.reason());
        } else if (event instanceof ConnectionClosed e) {
            g.writeNumberField("peer", e.peer());
            g.writeStringField("reason", e.reason());
        } else if (event instanceof EpochEstablished e) {
            g.writeNumberField("leader", e.leader());
            g.writeNumberField("epoch", e.epoch());
        } else if (event instanceof RoleChanged e) {
            g.writeStringField("from", e.from().name());
            g.writeStringField("to", e.to().name());
        } else {
            throw new IllegalStateException("no JSON form for event type " + event.getClass().getName());
        }
    }

    private static void vote(JsonGenerator g, String field, Vote v) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("state", v.state().name());
        g.writeNumberField("leader", v.leader());
        g.writeNumberField("zxid", v.zxid());
        g.writeNumberField("round", v.electionEpoch());
        g.writeNumberField("peerEpoch", v.peerEpoch());
        g.writeNumberField("version", v.version());
        g.writeEndObject();
    }
}
