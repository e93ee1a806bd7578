package dev.ballot.server.trace;

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
import dev.ballot.core.trace.TraceEvent.QuorumReached;
import dev.ballot.core.trace.TraceEvent.RoleChanged;
import dev.ballot.server.trace.SequenceDiagram.Arrow;
import dev.ballot.server.trace.SequenceDiagram.Note;
import dev.ballot.server.trace.SequenceDiagram.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns trace events (in time order) into a {@link SequenceDiagram}.
 *
 * <p>Every message is drawn once, although both ends may have recorded it: a notification is drawn
 * where it was received if the receiver is in the trace, else where it was sent (a peer that did
 * not trace, such as a ZooKeeper peer, or a one-peer trace from {@code /trace}). A peer's copy of
 * its own vote (docs/protocol.md "The initial vote" self-delivery) is not drawn. Connections are drawn the same way, as a
 * dashed {@code connect} arrow from the dialer. Election steps become notes over the peer's
 * lifeline; decisions, role changes and epochs are emphasised.
 *
 * <p>Not thread-safe; one instance per rendering.
 */
final class DiagramBuilder {
    private final Set<Long> traced;
    private final Set<Long> participants = new TreeSet<>();
    private final List<Step> steps = new ArrayList<>();

    private DiagramBuilder(List<TraceEvent> events) {
        this.traced = events.stream().map(TraceEvent::sid).collect(Collectors.toSet());
    }

    /** The diagram of {@code events}, which must be in time order. */
    static SequenceDiagram build(List<TraceEvent> events) {
        DiagramBuilder b = new DiagramBuilder(events);
        for (TraceEvent e : events) {
            b.participants.add(e.sid());
            b.add(e);
        }
        return new SequenceDiagram(new ArrayList<>(b.participants), b.steps);
    }

    private void add(TraceEvent event) {
        if (event instanceof NotificationSent e) {
            if (e.to() != e.sid() && !traced.contains(e.to())) {
                arrow(e.sid(), e.to(), TraceText.notification(e.vote()), false);
            }
        } else if (event instanceof NotificationReceived e) {
            if (e.from() != e.sid()) {
                arrow(e.from(), e.sid(), TraceText.notification(e.vote()), false);
            }
        } else if (event instanceof ConnectionOpened e) {
            connectionOpened(e);
        } else if (event instanceof ConnectionDropped e) {
            long dialer = e.direction() == Direction.OUTBOUND ? e.sid() : e.peer();
            long acceptor = e.direction() == Direction.OUTBOUND ? e.peer() : e.sid();
            note(e.sid(), e.peer(), TraceText.participant(e.sid()) + " drops " + TraceText.participant(dialer) + "→"
                    + TraceText.participant(acceptor) + ": " + e.reason(), false);
        } else if (event instanceof ConnectionClosed e) {
            participants.add(e.peer());
            note(e.sid(), e.sid(), "connection to " + TraceText.participant(e.peer()) + " closed: " + e.reason(),
                    false);
        } else {
            electionStep(event);
        }
    }

    private void electionStep(TraceEvent event) {
        long sid = event.sid();
        if (event instanceof ElectionStarted e) {
            note(sid, sid, "LOOKING, round " + e.round() + ", votes " + TraceText.vote(e.initialVote()), false);
        } else if (event instanceof ProposalChanged e) {
            String why = e.rule() == TraceEvent.ProposalRule.NEWER_ROUND ? "newer round" : "better vote";
            note(sid, sid, "proposal → " + TraceText.vote(e.proposal()) + " (" + why + ")", false);
        } else if (event instanceof QuorumReached e) {
            String who = e.supporters().stream().map(String::valueOf).collect(Collectors.joining(", "));
            note(sid, sid, "quorum {" + who + "} for leader " + TraceText.id(e.proposal().leader()), false);
        } else if (event instanceof FinalizeWaitStarted e) {
            note(sid, sid, "finalize wait " + TraceText.millis(e.delay()), false);
        } else if (event instanceof FinalizeWaitAbandoned e) {
            note(sid, sid, "finalize wait abandoned: " + TraceText.participant(e.from()) + " has "
                    + TraceText.vote(e.better()), false);
        } else if (event instanceof Decided e) {
            note(sid, sid, "decided: leader " + TraceText.id(e.leader()) + ", " + e.role() + " after "
                    + TraceText.millis(e.duration()) + ", " + e.rounds() + (e.rounds() == 1 ? " round" : " rounds"),
                    true);
        } else if (event instanceof RoleChanged e) {
            note(sid, sid, e.from() + " → " + e.to(), true);
        } else if (event instanceof EpochEstablished e) {
            note(sid, sid, "epoch " + e.epoch() + " established (leader " + TraceText.id(e.leader()) + ")", true);
        } else {
            throw new IllegalStateException("no diagram form for event type " + event.type());
        }
    }

    private void connectionOpened(ConnectionOpened e) {
        if (e.direction() == Direction.OUTBOUND) {
            arrow(e.sid(), e.peer(), "connect", true);
        } else if (!traced.contains(e.peer())) {
            arrow(e.peer(), e.sid(), "connect", true);
        }
    }

    private void arrow(long from, long to, String label, boolean dashed) {
        participants.add(from);
        participants.add(to);
        steps.add(new Arrow(from, to, label, dashed));
    }

    private void note(long a, long b, String text, boolean emphasis) {
        participants.add(a);
        participants.add(b);
        steps.add(new Note(Math.min(a, b), Math.max(a, b), text, emphasis));
    }
}
