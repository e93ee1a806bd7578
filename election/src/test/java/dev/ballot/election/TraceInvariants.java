package dev.ballot.election;

import dev.ballot.core.PeerState;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.Decided;
import dev.ballot.core.trace.TraceEvent.ElectionStarted;
import dev.ballot.core.trace.TraceEvent.NotificationReceived;
import dev.ballot.core.trace.TraceEvent.NotificationSent;
import dev.ballot.core.trace.TraceEvent.ProposalChanged;
import dev.ballot.core.trace.TraceEvent.ProposalRule;
import dev.ballot.core.trace.TraceEvent.RoleChanged;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every election trace holds, whoever ran the state machine (the driver, the simulator): per
 * peer, each election runs from {@code election_started} to {@code decided} (or is cut short by a
 * crash or the end of the run); a decided one reached a quorum first, is followed at once by
 * {@code role_changed} from LOOKING to the decided role, and its counts equal the notifications
 * traced inside it; a proposal change by the newer-round rule moves to a higher round; a peer's
 * timestamps never go back.
 */
public final class TraceInvariants {
    private TraceInvariants() {
    }

    /** One peer's election: its events from {@code election_started} up to {@code decided} or the next start. */
    public record Segment(long sid, List<TraceEvent> events, Decided decided) {
    }

    /** Checks every invariant; returns the decided elections. */
    public static List<Segment> check(List<TraceEvent> trace) {
        Map<Long, List<TraceEvent>> bySid = new TreeMap<>();
        trace.forEach(e -> bySid.computeIfAbsent(e.sid(), k -> new ArrayList<>()).add(e));
        List<Segment> decided = new ArrayList<>();
        bySid.forEach((sid, events) -> {
            List<Long> times = events.stream().map(TraceEvent::nanos).toList();
            assertEquals(times.stream().sorted().toList(), times, "peer " + sid + ": timestamps never go back");
            decided.addAll(segments(sid, events));
        });
        decided.forEach(TraceInvariants::checkDecided);
        for (TraceEvent e : trace) {
            if (e instanceof ProposalChanged p && p.rule() == ProposalRule.NEWER_ROUND) {
                assertTrue(p.proposal().electionEpoch() > p.previous().electionEpoch(), p.toString());
            }
        }
        return decided;
    }

    private static List<Segment> segments(long sid, List<TraceEvent> events) {
        List<Segment> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e instanceof ElectionStarted) {
                start = i;
            } else if (e instanceof Decided d) {
                assertTrue(start >= 0, "peer " + sid + " decided without starting an election: " + d);
                assertTrue(i + 1 < events.size() && events.get(i + 1) instanceof RoleChanged,
                        "peer " + sid + ": decided is followed by role_changed");
                assertEquals(new RoleChanged(events.get(i + 1).nanos(), sid, PeerState.LOOKING, d.role()),
                        events.get(i + 1));
                out.add(new Segment(sid, List.copyOf(events.subList(start, i + 1)), d));
                start = -1;
            }
        }
        return out;
    }

    private static void checkDecided(Segment s) {
        List<String> types = s.events().stream().map(TraceEvent::type).toList();
        assertTrue(types.contains("quorum_reached"), "peer " + s.sid() + " reached a quorum before deciding: " + types);
        assertEquals(s.events().stream().filter(e -> e instanceof NotificationReceived).count(),
                s.decided().notificationsReceived(), "peer " + s.sid() + ": notifications received in " + types);
        assertEquals(s.events().stream().filter(e -> e instanceof NotificationSent).count(),
                s.decided().notificationsSent(), "peer " + s.sid() + ": notifications sent in " + types);
        assertTrue(!s.decided().duration().isNegative());
    }
}
