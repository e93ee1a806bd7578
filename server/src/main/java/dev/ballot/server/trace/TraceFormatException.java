package dev.ballot.server.trace;

import dev.ballot.core.trace.TraceEvent;

/**
 * A trace line that is not valid JSON or not a known {@link TraceEvent}. The message names the line
 * (when read from a stream), the position or field, and what is wrong.
 */
public final class TraceFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, and where */
    public TraceFormatException(String message) {
        super(message);
    }

    /** @param message what is wrong, and where; {@code cause} the underlying failure */
    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
