package dev.ballot.bench.zk;

/**
 * The ZooKeeper settings the benchmark passes to every {@code QuorumPeer}, equal to Ballot's defaults
 * ({@code EnsembleConfig}): tickTime 3000 ms, initLimit 10, syncLimit 5. FLE's finalizeWait (200 ms) is a
 * ZooKeeper constant, and its notification intervals (200 ms to 60 s) are its defaults, both equal to
 * Ballot's defaults.
 *
 * @param tickTimeMs {@code tickTime} in milliseconds
 * @param initLimit  {@code initLimit} in ticks
 * @param syncLimit  {@code syncLimit} in ticks (also ZooKeeper's election-socket read timeout factor)
 */
public record ZkSettings(int tickTimeMs, int initLimit, int syncLimit) {
    public static final ZkSettings DEFAULTS = new ZkSettings(3000, 10, 5);
}
