package dev.ballot.core.config;

import dev.ballot.core.Reasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects {@code sslQuorum}, {@code portUnification}, the {@code ssl.quorum.*} keys Ballot reads and
 * {@code ballot.quorum.tls.sidIdentity.N} (docs/protocol.md "TLS") into a {@link QuorumTlsConfig}. Not thread-safe
 * (one instance per parse).
 */
final class TlsSection {
    static final String SID_IDENTITY_PREFIX = "ballot.quorum.tls.sidIdentity.";
    private static final String P = "ssl.quorum.";
    static final Set<String> KEYS = Set.of("sslQuorum", "portUnification",
            P + "keyStore.location", P + "keyStore.password", P + "keyStore.passwordPath", P + "keyStore.type",
            P + "trustStore.location", P + "trustStore.password", P + "trustStore.passwordPath", P + "trustStore.type",
            P + "protocol", P + "enabledProtocols", P + "ciphersuites");
    private static final Set<String> STORE_TYPES = Set.of("PEM", "PKCS12", "JKS", "BCFKS");

    private final Values values;
    private final Map<String, PropertiesReader.Entry> entries = new HashMap<>();
    private final Map<Long, PropertiesReader.Entry> sidIdentities = new HashMap<>();

    TlsSection(Values values) {
        this.values = values;
    }

    /** Takes the entry if it is a TLS key; returns whether it did. */
    boolean accept(PropertiesReader.Entry e) {
        if (e.key().startsWith(SID_IDENTITY_PREFIX)) {
            sidIdentities.put(values.idSuffix(e, SID_IDENTITY_PREFIX), e);
            return true;
        }
        if (KEYS.contains(e.key())) {
            entries.put(e.key(), e);
            return true;
        }
        return false;
    }

    QuorumTlsConfig build(Set<Long> sids) {
        boolean enabled = flag("sslQuorum");
        boolean unification = flag("portUnification");
        Map<Long, String> identities = new HashMap<>();
        sidIdentities.forEach((sid, e) -> {
            if (!sids.contains(sid)) {
                throw values.error(e, e.key() + ": there is no server." + sid + " line");
            }
            identities.put(sid, values.nonEmpty(e));
        });
        Optional<Path> keyStore = store("keyStore", enabled || unification);
        Optional<Path> trustStore = store("trustStore", enabled || unification);
        List<String> protocols = list(P + "enabledProtocols");
        if (protocols.isEmpty()) {
            protocols = list(P + "protocol");
        }
        return new QuorumTlsConfig(enabled, unification, keyStore, password("keyStore"), type("keyStore"),
                trustStore, password("trustStore"), type("trustStore"), protocols, list(P + "ciphersuites"), identities);
    }

    private boolean flag(String key) {
        PropertiesReader.Entry e = entries.get(key);
        return e != null && values.bool(e);
    }

    private Optional<Path> store(String name, boolean required) {
        PropertiesReader.Entry e = entries.get(P + name + ".location");
        if (e == null || e.value().isEmpty()) {
            if (required) {
                PropertiesReader.Entry on = entries.containsKey("sslQuorum") && flag("sslQuorum")
                        ? entries.get("sslQuorum") : entries.get("portUnification");
                throw values.error(on, on.key() + "=true needs " + P + name + ".location");
            }
            return Optional.empty();
        }
        Path path = Path.of(e.value());
        if (required && !Files.isReadable(path)) {
            throw values.error(e, e.key() + ": cannot read " + path);
        }
        return Optional.of(path);
    }

    private Optional<String> password(String name) {
        PropertiesReader.Entry path = entries.get(P + name + ".passwordPath");
        if (path != null && !path.value().isEmpty()) {
            try {
                String text = Files.readString(Path.of(path.value()), StandardCharsets.UTF_8);
                return Optional.of(text.replaceFirst("[\r\n]+$", ""));
            } catch (IOException ex) {
                throw values.error(path, path.key() + ": cannot read " + path.value() + ": " + Reasons.of(ex));
            }
        }
        PropertiesReader.Entry e = entries.get(P + name + ".password");
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    private String type(String name) {
        PropertiesReader.Entry e = entries.get(P + name + ".type");
        if (e == null || e.value().isEmpty()) {
            return "";
        }
        String type = e.value().toUpperCase(Locale.ROOT);
        if (!STORE_TYPES.contains(type)) {
            throw values.error(e, e.key() + "='" + e.value() + "': expected one of PEM, PKCS12, JKS, BCFKS");
        }
        return type;
    }

    private List<String> list(String key) {
        PropertiesReader.Entry e = entries.get(key);
        if (e == null) {
            return List.of();
        }
        return Arrays.stream(e.value().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
