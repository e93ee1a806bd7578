/**
 * Whole leadership for a peer: the election ({@code ballot-election}) over the Netty transport, then epoch
 * establishment, heartbeats and failure detection on the quorum port ({@link dev.ballot.leadership.quorum}),
 * with persisted epochs. {@link dev.ballot.leadership.QuorumPeer} runs one peer on one event loop;
 * {@link dev.ballot.leadership.PeerLaunch} assembles it. The server module is a CLI and admin layer over this.
 */
package dev.ballot.leadership;
