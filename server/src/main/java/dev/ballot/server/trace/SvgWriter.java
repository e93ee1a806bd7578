package dev.ballot.server.trace;

import dev.ballot.server.trace.SequenceDiagram.Arrow;
import dev.ballot.server.trace.SequenceDiagram.Note;
import dev.ballot.server.trace.SequenceDiagram.Step;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link SequenceDiagram} as a standalone SVG document: a box per peer at the top and the
 * bottom, a vertical lifeline under each, one row per step (solid arrows for notifications, dashed
 * for connections, a loop for a message to oneself, yellow notes, green emphasised notes).
 *
 * <p>The layout is a fixed grid (monospace text, width estimated per character), so the output is
 * deterministic and needs no font metrics, AWT or external tool. Stateless.
 */
final class SvgWriter {
    private static final int MARGIN = 20;
    private static final int BOX_HEIGHT = 30;
    private static final int ROW = 28;
    private static final double CHAR_WIDTH = 7.2;
    private static final int MIN_COLUMN = 160;
    private static final int MAX_COLUMN = 420;

    private SvgWriter() {
    }

    static String write(SequenceDiagram d) {
        List<Long> peers = d.participants();
        int column = columnWidth(d);
        Map<Long, Integer> x = new HashMap<>();
        for (int i = 0; i < peers.size(); i++) {
            x.put(peers.get(i), MARGIN + column / 2 + i * column);
        }
        StringBuilder body = new StringBuilder();
        int y = MARGIN + BOX_HEIGHT + ROW;
        int right = MARGIN + peers.size() * column;
        for (Step step : d.steps()) {
            if (step instanceof Arrow a) {
                right = Math.max(right, arrow(body, a, x, y));
            } else if (step instanceof Note n) {
                right = Math.max(right, note(body, n, x, y, column));
            }
            y += ROW;
        }
        int bottom = y;
        int width = right + MARGIN;
        int height = bottom + BOX_HEIGHT + MARGIN;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">\n", width, height, width, height));
        sb.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        for (long sid : peers) {
            int px = x.get(sid);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n",
                    px, MARGIN + BOX_HEIGHT, px, bottom));
            box(sb, TraceText.participant(sid), px, MARGIN);
            box(sb, TraceText.participant(sid), px, bottom);
        }
        sb.append(body).append("</svg>\n");
        return sb.toString();
    }

    /** Wide enough for the longest arrow label, within bounds. */
    private static int columnWidth(SequenceDiagram d) {
        int longest = d.steps().stream().filter(s -> s instanceof Arrow).mapToInt(s -> ((Arrow) s).label().length())
                .max().orElse(0);
        return Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, (int) Math.ceil(longest * CHAR_WIDTH) + 40));
    }

    private static void box(StringBuilder sb, String name, int cx, int top) {
        int w = textWidth(name) + 24;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" "
                + "fill=\"#eaeaff\" stroke=\"#6666aa\"/>\n", cx - w / 2, top, w, BOX_HEIGHT));
        text(sb, name, cx, top + 19, "middle");
    }

    /** Returns the rightmost x drawn. */
    private static int arrow(StringBuilder sb, Arrow a, Map<Long, Integer> x, int y) {
        int from = x.get(a.from());
        int to = x.get(a.to());
        String dash = a.dashed() ? " stroke-dasharray=\"5,4\"" : "";
        if (from == to) {
            sb.append(String.format(Locale.ROOT, "<path d=\"M%d,%d h30 v10 h-30\" fill=\"none\" stroke=\"black\"%s "
                    + "marker-end=\"url(#head)\"/>\n", from, y - 5, dash));
            text(sb, a.label(), from + 36, y + 4, "start");
            return from + 36 + textWidth(a.label());
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"%s "
                + "marker-end=\"url(#head)\"/>\n", from, y, to, y, dash));
        text(sb, a.label(), (from + to) / 2, y - 5, "middle");
        return Math.max(from, to);
    }

    /** Returns the rightmost x drawn. */
    private static int note(StringBuilder sb, Note n, Map<Long, Integer> x, int y, int column) {
        int first = x.get(n.first());
        int last = x.get(n.last());
        int w = Math.max(textWidth(n.text()) + 16, last - first + column / 2);
        int left = Math.max(2, (first + last) / 2 - w / 2);
        String fill = n.emphasis() ? "#d8f0d8\" stroke=\"#55aa55" : "#fff8c4\" stroke=\"#c9b458";
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
                left, y - 11, w, ROW - 8, fill));
        text(sb, n.text(), left + w / 2, y + 4, "middle");
        return left + w;
    }

    private static void text(StringBuilder sb, String s, int x, int y, String anchor) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">", x, y, anchor))
                .append(escape(s)).append("</text>\n");
    }

    private static int textWidth(String s) {
        return (int) Math.ceil(s.length() * CHAR_WIDTH);
    }

    /** XML-escapes text content; drops characters XML 1.0 cannot carry. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c < 0x20 ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
