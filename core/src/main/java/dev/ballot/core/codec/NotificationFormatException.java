package dev.ballot.core.codec;

/**
 * A notification payload that a ZooKeeper 3.9 receiver would drop (docs/protocol.md "Decoding shorter notifications"), or whose state code is
 * unknown. The message says why, with the offending length or value. The only exception
 * {@link NotificationCodec#decode} throws.
 *
 * <p>{@link #reason()} tells the cases apart. {@link Reason#UNKNOWN_STATE} is special: the payload is
 * otherwise well formed, and ZooKeeper still answers such a message when it comes from a non-voter
 * (docs/protocol.md "Receiving a notification" step 3), while every other reason means the message is dropped unanswered.
 */
public final class NotificationFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a payload was refused. */
    public enum Reason {
        /** Fewer than 28 bytes. */
        SHORT,
        /** 29..39 bytes, or 41..43 bytes with version &gt;= 2: a field runs past the end. */
        TRUNCATED,
        /** configLength negative, larger than the payload, or larger than the bytes after it. */
        BAD_CONFIG_LENGTH,
        /** Well formed, but the state code is not 0..3. */
        UNKNOWN_STATE,
        /** Any other reason (kept for callers that build the exception themselves). */
        OTHER
    }

    private final Reason reason;

    public NotificationFormatException(String message) {
        this(Reason.OTHER, message);
    }

    public NotificationFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the payload was refused. */
    public Reason reason() {
        return reason;
    }
}
