package dev.ballot.server.admin;

import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumTlsConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration for {@code GET /config}: every setting this peer runs with, defaults
 * included, under its zoo.cfg key. Passwords are never shown: a set password reads {@value #REDACTED}.
 */
public final class ConfigView {
    /** What a set password shows as. */
    public static final String REDACTED = "********";

    private ConfigView() {
    }

    /** The view of {@code cfg} for peer {@code sid}, with the admin server's {@code limits}. */
    public static Map<String, Object> of(EnsembleConfig cfg, long sid, AdminLimits limits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("myid", sid);
        cfg.source().ifPresent(p -> m.put("source", p.toString()));
        m.put("dataDir", cfg.dataDir().toString());
        m.put("tickTime", cfg.tickTime().toMillis());
        m.put("initLimit", cfg.initLimit());
        m.put("syncLimit", cfg.syncLimit());
        m.put("peerType", cfg.peerType().name().toLowerCase(java.util.Locale.ROOT));
        m.put("cnxTimeout", cfg.cnxTimeout().toMillis());
        m.put("quorumListenOnAllIPs", cfg.quorumListenOnAllIPs());
        m.put("multiAddress.enabled", cfg.multiAddressEnabled());
        m.put("admin.enableServer", cfg.adminServerEnabled());
        m.put("admin.serverAddress", cfg.adminServerAddress());
        m.put("admin.serverPort", cfg.adminServerPort());
        m.put("ballot.admin.idleTimeout", limits.idleTimeout().toMillis());
        m.put("ballot.admin.requestTimeout", limits.requestTimeout().toMillis());
        m.put("ballot.admin.maxConnections", limits.maxConnections());
        m.put("ballot.admin.maxWatchers", limits.maxWatchers());
        m.put("ballot.admin.watchHeartbeat", limits.heartbeat().toMillis());
        m.put("ballot.election.finalizeWait", cfg.finalizeWait().toMillis());
        m.put("ballot.election.decideWhenAllVoted", cfg.decideWhenAllVoted());
        m.put("fastleader.minNotificationInterval", cfg.minNotificationInterval().toMillis());
        m.put("fastleader.maxNotificationInterval", cfg.maxNotificationInterval().toMillis());
        m.put("ballot.quorum.acceptUnknownSids", cfg.acceptUnknownSids());
        tls(m, cfg.tls());
        cfg.quorum().toConfigString().lines().forEach(line -> { // server.N, group.N, weight.N as zoo.cfg has them
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        });
        return m;
    }

    private static void tls(Map<String, Object> m, QuorumTlsConfig t) {
        m.put("sslQuorum", t.enabled());
        m.put("portUnification", t.portUnification());
        t.keyStore().ifPresent(p -> m.put("ssl.quorum.keyStore.location", p.toString()));
        m.put("ssl.quorum.keyStore.password", redacted(t.keyStorePassword()));
        if (!t.keyStoreType().isEmpty()) {
            m.put("ssl.quorum.keyStore.type", t.keyStoreType());
        }
        t.trustStore().ifPresent(p -> m.put("ssl.quorum.trustStore.location", p.toString()));
        m.put("ssl.quorum.trustStore.password", redacted(t.trustStorePassword()));
        if (!t.trustStoreType().isEmpty()) {
            m.put("ssl.quorum.trustStore.type", t.trustStoreType());
        }
        if (!t.protocols().isEmpty()) {
            m.put("ssl.quorum.enabledProtocols", String.join(",", t.protocols()));
        }
        if (!t.cipherSuites().isEmpty()) {
            m.put("ssl.quorum.ciphersuites", String.join(",", t.cipherSuites()));
        }
        t.sidIdentities().forEach((sid, name) -> m.put("ballot.quorum.tls.sidIdentity." + sid, name));
    }

    private static Object redacted(Optional<String> password) {
        return password.isPresent() ? REDACTED : null;
    }
}
