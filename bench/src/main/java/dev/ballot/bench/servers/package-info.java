/**
 * The {@code servers} command: whole servers as processes, Ballot's server and ZooKeeper's
 * {@code QuorumPeerMain}, from the same generated {@code zoo.cfg}.
 */
package dev.ballot.bench.servers;
