package dev.ballot.core.config;

import dev.ballot.core.LearnerType;
import dev.ballot.core.quorum.QuorumVerifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code zoo.cfg} (docs/protocol.md "zoo.cfg keys"): the ensemble and every setting Ballot reads from it.
 * Immutable; build it with {@link #builder()} or {@link ZooCfgParser}.
 *
 * @param source                  the file it was read from, if any (for messages)
 * @param dataDir                 {@code dataDir}: holds {@code myid} and {@code version-2/currentEpoch|acceptedEpoch}
 * @param tickTime                {@code tickTime} (ms in zoo.cfg), default {@link #DEFAULT_TICK_TIME}
 * @param initLimit               {@code initLimit}, in ticks (required by ZooKeeper; Ballot defaults to 10)
 * @param syncLimit               {@code syncLimit}, in ticks (required by ZooKeeper; Ballot defaults to 5)
 * @param quorum                  the committed configuration: {@code server.N}, {@code group.N}, {@code weight.N}
 * @param peerType                {@code peerType}; the {@code server.<myid>} line wins when they disagree
 * @param cnxTimeout              {@code cnxTimeout} (ms), TCP connect timeout for election connections, default 5 s
 * @param quorumListenOnAllIPs    {@code quorumListenOnAllIPs}: bind the wildcard address on the election port
 * @param multiAddressEnabled     {@code multiAddress.enabled}: send the V2 initial message with every address
 * @param adminServerEnabled      {@code admin.enableServer}, default true
 * @param adminServerAddress      {@code admin.serverAddress}, default {@code 0.0.0.0}
 * @param adminServerPort         {@code admin.serverPort}, default 8080
 * @param tls                     {@code sslQuorum}, {@code portUnification}, {@code ssl.quorum.*}
 * @param finalizeWait            {@code ballot.election.finalizeWait} (ms), default 200 ms (ZooKeeper's constant)
 * @param minNotificationInterval {@code fastleader.minNotificationInterval} (ms), default 200 ms
 * @param maxNotificationInterval {@code fastleader.maxNotificationInterval} (ms), default 60 s
 * @param decideWhenAllVoted      {@code ballot.election.decideWhenAllVoted}, default true
 * @param acceptUnknownSids       {@code ballot.quorum.acceptUnknownSids}, default false
 * @param checkPeerAddress        {@code ballot.quorum.checkPeerAddress}: refuse an election connection claiming sid N
 *                                from an address that is not one of {@code server.N}'s, default false
 * @param adminHttp               {@code ballot.admin.*}: the admin HTTP server's limits, default {@link AdminHttpSettings#DEFAULTS}
 */
public record EnsembleConfig(Optional<Path> source, Path dataDir, Duration tickTime, int initLimit, int syncLimit,
                             QuorumVerifier quorum, LearnerType peerType, Duration cnxTimeout,
                             boolean quorumListenOnAllIPs, boolean multiAddressEnabled,
                             boolean adminServerEnabled, String adminServerAddress, int adminServerPort,
                             QuorumTlsConfig tls, Duration finalizeWait, Duration minNotificationInterval,
                             Duration maxNotificationInterval, boolean decideWhenAllVoted, boolean acceptUnknownSids,
                             boolean checkPeerAddress, AdminHttpSettings adminHttp) {

    public static final Duration DEFAULT_TICK_TIME = Duration.ofMillis(3000);
    public static final int DEFAULT_INIT_LIMIT = 10;
    public static final int DEFAULT_SYNC_LIMIT = 5;
    public static final Duration DEFAULT_CNX_TIMEOUT = Duration.ofMillis(5000);
    public static final int DEFAULT_ADMIN_PORT = 8080;
    public static final String DEFAULT_ADMIN_ADDRESS = "0.0.0.0";
    public static final Duration DEFAULT_FINALIZE_WAIT = Duration.ofMillis(200);
    public static final Duration DEFAULT_MIN_NOTIFICATION_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_NOTIFICATION_INTERVAL = Duration.ofMillis(60_000);

    public EnsembleConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tickTime, "tickTime");
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(peerType, "peerType");
        Objects.requireNonNull(cnxTimeout, "cnxTimeout");
        Objects.requireNonNull(adminServerAddress, "adminServerAddress");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(adminHttp, "adminHttp");
        Objects.requireNonNull(finalizeWait, "finalizeWait");
        Objects.requireNonNull(minNotificationInterval, "minNotificationInterval");
        Objects.requireNonNull(maxNotificationInterval, "maxNotificationInterval");
    }

    /** This configuration with {@code type} as this peer's learner type. */
    public EnsembleConfig withPeerType(LearnerType type) {
        return new EnsembleConfig(source, dataDir, tickTime, initLimit, syncLimit, quorum, type, cnxTimeout,
                quorumListenOnAllIPs, multiAddressEnabled, adminServerEnabled, adminServerAddress, adminServerPort, tls,
                finalizeWait, minNotificationInterval, maxNotificationInterval, decideWhenAllVoted, acceptUnknownSids,
                checkPeerAddress, adminHttp);
    }

    /** This configuration with {@code dir} as the data directory. */
    public EnsembleConfig withDataDir(Path dir) {
        return new EnsembleConfig(source, dir, tickTime, initLimit, syncLimit, quorum, peerType, cnxTimeout,
                quorumListenOnAllIPs, multiAddressEnabled, adminServerEnabled, adminServerAddress, adminServerPort, tls,
                finalizeWait, minNotificationInterval, maxNotificationInterval, decideWhenAllVoted, acceptUnknownSids,
                checkPeerAddress, adminHttp);
    }

    /** {@code syncLimit * tickTime}: silence a follower tolerates, and ZooKeeper's handshake socket timeout. */
    public Duration syncTimeout() {
        return tickTime.multipliedBy(syncLimit);
    }

    /** {@code initLimit * tickTime}: the budget for connecting to a leader and agreeing on an epoch. */
    public Duration initTimeout() {
        return tickTime.multipliedBy(initLimit);
    }

    /** The {@code server.N} entry of {@code sid}, if configured. */
    public Optional<QuorumServer> server(long sid) {
        return Optional.ofNullable(quorum.allMembers().get(sid));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with every default set; {@link #dataDir} and {@link #quorum} are required. */
    public static final class Builder {
        private Optional<Path> source = Optional.empty();
        private Path dataDir;
        private Duration tickTime = DEFAULT_TICK_TIME;
        private int initLimit = DEFAULT_INIT_LIMIT;
        private int syncLimit = DEFAULT_SYNC_LIMIT;
        private QuorumVerifier quorum;
        private LearnerType peerType = LearnerType.PARTICIPANT;
        private Duration cnxTimeout = DEFAULT_CNX_TIMEOUT;
        private boolean quorumListenOnAllIPs;
        private boolean multiAddressEnabled;
        private boolean adminServerEnabled = true;
        private String adminServerAddress = DEFAULT_ADMIN_ADDRESS;
        private int adminServerPort = DEFAULT_ADMIN_PORT;
        private QuorumTlsConfig tls = QuorumTlsConfig.DISABLED;
        private Duration finalizeWait = DEFAULT_FINALIZE_WAIT;
        private Duration minNotificationInterval = DEFAULT_MIN_NOTIFICATION_INTERVAL;
        private Duration maxNotificationInterval = DEFAULT_MAX_NOTIFICATION_INTERVAL;
        private boolean decideWhenAllVoted = true;
        private boolean acceptUnknownSids;
        private boolean checkPeerAddress;
        private AdminHttpSettings adminHttp = AdminHttpSettings.DEFAULTS;

        private Builder() {
        }

        public Builder source(Path v) { this.source = Optional.ofNullable(v); return this; }
        public Builder dataDir(Path v) { this.dataDir = v; return this; }
        public Builder tickTime(Duration v) { this.tickTime = v; return this; }
        public Builder initLimit(int v) { this.initLimit = v; return this; }
        public Builder syncLimit(int v) { this.syncLimit = v; return this; }
        public Builder quorum(QuorumVerifier v) { this.quorum = v; return this; }
        public Builder peerType(LearnerType v) { this.peerType = v; return this; }
        public Builder cnxTimeout(Duration v) { this.cnxTimeout = v; return this; }
        public Builder quorumListenOnAllIPs(boolean v) { this.quorumListenOnAllIPs = v; return this; }
        public Builder multiAddressEnabled(boolean v) { this.multiAddressEnabled = v; return this; }
        public Builder adminServerEnabled(boolean v) { this.adminServerEnabled = v; return this; }
        public Builder adminServerAddress(String v) { this.adminServerAddress = v; return this; }
        public Builder adminServerPort(int v) { this.adminServerPort = v; return this; }
        public Builder tls(QuorumTlsConfig v) { this.tls = v; return this; }
        public Builder finalizeWait(Duration v) { this.finalizeWait = v; return this; }
        public Builder minNotificationInterval(Duration v) { this.minNotificationInterval = v; return this; }
        public Builder maxNotificationInterval(Duration v) { this.maxNotificationInterval = v; return this; }
        public Builder decideWhenAllVoted(boolean v) { this.decideWhenAllVoted = v; return this; }
        public Builder acceptUnknownSids(boolean v) { this.acceptUnknownSids = v; return this; }
        public Builder checkPeerAddress(boolean v) { this.checkPeerAddress = v; return this; }
        public Builder adminHttp(AdminHttpSettings v) { this.adminHttp = v; return this; }

        public EnsembleConfig build() {
            return new EnsembleConfig(source, dataDir, tickTime, initLimit, syncLimit, quorum, peerType, cnxTimeout,
                    quorumListenOnAllIPs, multiAddressEnabled, adminServerEnabled, adminServerAddress, adminServerPort,
                    tls, finalizeWait, minNotificationInterval, maxNotificationInterval, decideWhenAllVoted,
                    acceptUnknownSids, checkPeerAddress, adminHttp);
        }
    }
}
