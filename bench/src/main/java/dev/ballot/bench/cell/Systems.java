package dev.ballot.bench.cell;

import dev.ballot.bench.ballot.BallotEnsemble;
import dev.ballot.bench.zk.ZkEnsemble;
import dev.ballot.bench.zk.ZkSettings;

import java.util.List;
import java.util.function.Function;

/** The systems a cell can measure, by the name used on the command line and in reports. */
public final class Systems {
    public static final String BALLOT = "ballot";
    /** Ballot with ZooKeeper's decision rule: always wait finalizeWait, even when every voter agreed. */
    public static final String BALLOT_FLE = "ballot-fle";
    public static final String ZOOKEEPER = "zookeeper";
    /** Every system, in the order reports list them. */
    public static final List<String> ALL = List.of(BALLOT, BALLOT_FLE, ZOOKEEPER);

    private Systems() {
    }

    /** The ensemble factory of {@code system}. */
    public static Function<Layout, Ensemble> factory(String system) {
        return switch (system) {
            case BALLOT -> layout -> new BallotEnsemble(layout, true);
            case BALLOT_FLE -> layout -> new BallotEnsemble(layout, false);
            case ZOOKEEPER -> layout -> new ZkEnsemble(layout, ZkSettings.DEFAULTS);
            default -> throw new IllegalArgumentException("unknown system '" + system + "', expected one of " + ALL);
        };
    }
}
