/**
 * The Ballot server: the CLI ({@link dev.ballot.server.Main}) and the wiring of a peer
 * ({@link dev.ballot.leadership.QuorumPeer}, from the {@code ballot-leadership} library) to its
 * admin HTTP server and metrics.
 */
package dev.ballot.server;
