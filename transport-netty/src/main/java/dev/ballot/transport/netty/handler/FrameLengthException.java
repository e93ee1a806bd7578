package dev.ballot.transport.netty.handler;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A frame length outside 1..524288 (docs/protocol.md "2. Frames"). The connection is closed; the bytes are not buffered.
 */
public final class FrameLengthException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    public FrameLengthException(String message) {
        super(message);
    }
}
