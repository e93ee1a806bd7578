package dev.ballot.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-built notification payloads for the table and fuzz tests. */
final class Payloads {
    static final long LEADER = 3;
    static final long ZXID = 0x100000005L;
    static final long ELECTION_EPOCH = 2;
    static final long PEER_EPOCH = 7;

    private Payloads() {
    }

    /**
     * The full layout (state, leader, zxid, electionEpoch, peerEpoch, version, configLength, config)
     * with {@code configBytes} bytes of config text "abc...", then cut or zero-padded to {@code length}.
     */
    static byte[] build(int state, int version, int configLength, int configBytes, int length) {
        byte[] config = new byte[configBytes];
        for (int i = 0; i < configBytes; i++) {
            config[i] = (byte) ('a' + i % 26);
        }
        ByteBuffer buf = ByteBuffer.allocate(44 + configBytes);
        buf.putInt(state).putLong(LEADER).putLong(ZXID).putLong(ELECTION_EPOCH).putLong(PEER_EPOCH)
                .putInt(version).putInt(configLength).put(config);
        return Arrays.copyOf(buf.array(), length);
    }

    static String config(int bytes) {
        return new String(build(0, 2, bytes, bytes, 44 + bytes), 44, bytes, StandardCharsets.US_ASCII);
    }
}
