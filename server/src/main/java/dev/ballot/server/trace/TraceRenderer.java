package dev.ballot.server.trace;

import dev.ballot.core.trace.TraceEvent;

import java.util.List;
import java.util.Locale;

/**
 * Draws an election trace. Input: events from one or several peers (from {@code /trace},
 * {@code local --trace FILE} or {@link dev.ballot.core.trace.RingBufferTraceSink#snapshot()}); they
 * are put in time order first. Output, by {@link Format}:
 *
 * <ul>
 *   <li>{@link Format#MERMAID}: a Mermaid {@code sequenceDiagram}, one lifeline per peer,
 *       notifications as arrows labelled {@code STATE (leader, zxid, rRound, ePeerEpoch)}, election
 *       steps as notes, decisions and role changes as highlighted notes;</li>
 *   <li>{@link Format#SVG}: the same diagram as a standalone SVG image;</li>
 *   <li>{@link Format#SUMMARY}: a Markdown table with one row per election per peer.</li>
 * </ul>
 *
 * <p>Output is deterministic: the same events give the same text. Stateless; thread-safe.
 */
public final class TraceRenderer {
    private TraceRenderer() {
    }

    /** What to render. */
    public enum Format {
        /** Mermaid {@code sequenceDiagram} text. */
        MERMAID,
        /** A standalone SVG document. */
        SVG,
        /** A Markdown per-election summary table. */
        SUMMARY;

        /** The format named {@code name}, case-insensitive ({@code mermaid}, {@code svg}, {@code summary}). */
        public static Format parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** Renders {@code events} in {@code format}. */
    public static String render(List<? extends TraceEvent> events, Format format) {
        return switch (format) {
            case MERMAID -> mermaid(events);
            case SVG -> svg(events);
            case SUMMARY -> summary(events);
        };
    }

    /** The Mermaid sequence diagram of {@code events}. */
    public static String mermaid(List<? extends TraceEvent> events) {
        return MermaidWriter.write(DiagramBuilder.build(TraceEvent.inTimeOrder(events)));
    }

    /** The SVG sequence diagram of {@code events}. */
    public static String svg(List<? extends TraceEvent> events) {
        return SvgWriter.write(DiagramBuilder.build(TraceEvent.inTimeOrder(events)));
    }

    /** The Markdown per-election summary of {@code events}. */
    public static String summary(List<? extends TraceEvent> events) {
        return SummaryTable.write(TraceEvent.inTimeOrder(events));
    }
}
