package dev.ballot.core.config;

import java.util.Map;
import java.util.Set;

/** The single-valued zoo.cfg keys Ballot reads, and how each lands in the {@link EnsembleConfig.Builder}. */
final class ScalarKeys {
    static final Set<String> KEYS = Set.of("dataDir", "tickTime", "initLimit", "syncLimit", "peerType", "electionAlg",
            "cnxTimeout", "quorumListenOnAllIPs", "multiAddress.enabled", "admin.serverPort", "admin.enableServer",
            "admin.serverAddress", "ballot.admin.idleTimeout", "ballot.admin.requestTimeout",
            "ballot.admin.maxConnections", "ballot.admin.maxWatchers", "ballot.admin.watchHeartbeat", "standaloneEnabled", "ballot.quorum.acceptUnknownSids", "ballot.quorum.checkPeerAddress",
            "ballot.election.finalizeWait", "ballot.election.decideWhenAllVoted",
            "fastleader.minNotificationInterval", "fastleader.maxNotificationInterval");

    private ScalarKeys() {
    }

    static void apply(Map<String, PropertiesReader.Entry> s, Values v, EnsembleConfig.Builder b) {
        if (s.containsKey("tickTime")) {
            b.tickTime(v.millis(s.get("tickTime"), 1));
        }
        if (s.containsKey("initLimit")) {
            b.initLimit(v.intValue(s.get("initLimit"), 1, Integer.MAX_VALUE));
        }
        if (s.containsKey("syncLimit")) {
            b.syncLimit(v.intValue(s.get("syncLimit"), 1, Integer.MAX_VALUE));
        }
        if (s.containsKey("peerType")) {
            b.peerType(ZooCfgParser.learnerType(v, s.get("peerType")));
        }
        if (s.containsKey("electionAlg") && v.longValue(s.get("electionAlg"), Long.MIN_VALUE, Long.MAX_VALUE) != 3) {
            throw v.error(s.get("electionAlg"), "electionAlg=" + s.get("electionAlg").value()
                    + ": only 3 (fast leader election over TCP) exists in ZooKeeper 3.9; remove the line or write 3");
        }
        if (s.containsKey("cnxTimeout")) {
            b.cnxTimeout(v.millis(s.get("cnxTimeout"), 1));
        }
        if (s.containsKey("quorumListenOnAllIPs")) {
            b.quorumListenOnAllIPs(v.bool(s.get("quorumListenOnAllIPs")));
        }
        if (s.containsKey("multiAddress.enabled")) {
            b.multiAddressEnabled(v.bool(s.get("multiAddress.enabled")));
        }
        admin(s, v, b);
        election(s, v, b);
    }

    private static void admin(Map<String, PropertiesReader.Entry> s, Values v, EnsembleConfig.Builder b) {
        if (s.containsKey("admin.serverPort")) {
            b.adminServerPort(v.intValue(s.get("admin.serverPort"), 0, 65535));
        }
        if (s.containsKey("admin.enableServer")) {
            b.adminServerEnabled(v.bool(s.get("admin.enableServer")));
        }
        if (s.containsKey("admin.serverAddress")) {
            b.adminServerAddress(v.nonEmpty(s.get("admin.serverAddress")));
        }
        AdminHttpSettings d = AdminHttpSettings.DEFAULTS;
        b.adminHttp(new AdminHttpSettings(
                s.containsKey("ballot.admin.idleTimeout") ? v.millis(s.get("ballot.admin.idleTimeout"), 1) : d.idleTimeout(),
                s.containsKey("ballot.admin.requestTimeout") ? v.millis(s.get("ballot.admin.requestTimeout"), 1) : d.requestTimeout(),
                s.containsKey("ballot.admin.maxConnections")
                        ? v.intValue(s.get("ballot.admin.maxConnections"), 1, 1_000_000) : d.maxConnections(),
                s.containsKey("ballot.admin.maxWatchers")
                        ? v.intValue(s.get("ballot.admin.maxWatchers"), 0, 1_000_000) : d.maxWatchers(),
                s.containsKey("ballot.admin.watchHeartbeat") ? v.millis(s.get("ballot.admin.watchHeartbeat"), 1) : d.watchHeartbeat()));
        if (s.containsKey("ballot.quorum.acceptUnknownSids")) {
            b.acceptUnknownSids(v.bool(s.get("ballot.quorum.acceptUnknownSids")));
        }
        if (s.containsKey("ballot.quorum.checkPeerAddress")) {
            b.checkPeerAddress(v.bool(s.get("ballot.quorum.checkPeerAddress")));
        }
    }

    private static void election(Map<String, PropertiesReader.Entry> s, Values v, EnsembleConfig.Builder b) {
        if (s.containsKey("ballot.election.finalizeWait")) {
            b.finalizeWait(v.millis(s.get("ballot.election.finalizeWait"), 0));
        }
        if (s.containsKey("ballot.election.decideWhenAllVoted")) {
            b.decideWhenAllVoted(v.bool(s.get("ballot.election.decideWhenAllVoted")));
        }
        PropertiesReader.Entry min = s.get("fastleader.minNotificationInterval");
        PropertiesReader.Entry max = s.get("fastleader.maxNotificationInterval");
        long minMs = min == null ? EnsembleConfig.DEFAULT_MIN_NOTIFICATION_INTERVAL.toMillis() : v.longValue(min, 1, Integer.MAX_VALUE);
        long maxMs = max == null ? EnsembleConfig.DEFAULT_MAX_NOTIFICATION_INTERVAL.toMillis() : v.longValue(max, 1, Integer.MAX_VALUE);
        if (minMs > maxMs) {
            PropertiesReader.Entry at = max != null ? max : min;
            throw v.error(at, "fastleader.minNotificationInterval (" + minMs + " ms) exceeds "
                    + "fastleader.maxNotificationInterval (" + maxMs + " ms)");
        }
        b.minNotificationInterval(java.time.Duration.ofMillis(minMs));
        b.maxNotificationInterval(java.time.Duration.ofMillis(maxMs));
    }
}
