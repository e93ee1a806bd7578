/**
 * The ZooKeeper side of the comparison: ZooKeeper 3.9.5's own {@code QuorumCnxManager} and
 * {@code FastLeaderElection}, from the official jar, driven as ZooKeeper's election tests drive them.
 */
package dev.ballot.bench.zk;
