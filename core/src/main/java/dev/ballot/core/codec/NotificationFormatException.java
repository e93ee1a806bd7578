package dev.ballot.core.codec;

/**
 * A notification payload that a ZooKeeper 3.9 receiver would drop (spec §3.2). The message says why,
 * with the offending length or value. The only exception {@link NotificationCodec#decode} throws.
 */
public final class NotificationFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotificationFormatException(String message) {
        super(message);
    }
}
