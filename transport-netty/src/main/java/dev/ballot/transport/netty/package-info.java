/** The Netty implementation of the quorum transport (ZooKeeper's QuorumCnxManager replacement). */
package dev.ballot.transport.netty;
