package dev.ballot.core;

/**
 * Arithmetic on ZooKeeper transaction ids: the high 32 bits are the epoch, the low 32 bits a
 * counter (docs/protocol.md "Conventions").
 */
public final class Zxid {
    /** The largest epoch whose zxids stay positive ({@code 0x7FFFFFFF}): a larger one would wrap them. */
    public static final long MAX_EPOCH = Integer.MAX_VALUE;

    private Zxid() {
    }

    /** {@code zxid >> 32}, an arithmetic shift, as ZooKeeper computes it (so {@code epochOf(-1) == -1}). */
    public static long epochOf(long zxid) {
        return zxid >> 32;
    }

    /** {@code zxid & 0xFFFFFFFF}. */
    public static long counterOf(long zxid) {
        return zxid & 0xFFFFFFFFL;
    }

    /** {@code (epoch << 32) | (counter & 0xFFFFFFFF)}. */
    public static long make(long epoch, long counter) {
        return (epoch << 32) | (counter & 0xFFFFFFFFL);
    }
}
