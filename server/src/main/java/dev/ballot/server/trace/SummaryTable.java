package dev.ballot.server.trace;

import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.Decided;
import dev.ballot.core.trace.TraceEvent.ElectionStarted;
import dev.ballot.core.trace.TraceEvent.FinalizeWaitAbandoned;
import dev.ballot.core.trace.TraceEvent.NotificationReceived;
import dev.ballot.core.trace.TraceEvent.NotificationSent;
import dev.ballot.core.trace.TraceEvent.ProposalChanged;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The per-election summary of a trace as a Markdown table: one row per election per peer (from
 * {@code election_started} to {@code decided}), in the order the elections started.
 *
 * <p>Duration, rounds and notification counts come from the {@code decided} event (the driver's own
 * counters, complete even if the trace lost events); an election still open at the end of the
 * trace shows what the trace holds and "undecided". Not thread-safe; one instance per rendering.
 */
final class SummaryTable {
    private final List<Row> rows = new ArrayList<>();
    private final Map<Long, Row> open = new HashMap<>();

    /** One peer's election, filled in as events arrive. */
    private static final class Row {
        final long sid;
        final long startNanos;
        final String round;
        final String initialVote;
        long in;
        long out;
        int proposalChanges;
        int abandoned;
        Decided decided;

        Row(long sid, long startNanos, String round, String initialVote) {
            this.sid = sid;
            this.startNanos = startNanos;
            this.round = round;
            this.initialVote = initialVote;
        }
    }

    private SummaryTable() {
    }

    /** The table for {@code events}, which must be in time order. */
    static String write(List<TraceEvent> events) {
        SummaryTable t = new SummaryTable();
        events.forEach(t::add);
        return t.render(events);
    }

    private void add(TraceEvent event) {
        long sid = event.sid();
        if (event instanceof ElectionStarted e) {
            Row row = new Row(sid, e.nanos(), Long.toString(e.round()), TraceText.vote(e.initialVote()));
            rows.add(row);
            open.put(sid, row);
            return;
        }
        Row row = open.get(sid);
        if (event instanceof Decided e) {
            if (row == null) { // the trace began inside this election
                row = new Row(sid, Long.MIN_VALUE, TraceText.id(e.vote().electionEpoch()), "?");
                rows.add(row);
            }
            row.decided = e;
            open.remove(sid);
        } else if (row != null) {
            count(row, event);
        }
    }

    private static void count(Row row, TraceEvent event) {
        if (event instanceof NotificationReceived) {
            row.in++;
        } else if (event instanceof NotificationSent) {
            row.out++;
        } else if (event instanceof ProposalChanged) {
            row.proposalChanges++;
        } else if (event instanceof FinalizeWaitAbandoned) {
            row.abandoned++;
        }
    }

    private String render(List<TraceEvent> events) {
        StringBuilder sb = new StringBuilder();
        if (events.isEmpty()) {
            return "The trace holds no events.\n";
        }
        long first = events.get(0).nanos();
        long last = events.get(events.size() - 1).nanos();
        String peers = new TreeSet<>(events.stream().map(TraceEvent::sid).toList()).stream()
                .map(String::valueOf).collect(Collectors.joining(", "));
        sb.append(events.size()).append(" events from peers ").append(peers).append(" over ")
                .append(TraceText.millis(last - first)).append("; ").append(rows.size())
                .append(rows.size() == 1 ? " election.\n\n" : " elections.\n\n");
        sb.append("| # | peer | started at | round | initial vote | leader | role | took | rounds "
                + "| notifications in / out | proposal changes | finalize waits abandoned |\n");
        sb.append("|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(line(i + 1, rows.get(i), first));
        }
        return sb.toString();
    }

    private static String line(int number, Row r, long origin) {
        String started = r.startNanos == Long.MIN_VALUE ? "before trace" : "+" + TraceText.millis(r.startNanos - origin);
        Decided d = r.decided;
        String leader = d == null ? "–" : TraceText.id(d.leader());
        String role = d == null ? "undecided" : d.role().name();
        String took = d == null ? "–" : TraceText.millis(d.duration());
        String rounds = d == null ? "–" : Integer.toString(d.rounds());
        String traffic = d == null ? r.in + " / " + r.out : d.notificationsReceived() + " / " + d.notificationsSent();
        return "| " + number + " | " + r.sid + " | " + started + " | " + r.round + " | " + r.initialVote + " | "
                + leader + " | " + role + " | " + took + " | " + rounds + " | " + traffic + " | "
                + r.proposalChanges + " | " + r.abandoned + " |\n";
    }
}
