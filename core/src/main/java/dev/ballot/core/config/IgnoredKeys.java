package dev.ballot.core.config;

import java.util.List;
import java.util.Set;

/**
 * The zoo.cfg keys ZooKeeper 3.9 knows but Ballot does not use. The parser lists them in one INFO line
 * and goes on; none is fatal. Stateless.
 */
final class IgnoredKeys {
    private static final Set<String> EXACT = Set.of(
            "clientPort", "clientPortAddress", "secureClientPort", "secureClientPortAddress", "clientPortListenBacklog",
            "dataLogDir", "maxClientCnxns", "maxCnxns", "minSessionTimeout", "maxSessionTimeout",
            "localSessionsEnabled", "localSessionsUpgradingEnabled", "syncEnabled", "observerMasterPort",
            "connectToLearnerMasterLimit", "reconfigEnabled", "oraclePath", "quorum.cnxn.threads.size",
            "sslQuorumReloadCertFiles", "multiAddress.reachabilityCheckEnabled",
            "multiAddress.reachabilityCheckTimeoutMs", "electionPortBindRetry", "tcpKeepAlive", "quorumCnxnTimeoutMs",
            "leader.maxTimeToWaitForEpoch", "fips-mode", "db.autocreate", "snapCount", "snapSizeLimitInKb",
            "txnLogSizeLimitInKb", "preAllocSize", "forceSync", "globalOutstandingLimit", "serverCnxnFactory",
            "skipACL", "leaderServes", "initLimit.connectToLearnerMaster", "audit.enable", "authProvider",
            "admin.commandURL", "admin.idleTimeout", "admin.portUnification", "admin.forceHttps",
            "admin.needClientAuth", "enforceQuota", "readonlymode.enabled",
            "observer.reconnectDelayMs", "observer.election.DelayMs");

    private static final List<String> PREFIXES = List.of(
            "autopurge.", "4lw.", "metricsProvider.", "quorum.auth.", "ssl.", "authProvider.", "jvm.pause.",
            "zookeeper.", "jute.", "znode.", "learner.", "follower.", "leader.", "netty.", "admin.",
            "client.", "digest.", "snapshot.", "sessionRequireClientSASLAuth", "kerberos.");

    /** Full names under {@link #PREFIXES} that users write, offered when they mistype one. */
    private static final Set<String> PREFIXED_NAMES = Set.of("autopurge.purgeInterval", "autopurge.snapRetainCount",
            "4lw.commands.whitelist", "metricsProvider.className", "metricsProvider.httpHost",
            "metricsProvider.httpPort", "metricsProvider.exportJvmInfo", "ssl.keyStore.location",
            "ssl.trustStore.location", "jute.maxbuffer", "quorum.auth.enableSasl");

    private IgnoredKeys() {
    }

    /** Whether ZooKeeper knows {@code key} (Ballot reads the keys it uses before asking). */
    static boolean isZooKeeperKey(String key) {
        return EXACT.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** The known keys by name, for suggestions (the prefix families by their common members). */
    static Set<String> names() {
        Set<String> all = new java.util.HashSet<>(EXACT);
        all.addAll(PREFIXED_NAMES);
        return all;
    }
}
