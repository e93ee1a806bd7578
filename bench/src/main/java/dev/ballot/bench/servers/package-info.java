/**
 * The {@code servers} command: whole servers as processes, Ballot's server, ZooKeeper's {@code QuorumPeerMain}
 * and ZooKeeper on Ballot's election ({@code ballot-zookeeper}), from the same generated {@code zoo.cfg}.
 */
package dev.ballot.bench.servers;
