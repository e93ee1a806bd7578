package org.apache.zookeeper.server.quorum;

import java.nio.ByteBuffer;

/**
 * Test-only bridge to ZooKeeper 3.9.5's package-private notification builder, so Ballot's codec can be
 * compared byte for byte with the real thing. Lives in ZooKeeper's package for access only; it holds
 * no ZooKeeper code.
 */
public final class ZooKeeperMessages {
    private ZooKeeperMessages() {
    }

    /** The bytes ZooKeeper's {@code FastLeaderElection.buildMsg} produces, with a config payload. */
    public static byte[] build(int state, long leader, long zxid, long electionEpoch, long peerEpoch, byte[] config) {
        return bytes(FastLeaderElection.buildMsg(state, leader, zxid, electionEpoch, peerEpoch, config));
    }

    /** The bytes of ZooKeeper's config-less {@code buildMsg} overload. */
    public static byte[] build(int state, long leader, long zxid, long electionEpoch, long peerEpoch) {
        return bytes(FastLeaderElection.buildMsg(state, leader, zxid, electionEpoch, peerEpoch));
    }

    private static byte[] bytes(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        b.rewind();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
