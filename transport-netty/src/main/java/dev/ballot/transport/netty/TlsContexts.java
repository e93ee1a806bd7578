package dev.ballot.transport.netty;

import dev.ballot.core.Reasons;
import dev.ballot.core.config.QuorumTlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

/**
 * Builds the server and client {@link SslContext}s of a TLS quorum from ZooKeeper's {@code
 * ssl.quorum.*} settings (docs/protocol.md "TLS"): PEM (key and certificate chain in one file), PKCS12 or JKS key
 * and trust stores, optional protocol and cipher lists. Both sides require a certificate from the
 * other (mutual TLS). Host names are not verified here; the sid binding of {@link PeerAdmission}
 * replaces it. Reads files: call it from a builder, never on an event loop.
 *
 * @param server context for accepted channels (client auth required)
 * @param client context for dialed channels
 */
record TlsContexts(SslContext server, SslContext client) {

    /** @throws IllegalArgumentException naming the setting when a store cannot be read */
    static TlsContexts build(QuorumTlsConfig tls) {
        Path keyPath = tls.keyStore().orElseThrow(() -> new IllegalArgumentException(
                "ssl.quorum.keyStore.location: required when sslQuorum=true"));
        Path trustPath = tls.trustStore().orElseThrow(() -> new IllegalArgumentException(
                "ssl.quorum.trustStore.location: required when sslQuorum=true"));
        try {
            byte[] key = Files.readAllBytes(keyPath);
            byte[] trust = Files.readAllBytes(trustPath);
            SslContextBuilder server = keyMaterial(true, tls, key);
            SslContextBuilder client = keyMaterial(false, tls, key);
            trustMaterial(server, tls, trust);
            trustMaterial(client, tls, trust);
            // no host-name verification (ZooKeeper's FIPS-mode default); the sid binding replaces it
            client.endpointIdentificationAlgorithm(null);
            return new TlsContexts(finish(server.clientAuth(ClientAuth.REQUIRE), tls), finish(client, tls));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("ssl.quorum: cannot load key store " + keyPath + " / trust store "
                    + trustPath + ": " + Reasons.of(e), e);
        }
    }

    private static SslContextBuilder keyMaterial(boolean forServer, QuorumTlsConfig tls, byte[] store)
            throws IOException, GeneralSecurityException {
        String password = tls.keyStorePassword().orElse(null);
        if (type(tls.keyStoreType(), tls.keyStore().get()).equals("PEM")) {
            String keyPassword = password == null || password.isEmpty() ? null : password;
            return forServer
                    ? SslContextBuilder.forServer(in(store), in(store), keyPassword)
                    : SslContextBuilder.forClient().keyManager(in(store), in(store), keyPassword);
        }
        KeyStore ks = load(type(tls.keyStoreType(), tls.keyStore().get()), store, password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, chars(password));
        return forServer ? SslContextBuilder.forServer(kmf) : SslContextBuilder.forClient().keyManager(kmf);
    }

    private static void trustMaterial(SslContextBuilder builder, QuorumTlsConfig tls, byte[] store)
            throws IOException, GeneralSecurityException {
        String type = type(tls.trustStoreType(), tls.trustStore().get());
        if (type.equals("PEM")) {
            builder.trustManager(in(store));
            return;
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(type, store, tls.trustStorePassword().orElse(null)));
        builder.trustManager(tmf);
    }

    private static SslContext finish(SslContextBuilder builder, QuorumTlsConfig tls) throws SSLException {
        builder.sslProvider(SslProvider.JDK);
        if (!tls.protocols().isEmpty()) {
            builder.protocols(tls.protocols());
        }
        if (!tls.cipherSuites().isEmpty()) {
            builder.ciphers(tls.cipherSuites());
        }
        return builder.build();
    }

    /** The store type: the configured one, else guessed from the file name like ZooKeeper does. */
    static String type(String configured, Path file) {
        if (!configured.isBlank()) {
            return configured.toUpperCase(Locale.ROOT);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem")) {
            return "PEM";
        }
        if (name.endsWith(".jks")) {
            return "JKS";
        }
        return "PKCS12";
    }

    private static KeyStore load(String type, byte[] store, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(in(store), chars(password));
        return ks;
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
