package dev.ballot.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;

/**
 * How a series looks: the system picks the colour and the marker's outline (circle, square, triangle), the
 * phase picks the line (solid for cold, dashed for re-election) and whether the marker is filled, so that
 * every (system, phase) pair differs in colour, marker and line, and none hides another where they
 * overlap. Colours are dark enough for a white background. Stateless.
 */
final class ChartStyle {
    static final Color BACKGROUND = Color.WHITE;
    static final Color GRID = new Color(0xB8B8B8);
    static final Color MINOR_GRID = new Color(0xE6E6E6);

    private static final Map<String, Color> COLOURS = Map.of(
            "ballot", new Color(0x1F5FBF),      // blue
            "ballot-fle", new Color(0x1A8A3A),  // green
            "zookeeper", new Color(0xC8321E));  // red
    private static final List<Color> OTHERS = List.of(new Color(0x7B3FA0), new Color(0xB8860B), new Color(0x333333));
    private static final float SIZE = 9f;

    private ChartStyle() {
    }

    static Paint colour(String system, int index) {
        Color c = COLOURS.get(system);
        return c != null ? c : OTHERS.get(Math.floorMod(index, OTHERS.size()));
    }

    /** A marker per system: ballot a circle, ballot-fle a square, zookeeper a triangle, others a diamond. */
    static Shape marker(String system) {
        float h = SIZE / 2;
        return switch (system) {
            case "ballot" -> new Ellipse2D.Float(-h, -h, SIZE, SIZE);
            case "ballot-fle" -> new Rectangle2D.Float(-h + 0.5f, -h + 0.5f, SIZE - 1, SIZE - 1);
            case "zookeeper" -> polygon(new float[] {0, -h - 1, h + 1, h, -h - 1, h});
            default -> polygon(new float[] {0, -h - 1, h + 1, 0, 0, h + 1, -h - 1, 0});
        };
    }

    /** Cold (or the only phase) solid; re-election dashed. */
    static Stroke line(boolean secondPhase) {
        return secondPhase
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 4f}, 0f)
                : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private static Shape polygon(float[] xy) {
        Path2D.Float p = new Path2D.Float();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }
}
