package dev.ballot.bench.report;

import dev.ballot.bench.cell.CellResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every cell result of a run arranged as tables: table → size → system → {@link Row}. Tables keep the order
 * in which their first result arrived (the plan's order). Immutable once built.
 */
public final class Summary {
    private final Map<TableKey, TreeMap<Integer, Map<String, Row>>> tables = new LinkedHashMap<>();
    private final List<String> systems;

    private Summary(List<String> systems) {
        this.systems = List.copyOf(systems);
    }

    /** Arranges {@code results}; {@code systems} gives the column order. */
    public static Summary of(List<CellResult> results, List<String> systems) {
        Map<TableKey, Map<Integer, Map<String, List<CellResult>>>> grouped = new LinkedHashMap<>();
        for (CellResult r : results) {
            for (TableKey k : TableKey.of(r)) {
                grouped.computeIfAbsent(k, x -> new TreeMap<>())
                        .computeIfAbsent(k.sizeOf(r), x -> new LinkedHashMap<>())
                        .computeIfAbsent(r.spec().system(), x -> new ArrayList<>()).add(r);
            }
        }
        Summary s = new Summary(systems);
        grouped.forEach((k, bySize) -> bySize.forEach((size, bySystem) -> bySystem.forEach((system, rounds) ->
                s.tables.computeIfAbsent(k, x -> new TreeMap<>()).computeIfAbsent(size, x -> new LinkedHashMap<>())
                        .put(system, Row.merge(k, size, system, rounds)))));
        return s;
    }

    /** Arranges rows read back from a {@code results.csv}; {@code systems} gives the column order. */
    public static Summary ofRows(List<Row> rows, List<String> systems) {
        Summary s = new Summary(systems);
        for (Row r : rows) {
            s.tables.computeIfAbsent(r.key(), x -> new TreeMap<>()).computeIfAbsent(r.size(), x -> new LinkedHashMap<>())
                    .put(r.system(), r);
        }
        return s;
    }

    public List<TableKey> tables() {
        return List.copyOf(tables.keySet());
    }

    public List<String> systems() {
        return systems;
    }

    /** Sizes of a table, ascending. */
    public List<Integer> sizes(TableKey key) {
        return List.copyOf(tables.getOrDefault(key, new TreeMap<>()).keySet());
    }

    public Optional<Row> row(TableKey key, int size, String system) {
        return Optional.ofNullable(tables.getOrDefault(key, new TreeMap<>()).getOrDefault(size, Map.of()).get(system));
    }

    /** Every row, table by table, size by size, in system order. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (TableKey k : tables()) {
            for (int size : sizes(k)) {
                for (String system : systems) {
                    row(k, size, system).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** The table with this id, if the run produced it. */
    public Optional<TableKey> table(String id) {
        return tables.keySet().stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
