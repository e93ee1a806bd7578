package dev.ballot.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the figures and invariant verdicts of every scenario run and prints them as one markdown table:
 * a row per figure, a column per system, min / median / max over the repeats.
 */
final class FaultReport {
    private record Key(String scenario, String figure) {
    }

    private final Map<Key, Map<Flavor, List<Double>>> figures = new LinkedHashMap<>();
    private final Map<String, Map<Flavor, List<List<String>>>> runs = new LinkedHashMap<>();
    private final String loadAtStart = loadAverage();

    synchronized void figure(String scenario, Flavor flavor, String figure, double value) {
        runs.computeIfAbsent(scenario, s -> new LinkedHashMap<>());
        figures.computeIfAbsent(new Key(scenario, figure), k -> new EnumMap<>(Flavor.class))
                .computeIfAbsent(flavor, f -> new ArrayList<>()).add(value);
    }

    synchronized void run(String scenario, Flavor flavor, List<String> violations) {
        runs.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).computeIfAbsent(flavor, f -> new ArrayList<>())
                .add(List.copyOf(violations));
    }

    synchronized boolean isEmpty() {
        return runs.isEmpty();
    }

    synchronized String markdown(String mode) {
        StringBuilder b = new StringBuilder();
        b.append("Fault scenarios, mode ").append(mode).append(", ").append(Instant.now()).append(", commit ").append(commit())
                .append(", load average ").append(loadAtStart).append(" at start, ").append(loadAverage()).append(" at end")
                .append(Runtime.getRuntime().availableProcessors() <= 2 && Double.parseDouble(loadAtStart.split(" ")[0]) > 1.0
                        ? " (under load)" : "").append("; tickTime ").append(Ensemble.TICK_MS).append(" ms, initLimit ")
                .append(Ensemble.INIT_LIMIT).append(", syncLimit ").append(Ensemble.SYNC_LIMIT).append(", /status polled every ")
                .append(Monitor.PERIOD.toMillis()).append(" ms\n\n");
        b.append("| scenario | figure | ").append(Flavor.BALLOT.title()).append(" min / median / max | ")
                .append(Flavor.ZOOKEEPER.title()).append(" min / median / max |\n|---|---|---|---|\n");
        for (Map.Entry<String, Map<Flavor, List<List<String>>>> s : runs.entrySet()) {
            b.append("| ").append(s.getKey()).append(" | invariants | ").append(verdict(s.getValue().get(Flavor.BALLOT)))
                    .append(" | ").append(verdict(s.getValue().get(Flavor.ZOOKEEPER))).append(" |\n");
            for (Map.Entry<Key, Map<Flavor, List<Double>>> f : figures.entrySet()) {
                if (f.getKey().scenario().equals(s.getKey())) {
                    b.append("| | ").append(f.getKey().figure()).append(" | ").append(spread(f.getValue().get(Flavor.BALLOT)))
                            .append(" | ").append(spread(f.getValue().get(Flavor.ZOOKEEPER))).append(" |\n");
                }
            }
        }
        return b.toString();
    }

    private static String verdict(List<List<String>> runs) {
        if (runs == null || runs.isEmpty()) {
            return "not run";
        }
        long failed = runs.stream().filter(v -> !v.isEmpty()).count();
        if (failed == 0) {
            return "hold in " + runs.size() + "/" + runs.size();
        }
        String first = runs.stream().filter(v -> !v.isEmpty()).findFirst().orElseThrow().get(0);
        first = first.length() > 160 ? first.substring(0, 157) + "..." : first;
        return "**broken in " + failed + "/" + runs.size() + "**: " + first.replace("|", "\\|");
    }

    private static String spread(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return "–";
        }
        List<Double> v = values.stream().sorted().toList();
        double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
        if (v.size() == 1) {
            return num(v.get(0));
        }
        return num(v.get(0)) + " / " + num(median) + " / " + num(v.get(v.size() - 1)) + " (" + v.size() + " runs)";
    }

    private static String num(double d) {
        return Double.isInfinite(d) ? "never" : d == Math.rint(d) ? String.format(Locale.ROOT, "%,d", (long) d)
                : String.format(Locale.ROOT, "%,.1f", d);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "0 0 0";
        }
    }

    private static String commit() {
        Shell.Result r = Shell.attempt("git", "-C", System.getProperty("user.dir"), "rev-parse", "--short", "HEAD");
        return r.ok() ? r.output().strip() : "unknown";
    }

    /** Prints the table (between marker lines) and writes it to {@code ballot.faults.report}. */
    synchronized void publish(String mode) {
        String md = markdown(mode);
        System.out.println("==== FAULTS TABLE (markdown) ====\n" + md + "==== END FAULTS TABLE ====");
        write(md);
    }

    /** Writes the table so far to {@code ballot.faults.report} (after every scenario: a killed run keeps its figures). */
    synchronized void save(String mode) {
        write(markdown(mode));
    }

    private void write(String md) {
        String file = System.getProperty("ballot.faults.report");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), md);
            } catch (IOException e) {
                System.out.println("cannot write " + file + ": " + e);
            }
        }
    }
}
