package dev.ballot.bench.report;

import dev.ballot.bench.cell.Systems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code results.csv} written by {@link ReportWriter#writeCsv} back into a {@link Summary}, so
 * that charts can be drawn again from a committed run. Raw samples are not in the file: rows carry the
 * latency summary (min, p25, median, p75, p99, max) only. Stateless.
 */
public final class ResultsCsv {
    private ResultsCsv() {
    }

    /**
     * @throws IllegalArgumentException naming the file and line when a line does not match the header
     */
    public static Summary read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(ReportWriter.CSV_HEADER)) {
            throw new IllegalArgumentException(file + ": line 1 is not the results.csv header");
        }
        String[] names = ReportWriter.CSV_HEADER.split(",");
        List<Row> rows = new ArrayList<>();
        List<String> systems = new ArrayList<>();
        Map<String, TableKey> keys = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] v = lines.get(i).split(",", -1);
            if (v.length != names.length) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " has " + v.length + " fields, the header "
                        + names.length);
            }
            try {
                rows.add(row(v, keys));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (!systems.contains(v[6])) {
                systems.add(v[6]);
            }
        }
        List<String> ordered = new ArrayList<>(Systems.ALL.stream().filter(systems::contains).toList());
        systems.stream().filter(x -> !ordered.contains(x)).forEach(ordered::add);
        return Summary.ofRows(rows, ordered);
    }

    private static Row row(String[] v, Map<String, TableKey> keys) {
        TableKey key = keys.computeIfAbsent(v[0], id -> TableKey.restore(id, v[1], v[2], Double.parseDouble(v[3]), v[4]));
        LatencyStats latency = new LatencyStats(Long.parseLong(v[8]), d(v[9]), d(v[10]), d(v[11]), d(v[12]), d(v[13]),
                d(v[14]));
        return new Row(key, Integer.parseInt(v[5]), v[6], v[7], "", List.of(), latency, d(v[15]), Integer.parseInt(v[16]),
                d(v[17]), d(v[18]), d(v[19]), d(v[20]), Integer.parseInt(v[21]));
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
