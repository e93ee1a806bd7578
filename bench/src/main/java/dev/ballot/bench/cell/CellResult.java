package dev.ballot.bench.cell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cell JVM measured, sent to the runner as one line on stdout ({@link #PREFIX} then tab-separated
 * {@code key=value} pairs; latency lists are comma-separated microseconds). Immutable.
 *
 * @param spec                 what was measured
 * @param status               {@code ok}, {@code timeout} or {@code error}
 * @param detail               why, when not ok (no tabs or newlines)
 * @param latenciesMicros      samples per phase: {@code cold}, {@code reelection}, {@code churn}
 * @param electionsPerSecond   churn only: elections completed per wall-clock second, else 0
 * @param peakThreads          the JVM's peak live threads during the cell
 * @param heapAfterGcBytes     largest heap used after a full GC taken while an ensemble was up
 * @param cpuNanosPerElection  process CPU time inside timed phases divided by the elections in them
 * @param sentPerElection      notifications sent per election (all peers), -1 if unknown
 * @param receivedPerElection  notifications received per election (all peers), -1 if unknown
 * @param sockets              largest number of open sockets seen while an ensemble was up
 */
public record CellResult(CellSpec spec, String status, String detail, Map<String, List<Long>> latenciesMicros,
                         double electionsPerSecond, int peakThreads, long heapAfterGcBytes, long cpuNanosPerElection,
                         double sentPerElection, double receivedPerElection, int sockets) {
    /** Marks the result line among whatever else the cell JVM prints. */
    public static final String PREFIX = "BALLOT-BENCH-CELL\t";

    public CellResult {
        latenciesMicros = Map.copyOf(latenciesMicros);
        detail = detail.replaceAll("[\\t\\r\\n]", " ");
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    public List<Long> latencies(String phase) {
        return latenciesMicros.getOrDefault(phase, List.of());
    }

    /** The result line. */
    public String toLine() {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> args = spec.toArgs();
        for (int i = 0; i < args.size(); i += 2) {
            m.put(args.get(i).substring(2), args.get(i + 1));
        }
        m.put("status", status);
        m.put("detail", detail);
        latenciesMicros.forEach((k, v) -> m.put("lat." + k, join(v)));
        m.put("electionsPerSecond", Double.toString(electionsPerSecond));
        m.put("peakThreads", Integer.toString(peakThreads));
        m.put("heapAfterGcBytes", Long.toString(heapAfterGcBytes));
        m.put("cpuNanosPerElection", Long.toString(cpuNanosPerElection));
        m.put("sentPerElection", Double.toString(sentPerElection));
        m.put("receivedPerElection", Double.toString(receivedPerElection));
        m.put("sockets", Integer.toString(sockets));
        StringBuilder sb = new StringBuilder(PREFIX);
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\t'));
        return sb.toString();
    }

    /** Parses a line made by {@link #toLine()}. */
    public static CellResult parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a cell result line: " + line);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : line.substring(PREFIX.length()).split("\t")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        CellSpec spec = new CellSpec(m.get("system"), CellSpec.Scenario.of(m.get("scenario")),
                Integer.parseInt(m.get("voters")), Integer.parseInt(m.get("observers")),
                Double.parseDouble(m.get("loss")), Integer.parseInt(m.get("warmups")),
                Integer.parseInt(m.get("reps")), java.time.Duration.ofMillis(Long.parseLong(m.get("timeout-ms"))),
                Long.parseLong(m.get("seed")));
        Map<String, List<Long>> lat = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("lat.")) {
                lat.put(k.substring(4), split(v));
            }
        });
        return new CellResult(spec, m.get("status"), m.getOrDefault("detail", ""), lat,
                Double.parseDouble(m.get("electionsPerSecond")), Integer.parseInt(m.get("peakThreads")),
                Long.parseLong(m.get("heapAfterGcBytes")), Long.parseLong(m.get("cpuNanosPerElection")),
                Double.parseDouble(m.get("sentPerElection")), Double.parseDouble(m.get("receivedPerElection")),
                Integer.parseInt(m.get("sockets")));
    }

    /** A result for a cell that produced no result line (crashed or killed at its bound). */
    public static CellResult failed(CellSpec spec, String status, String detail) {
        return new CellResult(spec, status, detail, Map.of(), 0, -1, -1, -1, -1, -1, -1);
    }

    private static String join(List<Long> v) {
        StringBuilder sb = new StringBuilder();
        for (Long x : v) {
            sb.append(sb.length() == 0 ? "" : ",").append(x);
        }
        return sb.toString();
    }

    private static List<Long> split(String v) {
        List<Long> out = new ArrayList<>();
        if (!v.isEmpty()) {
            Arrays.stream(v.split(",")).map(Long::parseLong).forEach(out::add);
        }
        return out;
    }
}
