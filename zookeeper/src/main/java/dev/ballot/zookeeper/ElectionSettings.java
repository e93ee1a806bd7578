package dev.ballot.zookeeper;

import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.config.QuorumTlsConfig;
import dev.ballot.core.quorum.ConfigText;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.ElectionConfig;
import dev.ballot.transport.netty.TransportConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.zookeeper.server.quorum.QuorumPeer;

/**
 * Ballot's transport and election settings, taken from the configuration ZooKeeper parsed and applied to its
 * {@link QuorumPeer}: the server list, groups and weights (the peer's {@code QuorumVerifier}, read through its
 * config text so Ballot advertises exactly the bytes ZooKeeper would), {@code quorumListenOnAllIPs},
 * {@code multiAddress.enabled}, {@code sslQuorum}, {@code portUnification}; and from the keys ZooKeeper turns into
 * {@code zookeeper.*} system properties (every zoo.cfg key it does not know itself): {@code cnxTimeout},
 * {@code ssl.quorum.*}, {@code fastleader.*}, {@code ballot.*}. A {@code -Dzookeeper.<key>} JVM option works too,
 * as with ZooKeeper.
 *
 * @param transport the transport's settings
 * @param election  the election's settings
 */
record ElectionSettings(TransportConfig transport, ElectionConfig election) {
    private static final String SSL = "zookeeper.ssl.quorum.";
    private static final String SID_IDENTITY = "zookeeper.ballot.quorum.tls.sidIdentity.";

    /** From {@code peer} (after QuorumPeerMain applied the parsed zoo.cfg) and the system properties. */
    static ElectionSettings of(QuorumPeer peer) {
        Properties system = System.getProperties();
        return of(peer.getMyId(), peer.getQuorumVerifier().toString(), peer.getTickTime(), peer.getSyncLimit(),
                peer.getQuorumListenOnAllIPs(), peer.isMultiAddressEnabled(), peer.isSslQuorum(),
                peer.shouldUsePortUnification(), system::getProperty, system.stringPropertyNames());
    }

    /** The pure mapping, for tests: {@code property} reads a {@code zookeeper.*} system property (or null). */
    static ElectionSettings of(long myId, String configText, int tickTimeMs, int syncLimit, boolean listenOnAllIPs,
                               boolean multiAddress, boolean sslQuorum, boolean portUnification,
                               UnaryOperator<String> property, Iterable<String> propertyNames) {
        QuorumVerifier quorum = ConfigText.parse(configText);
        // ZooKeeper: connect timeout zookeeper.cnxTimeout (5 s); socket/handshake timeout quorumCnxnTimeoutMs,
        // else tickTime * syncLimit.
        Duration connect = Duration.ofMillis(intProperty(property, "zookeeper.cnxTimeout", 5000));
        int cnxn = intProperty(property, "zookeeper.quorumCnxnTimeoutMs", -1);
        Duration handshake = Duration.ofMillis(cnxn > 0 ? cnxn : (long) tickTimeMs * syncLimit);
        TransportConfig.Builder t = TransportConfig.builder().myId(myId).connectTimeout(connect)
                .handshakeTimeout(handshake).listenOnAllIPs(listenOnAllIPs).multiAddress(multiAddress)
                .acceptUnknownSids(Boolean.parseBoolean(property.apply("zookeeper.ballot.quorum.acceptUnknownSids")))
                .tls(tls(sslQuorum, portUnification, property, propertyNames));
        for (QuorumServer s : quorum.allMembers().values()) {
            t.peer(s.sid(), s.electionAddresses());
        }
        ElectionConfig e = ElectionConfig.builder().myId(myId).quorum(quorum)
                .finalizeWait(Duration.ofMillis(intProperty(property, "zookeeper.ballot.election.finalizeWait",
                        (int) ElectionConfig.DEFAULT_FINALIZE_WAIT.toMillis())))
                .minNotificationInterval(Duration.ofMillis(intProperty(property,
                        "zookeeper.fastleader.minNotificationInterval",
                        (int) ElectionConfig.DEFAULT_MIN_NOTIFICATION_INTERVAL.toMillis())))
                .maxNotificationInterval(Duration.ofMillis(intProperty(property,
                        "zookeeper.fastleader.maxNotificationInterval",
                        (int) ElectionConfig.DEFAULT_MAX_NOTIFICATION_INTERVAL.toMillis())))
                .decideWhenAllVoted(Boolean.parseBoolean(Optional.ofNullable(
                        property.apply("zookeeper.ballot.election.decideWhenAllVoted")).orElse(
                        String.valueOf(ElectionConfig.DEFAULT_DECIDE_WHEN_ALL_VOTED))))
                .build();
        return new ElectionSettings(t.build(), e);
    }

    private static QuorumTlsConfig tls(boolean enabled, boolean unification, UnaryOperator<String> property,
                                       Iterable<String> names) {
        if (!enabled && !unification) {
            return QuorumTlsConfig.DISABLED;
        }
        Map<Long, String> identities = new HashMap<>();
        for (String name : names) {
            if (name.startsWith(SID_IDENTITY)) {
                identities.put(parseLong(name, name.substring(SID_IDENTITY.length())), property.apply(name).trim());
            }
        }
        String protocols = Optional.ofNullable(property.apply(SSL + "enabledProtocols"))
                .orElse(property.apply(SSL + "protocol"));
        return new QuorumTlsConfig(enabled, unification,
                path(property, "keyStore"), password(property, "keyStore"), type(property, "keyStore"),
                path(property, "trustStore"), password(property, "trustStore"), type(property, "trustStore"),
                list(protocols), list(property.apply(SSL + "ciphersuites")), identities);
    }

    private static Optional<Path> path(UnaryOperator<String> property, String store) {
        return Optional.ofNullable(property.apply(SSL + store + ".location")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Path::of);
    }

    /** {@code passwordPath} wins over {@code password}, as in ZooKeeper. */
    private static Optional<String> password(UnaryOperator<String> property, String store) {
        String file = property.apply(SSL + store + ".passwordPath");
        if (file != null && !file.isBlank()) {
            try {
                return Optional.of(Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UnsupportedSettingException("ssl.quorum." + store + ".passwordPath=" + file
                        + ": cannot read the password file: " + e.getMessage());
            }
        }
        return Optional.ofNullable(property.apply(SSL + store + ".password"));
    }

    private static String type(UnaryOperator<String> property, String store) {
        String t = property.apply(SSL + store + ".type");
        return t == null ? "" : t.trim().toUpperCase(Locale.ROOT);
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int intProperty(UnaryOperator<String> property, String name, int dflt) {
        String v = property.apply(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UnsupportedSettingException(name.substring("zookeeper.".length()) + "=" + v
                    + ": not a whole number of milliseconds");
        }
    }

    private static long parseLong(String key, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new UnsupportedSettingException(key.substring("zookeeper.".length()) + ": '" + digits
                    + "' is not a server id");
        }
    }
}
