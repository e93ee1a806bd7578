package dev.ballot.core;

/**
 * A server's election state, with ZooKeeper's wire codes (docs/protocol.md "Notification layout": the {@code state} field of a
 * notification).
 *
 * <p>Immutable and thread-safe.
 */
public enum PeerState {
    /** Electing: no leader known. Wire code 0. */
    LOOKING(0),
    /** Following an elected leader. Wire code 1. */
    FOLLOWING(1),
    /** Leading. Wire code 2. */
    LEADING(2),
    /** Observing an elected leader without voting. Wire code 3. */
    OBSERVING(3);

    private static final PeerState[] BY_CODE = {LOOKING, FOLLOWING, LEADING, OBSERVING};

    private final int code;

    PeerState(int code) {
        this.code = code;
    }

    /** The 4-byte wire code ZooKeeper writes for this state. */
    public int code() {
        return code;
    }

    /** Whether {@code code} is one of the four known wire codes. */
    public static boolean isKnownCode(int code) {
        return code >= 0 && code < BY_CODE.length;
    }

    /**
     * The state for a wire code.
     *
     * @throws IllegalArgumentException if the code is not 0..3
     */
    public static PeerState fromCode(int code) {
        if (!isKnownCode(code)) {
            throw new IllegalArgumentException("unknown peer state code " + code + " (expected 0..3)");
        }
        return BY_CODE[code];
    }
}
