package dev.ballot.bench.report;

import dev.ballot.bench.cell.CellResult;
import dev.ballot.bench.cell.CellSpec.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One report table: a scenario, one of its timed phases and (for loss) the drop rate. Rows are ensemble
 * sizes; {@code sizeLabel} says what the size counts. Immutable.
 *
 * @param id        stable identifier, used in the CSV and chart file names
 * @param title     heading in report.md
 * @param scenario  the cell scenario it comes from
 * @param phase     the latency phase ({@code cold}, {@code reelection}, {@code churn})
 * @param lossPct   drop rate (loss only)
 * @param sizeLabel what the size column counts
 */
public record TableKey(String id, String title, Scenario scenario, String phase, double lossPct, String sizeLabel) {

    /** The tables a result contributes to, one per recorded phase. */
    public static List<TableKey> of(CellResult r) {
        Scenario sc = r.spec().scenario();
        List<String> phases = sc == Scenario.CHURN ? List.of("churn") : List.of("cold", "reelection");
        List<TableKey> keys = new ArrayList<>();
        for (String phase : phases) {
            keys.add(switch (sc) {
                case ELECTION -> new TableKey(phase, title(phase), sc, phase, 0, "N");
                case CHURN -> new TableKey("churn", "Churn: election after a random peer restart", sc, phase, 0, "N");
                case OBSERVERS -> new TableKey("observers-" + phase, title(phase) + ", 5 voters + observers", sc,
                        phase, 0, "observers");
                case LOSS -> new TableKey(String.format(Locale.ROOT, "loss%s-%s", pct(r.spec().lossPct()), phase),
                        title(phase) + ", " + pct(r.spec().lossPct()) + "% of election frames dropped", sc, phase,
                        r.spec().lossPct(), "N");
            });
        }
        return keys;
    }

    /**
     * The key of a table read back from {@code results.csv} (its {@code table}, {@code scenario},
     * {@code phase}, {@code loss_pct} and {@code size_label} columns), with the title a run gives it.
     */
    public static TableKey restore(String id, String scenarioId, String phase, double lossPct, String sizeLabel) {
        Scenario sc = Scenario.of(scenarioId);
        String title = switch (sc) {
            case ELECTION -> title(phase);
            case CHURN -> "Churn: election after a random peer restart";
            case OBSERVERS -> title(phase) + ", 5 voters + observers";
            case LOSS -> title(phase) + ", " + pct(lossPct) + "% of election frames dropped";
        };
        return new TableKey(id, title, sc, phase, lossPct, sizeLabel);
    }

    /** The size a result is listed under in this table. */
    public int sizeOf(CellResult r) {
        return scenario == Scenario.OBSERVERS ? r.spec().observers() : r.spec().voters();
    }

    private static String title(String phase) {
        return "cold".equals(phase) ? "Cold election: all peers start, until every peer has decided"
                : "Re-election: leader's election layer shut down, until every other peer has decided again";
    }

    private static String pct(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
