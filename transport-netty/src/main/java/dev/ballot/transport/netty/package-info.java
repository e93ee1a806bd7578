/**
 * The Netty implementation of the quorum transport, ZooKeeper's {@code QuorumCnxManager}
 * replacement: {@link dev.ballot.transport.netty.NettyQuorumTransport} configured by a {@link
 * dev.ballot.transport.netty.TransportConfig}, with counters in {@link
 * dev.ballot.transport.netty.TransportMetrics}. The channel handlers live in {@code .handler}.
 */
package dev.ballot.transport.netty;
