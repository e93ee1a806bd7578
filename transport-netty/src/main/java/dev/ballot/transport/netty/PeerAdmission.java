package dev.ballot.transport.netty;

import dev.ballot.transport.netty.handler.HandshakeException;
import dev.ballot.transport.netty.handler.HandshakeException.Reason;
import dev.ballot.transport.netty.handler.HandshakeValidator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Ballot's admission rules for a sid on a channel (beyond ZooKeeper 3.9, which checks none, 
 * docs/protocol.md "Validating the initial message"): not our own sid; a configured sid unless {@code acceptUnknownSids}; and on a TLS channel a
 * certificate that names the identity bound to that sid ({@code ballot.quorum.tls.sidIdentity.N}, else
 * the host of {@code server.N}); with {@code checkPeerAddress}, an accepted connection claiming configured
 * sid N must come from one of {@code server.N}'s addresses. Thread-safe.
 */
final class PeerAdmission implements HandshakeValidator {
    private final TransportConfig config;
    private final PeerAddresses addresses;

    PeerAdmission(TransportConfig config, PeerAddresses addresses) {
        this.config = config;
        this.addresses = addresses;
    }

    @Override
    public void admit(long sid, Channel channel) {
        if (sid == config.myId()) {
            throw new HandshakeException(Reason.OWN_SID, "claims this peer's own sid " + sid);
        }
        if (!config.peers().containsKey(sid) && !config.acceptUnknownSids()) {
            throw new HandshakeException(Reason.UNKNOWN_SID, "sid " + sid + " is not in the configuration");
        }
        if (config.checkPeerAddress() && channel.parent() != null && config.peers().containsKey(sid)) {
            checkSource(sid, channel.remoteAddress());
        }
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            expectedIdentity(sid).ifPresent(expected -> checkCertificate(sid, tls, expected));
        }
    }

    /** The certificate name bound to {@code sid}, if the configuration binds one. */
    Optional<String> expectedIdentity(long sid) {
        String explicit = config.tls().sidIdentities().get(sid);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        List<InetSocketAddress> addresses = config.peers().get(sid);
        return addresses == null ? Optional.empty() : Optional.of(addresses.get(0).getHostString());
    }

    /** An accepted connection (it has a parent, the listening channel) claiming configured {@code sid}. */
    private void checkSource(long sid, SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress isa) || isa.getAddress() == null) {
            throw new HandshakeException(Reason.ADDRESS_MISMATCH, "claims sid " + sid + " from " + remote
                    + ", which is not an IP address to check");
        }
        if (!addresses.matches(sid, isa.getAddress())) {
            throw new HandshakeException(Reason.ADDRESS_MISMATCH, "claims sid " + sid + " from "
                    + isa.getAddress().getHostAddress() + ", which is not an address of server." + sid + " "
                    + addresses.describe(sid));
        }
    }

    private static void checkCertificate(long sid, SslHandler tls, String expected) {
        Certificate[] chain;
        try {
            chain = tls.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new HandshakeException(Reason.IDENTITY_MISMATCH, "sid " + sid + " presented no certificate");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            throw new HandshakeException(Reason.IDENTITY_MISMATCH, "sid " + sid + " presented no X.509 certificate");
        }
        if (!CertificateIdentity.matches(cert, expected)) {
            throw new HandshakeException(Reason.IDENTITY_MISMATCH, "sid " + sid + " must present '" + expected
                    + "' but its certificate names " + CertificateIdentity.describe(cert));
        }
    }
}
