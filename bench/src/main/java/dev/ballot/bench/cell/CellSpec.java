package dev.ballot.bench.cell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one cell JVM measures: one system, one scenario, one ensemble size. Immutable; travels to the cell
 * JVM as command-line arguments ({@link #toArgs()}, parsed by {@code CellCommand}).
 *
 * @param system    {@code ballot} or {@code zookeeper}
 * @param scenario  which measurement
 * @param voters    participants
 * @param observers observers (0 except in the observers scenario)
 * @param lossPct   percent of election frames the proxy drops (loss scenario), else 0
 * @param warmups   ensembles run first and not recorded
 * @param reps      ensembles (or, for churn, elections) recorded
 * @param timeout   bound on each election phase; a phase that exceeds it ends the cell as "timeout"
 * @param seed      seed for churn's restart choices and the proxy's drops
 */
public record CellSpec(String system, Scenario scenario, int voters, int observers, double lossPct, int warmups,
                       int reps, Duration timeout, long seed) {

    /** The scenarios a cell can run. */
    public enum Scenario {
        /** Cold election, then re-election after the leader's election layer is shut down. */
        ELECTION,
        /** Back-to-back elections, each after one randomly chosen peer was restarted. */
        CHURN,
        /** Cold election and re-election of 5 voters with many observers (all must decide). */
        OBSERVERS,
        /** Cold election and re-election with a proxy dropping a share of election frames. */
        LOSS;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scenario of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** The arguments that recreate this spec in a cell JVM. */
    public List<String> toArgs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--system", system);
        m.put("--scenario", scenario.id());
        m.put("--voters", Integer.toString(voters));
        m.put("--observers", Integer.toString(observers));
        m.put("--loss", Double.toString(lossPct));
        m.put("--warmups", Integer.toString(warmups));
        m.put("--reps", Integer.toString(reps));
        m.put("--timeout-ms", Long.toString(timeout.toMillis()));
        m.put("--seed", Long.toString(seed));
        List<String> args = new ArrayList<>();
        m.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args;
    }

    /** A short label for progress lines. */
    public String label() {
        String size = observers > 0 ? voters + "+" + observers + "obs" : "N=" + voters;
        String loss = lossPct > 0 ? " loss=" + lossPct + "%" : "";
        return scenario.id() + " " + size + loss + " " + system;
    }
}
