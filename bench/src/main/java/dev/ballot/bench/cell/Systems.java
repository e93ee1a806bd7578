package dev.ballot.bench.cell;

import dev.ballot.bench.zk.ZkEnsemble;
import dev.ballot.bench.zk.ZkSettings;

import java.util.List;
import java.util.function.Function;

/** The systems a cell can measure, by the name used on the command line and in reports. */
public final class Systems {
    public static final String BALLOT = "ballot";
    public static final String ZOOKEEPER = "zookeeper";
    /** Every system, in the order reports list them. */
    public static final List<String> ALL = List.of(BALLOT, ZOOKEEPER);

    private Systems() {
    }

    /** The ensemble factory of {@code system}. */
    public static Function<Layout, Ensemble> factory(String system) {
        return switch (system) {
            case ZOOKEEPER -> layout -> new ZkEnsemble(layout, ZkSettings.DEFAULTS);
            default -> throw new IllegalArgumentException("unknown system '" + system + "', expected one of " + ALL);
        };
    }
}
