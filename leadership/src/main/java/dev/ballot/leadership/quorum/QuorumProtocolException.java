package dev.ballot.leadership.quorum;

import io.netty.handler.codec.DecoderException;

/**
 * A quorum-port frame that is not a valid {@link QuorumMessage}: unknown version or type, wrong
 * length, bad text. The channel that sent it is closed.
 */
public final class QuorumProtocolException extends DecoderException {
    private static final long serialVersionUID = 1L;

    public QuorumProtocolException(String message) {
        super(message);
    }
}
