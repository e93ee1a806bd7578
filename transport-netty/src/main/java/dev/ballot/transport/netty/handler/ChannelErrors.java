package dev.ballot.transport.netty.handler;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;

import javax.net.ssl.SSLException;
import java.io.IOException;

/** How a channel's failure is named: its metrics and rate-limit key, and its reason text. Pure. */
public final class ChannelErrors {
    private ChannelErrors() {
    }

    /** The reason text: the message of a protocol error, the class and message of anything else. */
    public static String reason(Throwable cause) {
        Throwable shown = root(cause);
        if (shown instanceof HandshakeException h) {
            return h.reason().key() + ": " + h.getMessage();
        }
        return shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }

    /**
     * The metrics and rate-limit label of a failure: the handshake reason's key, {@code tls}, {@code
     * frame-length}, {@code io}, or the exception's simple class name.
     */
    public static String key(Throwable cause) {
        Throwable root = root(cause);
        if (root instanceof HandshakeException h) {
            return h.reason().key();
        }
        if (cause instanceof NotSslRecordException || root instanceof SSLException) {
            return "tls";
        }
        if (root instanceof FrameLengthException || root instanceof TooLongFrameException) {
            return "frame-length";
        }
        if (root instanceof IOException) {
            return "io";
        }
        return root.getClass().getSimpleName();
    }

    /** Whether a failure is a rejected handshake (TLS included), as opposed to an error on a connection in use. */
    public static boolean isHandshakeRejection(Throwable cause) {
        Throwable root = root(cause);
        return root instanceof HandshakeException || cause instanceof NotSslRecordException || root instanceof SSLException;
    }

    private static Throwable root(Throwable cause) {
        return cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    }

}
