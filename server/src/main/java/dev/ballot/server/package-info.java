/**
 * The Ballot server: the CLI ({@link dev.ballot.server.Main}), the peer that elects and then leads,
 * follows or observes ({@link dev.ballot.server.QuorumPeer}), and its wiring to the election and
 * the transport.
 */
package dev.ballot.server;
