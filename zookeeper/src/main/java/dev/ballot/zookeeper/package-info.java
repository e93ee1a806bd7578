/**
 * Apache ZooKeeper 3.9.5 servers on Ballot's election: {@link dev.ballot.zookeeper.BallotQuorumPeerMain} runs an
 * unmodified ZooKeeper {@code QuorumPeer} (data tree, Zab, client port, AdminServer) whose election is Ballot's
 * {@code transport-netty} and {@code election} instead of {@code QuorumCnxManager} and {@code FastLeaderElection},
 * through ZooKeeper's own extension points ({@code QuorumPeerMain.getQuorumPeer()},
 * {@code QuorumPeer.createElectionAlgorithm(int)}, the {@code Election} interface).
 */
package dev.ballot.zookeeper;
