package dev.ballot.core.config;

import java.util.List;
import java.util.Set;

/**
 * The zoo.cfg keys ZooKeeper 3.9 knows but Ballot does not use. The parser reports each at WARN and
 * goes on; none is fatal. Stateless.
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

    private IgnoredKeys() {
    }

    /** Whether ZooKeeper knows {@code key} (Ballot reads the keys it uses before asking). */
    static boolean isZooKeeperKey(String key) {
        return EXACT.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
    }
}
