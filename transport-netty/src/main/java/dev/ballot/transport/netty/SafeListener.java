package dev.ballot.transport.netty;

import dev.ballot.core.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Shields the transport from a listener that throws: the failure is logged at WARN with the callback
 * and the sid, and the connection it came from stays up (a bug in the consumer must not look like a
 * bad peer). Thread-safe if the wrapped listener is.
 */
final class SafeListener implements Transport.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final long localSid;
    private final Transport.Listener delegate;

    SafeListener(long localSid, Transport.Listener delegate) {
        this.localSid = localSid;
        this.delegate = delegate;
    }

    @Override
    public void onMessage(long sid, ByteBuffer payload) {
        try {
            delegate.onMessage(sid, payload);
        } catch (RuntimeException e) {
            LOG.warn("{}: listener failed on a message from sid {}", localSid, sid, e);
        }
    }

    @Override
    public void onPeerUp(long sid) {
        try {
            delegate.onPeerUp(sid);
        } catch (RuntimeException e) {
            LOG.warn("{}: listener failed on peer {} up", localSid, sid, e);
        }
    }

    @Override
    public void onPeerDown(long sid, String reason) {
        try {
            delegate.onPeerDown(sid, reason);
        } catch (RuntimeException e) {
            LOG.warn("{}: listener failed on peer {} down", localSid, sid, e);
        }
    }
}
