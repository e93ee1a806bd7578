package dev.ballot.transport.netty.handler;

import io.netty.handler.codec.DecoderException;

import java.util.Locale;
import java.util.Objects;

/**
 * A connection's initial message was rejected (docs/protocol.md "Validating the initial message", plus Ballot's sid admission). The
 * handler that throws it has already closed the channel; the tail handler logs it once.
 */
public final class HandshakeException extends DecoderException {
    private static final long serialVersionUID = 1L;

    /** Why a handshake was rejected; {@link #key()} is the metrics label. */
    public enum Reason {
        /** The first long is negative but neither V1 nor V2. */
        BAD_VERSION,
        /** The address length is not within 1..2048. */
        BAD_ADDRESS_LENGTH,
        /** An advertised address does not parse as {@code host:port} with a port in 0..65535. */
        BAD_ADDRESS,
        /** The sid is not in the configuration (and unknown sids are not accepted). */
        UNKNOWN_SID,
        /** The sid is this peer's own sid. */
        OWN_SID,
        /** With TLS, the certificate does not match the identity bound to the sid. */
        IDENTITY_MISMATCH,
        /** The initial message did not arrive within the handshake timeout. */
        TIMEOUT,
        /**
         * The sid already has a live connection, which stayed up when probed: the new one is refused (without
         * TLS a sid cannot be authenticated; this keeps a forged claim from tearing down the real peer's link).
         */
        SID_IN_USE,
        /** {@code ballot.quorum.checkPeerAddress}: the connection does not come from one of {@code server.N}'s addresses. */
        ADDRESS_MISMATCH;

        /** Lower-case, dash-separated label for metrics ("unknown-sid"). */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public HandshakeException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
