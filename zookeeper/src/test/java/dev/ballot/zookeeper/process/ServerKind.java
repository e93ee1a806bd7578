package dev.ballot.zookeeper.process;

/** How a test runs one ZooKeeper 3.9.5 server process. */
enum ServerKind {
    /** Stock ZooKeeper: {@code QuorumPeerMain} on ZooKeeper's own lib/ (Netty 4.1 from Maven Central). */
    STOCK,
    /** The self-contained jar: {@code java -jar ballot-zookeeper.jar zoo.cfg}. */
    BALLOT_JAR,
    /**
     * The plugin: a ZooKeeper installation (its own lib/ plus {@code ballot-zookeeper-plugin.jar}, its conf/) started
     * with the wrapper script {@code ballot-zkServer.sh}, which runs {@code BallotQuorumPeerMain}.
     */
    BALLOT_PLUGIN;

    boolean isBallot() {
        return this != STOCK;
    }
}
