package dev.ballot.server.trace;

import dev.ballot.server.trace.SequenceDiagram.Arrow;
import dev.ballot.server.trace.SequenceDiagram.Note;
import dev.ballot.server.trace.SequenceDiagram.Step;

/**
 * Writes a {@link SequenceDiagram} as Mermaid {@code sequenceDiagram} text, which renders on common
 * code hosts inside a {@code ```mermaid} block:
 *
 * <pre>
 * sequenceDiagram
 *     participant n1
 *     n1->>n2: LOOKING (1, 0x0, r1, e0)
 *     n3-->>n1: connect
 *     Note over n1: decided: leader 3, FOLLOWING after 205.1 ms, 1 round
 * </pre>
 *
 * <p>Label text is escaped with Mermaid entity codes ({@code #35;} for {@code #}, {@code #59;} for
 * {@code ;}, {@code #60;}/{@code #62;} for angle brackets) and line breaks become spaces, so no
 * label can end a statement early or be read as markup. Runs of emphasised notes are
 * wrapped in one {@code rect} block. Stateless.
 */
final class MermaidWriter {
    private static final String INDENT = "    ";

    private MermaidWriter() {
    }

    static String write(SequenceDiagram diagram) {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        for (long sid : diagram.participants()) {
            sb.append(INDENT).append("participant ").append(TraceText.participant(sid)).append('\n');
        }
        boolean inRect = false;
        for (Step step : diagram.steps()) {
            boolean emphasis = step instanceof Note n && n.emphasis();
            if (emphasis != inRect) {
                sb.append(INDENT).append(emphasis ? "rect rgb(216, 240, 216)\n" : "end\n");
                inRect = emphasis;
            }
            String indent = inRect ? INDENT + INDENT : INDENT;
            if (step instanceof Arrow a) {
                sb.append(indent).append(TraceText.participant(a.from())).append(a.dashed() ? "-->>" : "->>")
                        .append(TraceText.participant(a.to())).append(": ").append(escape(a.label())).append('\n');
            } else if (step instanceof Note n) {
                String over = TraceText.participant(n.first())
                        + (n.first() == n.last() ? "" : "," + TraceText.participant(n.last()));
                sb.append(indent).append("Note over ").append(over).append(": ").append(escape(n.text())).append('\n');
            }
        }
        if (inRect) {
            sb.append(INDENT).append("end\n");
        }
        return sb.toString();
    }

    /** Makes {@code text} safe as a Mermaid message or note text. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '#' -> sb.append("#35;");
                case ';' -> sb.append("#59;");
                case '<' -> sb.append("#60;");
                case '>' -> sb.append("#62;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
