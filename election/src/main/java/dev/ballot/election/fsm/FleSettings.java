package dev.ballot.election.fsm;

import dev.ballot.core.quorum.QuorumVerifier;
import java.time.Duration;
import java.util.Objects;

/**
 * What the state machine needs to know, fixed for its lifetime (the public counterpart with
 * defaults and config keys is {@code dev.ballot.election.ElectionConfig}). Immutable.
 *
 * @param myId                    this peer's sid
 * @param quorum                  the committed configuration
 * @param finalizeWait            the finalize wait (docs/protocol.md "A LOOKING notification" step 7), ZooKeeper: 200 ms
 * @param minNotificationInterval the first notification wait (docs/protocol.md "Timers"), ZooKeeper: 200 ms
 * @param maxNotificationInterval the cap of the doubling wait, ZooKeeper: 60 s
 * @param decideWhenAllVoted      decide without the finalize wait when every voter proposed our proposal or its
 *                                link is known down (see {@code FleRules.allReachableVoted})
 * @param notificationJitter      add 0-25 % deterministic jitter to notification waits (off = ZooKeeper timing)
 * @param connectTimeout          after this long from the first election's start, a voter whose link never came
 *                                up counts as known down for {@code decideWhenAllVoted} (the transport's connect
 *                                timeout, ZooKeeper's {@code cnxTimeout}: 5 s)
 */
public record FleSettings(long myId, QuorumVerifier quorum, Duration finalizeWait, Duration minNotificationInterval,
                          Duration maxNotificationInterval, boolean decideWhenAllVoted, boolean notificationJitter,
                          Duration connectTimeout) {

    /** The transport's default connect timeout (ZooKeeper's {@code cnxTimeout}). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Settings with the {@linkplain #DEFAULT_CONNECT_TIMEOUT default connect timeout}. */
    public FleSettings(long myId, QuorumVerifier quorum, Duration finalizeWait, Duration minNotificationInterval,
                       Duration maxNotificationInterval, boolean decideWhenAllVoted, boolean notificationJitter) {
        this(myId, quorum, finalizeWait, minNotificationInterval, maxNotificationInterval, decideWhenAllVoted,
                notificationJitter, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * How long a round waits before deciding when every voter agreed except those whose link is known down: a
     * twentieth of the finalize wait (10 ms by ZooKeeper's 200 ms). A voter counted down may be restarting;
     * if it comes back within the grace, its vote (or a voter that switched to it) reaches this peer first.
     */
    public Duration reachableGrace() {
        return finalizeWait.dividedBy(20);
    }

    public FleSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connectTimeout must be >= 0, got " + connectTimeout);
        }
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(finalizeWait, "finalizeWait");
        Objects.requireNonNull(minNotificationInterval, "minNotificationInterval");
        Objects.requireNonNull(maxNotificationInterval, "maxNotificationInterval");
        if (!quorum.allMembers().containsKey(myId)) {
            throw new IllegalArgumentException("myId " + myId + " is not a member of " + quorum);
        }
        if (finalizeWait.isNegative() || minNotificationInterval.isNegative() || minNotificationInterval.isZero()) {
            throw new IllegalArgumentException("finalizeWait must be >= 0 and minNotificationInterval > 0, got "
                    + finalizeWait + " and " + minNotificationInterval);
        }
        if (maxNotificationInterval.compareTo(minNotificationInterval) < 0) {
            throw new IllegalArgumentException("maxNotificationInterval " + maxNotificationInterval
                    + " is below minNotificationInterval " + minNotificationInterval);
        }
    }
}
