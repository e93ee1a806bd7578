package dev.ballot.server.trace;

import java.util.List;
import java.util.Objects;

/**
 * A sequence diagram independent of its output format: one lifeline per peer, then steps from top
 * to bottom. {@link MermaidWriter} and {@link SvgWriter} draw it.
 *
 * @param participants the peers' sids, ascending; one lifeline each
 * @param steps        arrows and notes, in time order
 */
record SequenceDiagram(List<Long> participants, List<Step> steps) {

    SequenceDiagram {
        participants = List.copyOf(participants);
        steps = List.copyOf(steps);
    }

    /** One row of the diagram. */
    sealed interface Step permits Arrow, Note {
    }

    /**
     * A message from one lifeline to another (or to itself).
     *
     * @param dashed drawn dashed: connection-layer traffic rather than an election notification
     */
    record Arrow(long from, long to, String label, boolean dashed) implements Step {
        Arrow {
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * A note over one lifeline ({@code first == last}) or spanning two.
     *
     * @param emphasis drawn highlighted: decisions and role changes
     */
    record Note(long first, long last, String text, boolean emphasis) implements Step {
        Note {
            Objects.requireNonNull(text, "text");
        }
    }
}
