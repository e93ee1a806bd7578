package dev.ballot.election;

import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.fsm.FleSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The election's settings (convention 13). Immutable; validated on construction, so
 * {@link Builder#build()} fails with the field, the value and the rule.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>field</th><th>default</th><th>zoo.cfg key / ZooKeeper name</th></tr>
 *   <tr><td>{@code finalizeWait}</td><td>200 ms</td><td>{@code ballot.election.finalizeWait} (ZooKeeper: constant {@code finalizeWait})</td></tr>
 *   <tr><td>{@code minNotificationInterval}</td><td>200 ms</td><td>{@code fastleader.minNotificationInterval}</td></tr>
 *   <tr><td>{@code maxNotificationInterval}</td><td>60 s</td><td>{@code fastleader.maxNotificationInterval}</td></tr>
 *   <tr><td>{@code decideWhenAllVoted}</td><td>true</td><td>{@code ballot.election.decideWhenAllVoted}</td></tr>
 *   <tr><td>{@code notificationJitter}</td><td>false</td><td>none (embedding API only)</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>5 s</td><td>{@code cnxTimeout} (the transport's connect timeout)</td></tr>
 * </table>
 *
 * @param myId                    this peer's sid ({@code myid}); must be a member of {@code quorum}
 * @param quorum                  the committed configuration ({@code server.N}, {@code group.N}, {@code weight.N})
 * @param finalizeWait            how long a LOOKING quorum waits for a better vote before deciding (docs/protocol.md "A LOOKING notification")
 * @param minNotificationInterval the first wait before re-broadcasting (docs/protocol.md "Timers")
 * @param maxNotificationInterval the cap of the doubling wait (docs/protocol.md "Timers")
 * @param decideWhenAllVoted      decide at once, without the finalize wait, when every voter either proposed our
 *                                proposal in this round or has a link known to be down (README "election",
 *                                decision rule); off gives ZooKeeper's exact timing
 * @param notificationJitter      add 0-25 % jitter to notification waits (off: ZooKeeper's timing)
 * @param connectTimeout          a voter whose link never came up counts as down this long after the first
 *                                election started (match the transport's connect timeout)
 */
public record ElectionConfig(long myId, QuorumVerifier quorum, Duration finalizeWait,
                             Duration minNotificationInterval, Duration maxNotificationInterval,
                             boolean decideWhenAllVoted, boolean notificationJitter, Duration connectTimeout) {

    /** The settings before {@code connectTimeout} existed; it takes {@link FleSettings#DEFAULT_CONNECT_TIMEOUT}. */
    public ElectionConfig(long myId, QuorumVerifier quorum, Duration finalizeWait, Duration minNotificationInterval,
                          Duration maxNotificationInterval, boolean decideWhenAllVoted, boolean notificationJitter) {
        this(myId, quorum, finalizeWait, minNotificationInterval, maxNotificationInterval, decideWhenAllVoted,
                notificationJitter, FleSettings.DEFAULT_CONNECT_TIMEOUT);
    }

    /** ZooKeeper's {@code finalizeWait}. */
    public static final Duration DEFAULT_FINALIZE_WAIT = Duration.ofMillis(200);
    /** ZooKeeper's {@code zookeeper.fastleader.minNotificationInterval} default. */
    public static final Duration DEFAULT_MIN_NOTIFICATION_INTERVAL = Duration.ofMillis(200);
    /** ZooKeeper's {@code zookeeper.fastleader.maxNotificationInterval} default. */
    public static final Duration DEFAULT_MAX_NOTIFICATION_INTERVAL = Duration.ofSeconds(60);
    /** Default of {@code ballot.election.decideWhenAllVoted}. */
    public static final boolean DEFAULT_DECIDE_WHEN_ALL_VOTED = true;

    public ElectionConfig {
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(finalizeWait, "finalizeWait");
        Objects.requireNonNull(minNotificationInterval, "minNotificationInterval");
        Objects.requireNonNull(maxNotificationInterval, "maxNotificationInterval");
        new FleSettings(myId, quorum, finalizeWait, minNotificationInterval, maxNotificationInterval,
                decideWhenAllVoted, notificationJitter, connectTimeout); // validates
    }

    /** The settings of {@code cfg} for sid {@code myId}. */
    public static ElectionConfig from(EnsembleConfig cfg, long myId) {
        return builder().myId(myId).quorum(cfg.quorum()).finalizeWait(cfg.finalizeWait())
                .minNotificationInterval(cfg.minNotificationInterval())
                .maxNotificationInterval(cfg.maxNotificationInterval())
                .decideWhenAllVoted(cfg.decideWhenAllVoted()).connectTimeout(cfg.cnxTimeout()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    FleSettings fleSettings() {
        return new FleSettings(myId, quorum, finalizeWait, minNotificationInterval, maxNotificationInterval,
                decideWhenAllVoted, notificationJitter, connectTimeout);
    }

    /** A builder with every default set; {@code myId} and {@code quorum} are required. */
    public static final class Builder {
        private long myId;
        private QuorumVerifier quorum;
        private Duration finalizeWait = DEFAULT_FINALIZE_WAIT;
        private Duration minNotificationInterval = DEFAULT_MIN_NOTIFICATION_INTERVAL;
        private Duration maxNotificationInterval = DEFAULT_MAX_NOTIFICATION_INTERVAL;
        private boolean decideWhenAllVoted = DEFAULT_DECIDE_WHEN_ALL_VOTED;
        private boolean notificationJitter;
        private Duration connectTimeout = FleSettings.DEFAULT_CONNECT_TIMEOUT;

        private Builder() {
        }

        public Builder myId(long v) { this.myId = v; return this; }
        public Builder quorum(QuorumVerifier v) { this.quorum = v; return this; }
        public Builder finalizeWait(Duration v) { this.finalizeWait = v; return this; }
        public Builder minNotificationInterval(Duration v) { this.minNotificationInterval = v; return this; }
        public Builder maxNotificationInterval(Duration v) { this.maxNotificationInterval = v; return this; }
        public Builder decideWhenAllVoted(boolean v) { this.decideWhenAllVoted = v; return this; }
        public Builder notificationJitter(boolean v) { this.notificationJitter = v; return this; }
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }

        /** @throws IllegalArgumentException naming the field, value and rule */
        public ElectionConfig build() {
            return new ElectionConfig(myId, quorum, finalizeWait, minNotificationInterval, maxNotificationInterval,
                    decideWhenAllVoted, notificationJitter, connectTimeout);
        }
    }
}
