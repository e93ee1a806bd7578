package dev.ballot.bench.cell;

/**
 * One peer of a benchmark ensemble on loopback.
 *
 * @param sid            server id
 * @param observer       true for a non-voting observer
 * @param electionPort   the port this peer's election layer listens on
 * @param quorumPort     the (unused by the election) quorum port written into the configuration
 * @param advertisedPort the election port other peers dial: {@code electionPort}, or a proxy's port in the loss scenario
 */
public record PeerSpec(long sid, boolean observer, int electionPort, int quorumPort, int advertisedPort) {
}
