package dev.ballot.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS settings for quorum connections, from ZooKeeper's {@code sslQuorum} and {@code ssl.quorum.*} keys
 * (docs/protocol.md "TLS"), plus Ballot's sid-to-certificate binding.
 *
 * @param enabled            {@code sslQuorum}: outbound connections use TLS and inbound ones must
 * @param portUnification    {@code portUnification}: inbound connections may be TLS or plaintext
 * @param keyStore           {@code ssl.quorum.keyStore.location}
 * @param keyStorePassword   {@code ssl.quorum.keyStore.password} (or the content of {@code .passwordPath})
 * @param keyStoreType       {@code ssl.quorum.keyStore.type}: PEM, PKCS12 or JKS; empty means "from the file name"
 * @param trustStore         {@code ssl.quorum.trustStore.location}
 * @param trustStorePassword {@code ssl.quorum.trustStore.password} (or {@code .passwordPath})
 * @param trustStoreType     {@code ssl.quorum.trustStore.type}
 * @param protocols          {@code ssl.quorum.enabledProtocols} (or {@code ssl.quorum.protocol}); empty: JDK defaults
 * @param cipherSuites       {@code ssl.quorum.ciphersuites}; empty: JDK defaults
 * @param sidIdentities      {@code ballot.quorum.tls.sidIdentity.N}: the certificate name (SAN or CN) sid N must
 *                           present; sids not listed must present the host of their {@code server.N} line
 */
public record QuorumTlsConfig(boolean enabled, boolean portUnification,
                              Optional<Path> keyStore, Optional<String> keyStorePassword, String keyStoreType,
                              Optional<Path> trustStore, Optional<String> trustStorePassword, String trustStoreType,
                              List<String> protocols, List<String> cipherSuites, Map<Long, String> sidIdentities) {

    /** TLS off. */
    public static final QuorumTlsConfig DISABLED = new QuorumTlsConfig(false, false, Optional.empty(), Optional.empty(),
            "", Optional.empty(), Optional.empty(), "", List.of(), List.of(), Map.of());

    public QuorumTlsConfig {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        Objects.requireNonNull(trustStoreType, "trustStoreType");
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        sidIdentities = Map.copyOf(sidIdentities);
    }

    @Override
    public String toString() { // never print passwords
        return "QuorumTlsConfig[enabled=" + enabled + ", portUnification=" + portUnification + ", keyStore=" + keyStore
                + ", trustStore=" + trustStore + ", protocols=" + protocols + ", sidIdentities=" + sidIdentities + "]";
    }
}
