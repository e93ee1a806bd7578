package dev.ballot.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One FLE notification as it travels between peers (docs/protocol.md "Notification layout"). The sender's sid is not part of
 * the payload; the transport pairs it with the connection's sid.
 *
 * @param state         sender's state
 * @param leader        proposed or known leader
 * @param zxid          that leader's last zxid as the sender knows it
 * @param electionEpoch the sender's round (meaning depends on the reply type, docs/protocol.md "Receiving a notification")
 * @param peerEpoch     epoch of the proposed leader
 * @param version       format version: 0 for the 28- and 40-byte legacy forms, else the value read (any int;
 *                      2 and above carry a config)
 * @param config        the sender's committed configuration text (docs/protocol.md "The config payload"); empty when absent
 *                      (legacy forms, version &lt;= 1)
 */
public record Notification(PeerState state, long leader, long zxid, long electionEpoch, long peerEpoch,
                           int version, String config) {

    /** The format version Ballot writes, as ZooKeeper 3.5+ does. */
    public static final int CURRENT_VERSION = 2;

    public Notification {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(config, "config");
    }

    /** A version-2 notification. */
    public static Notification of(PeerState state, long leader, long zxid, long electionEpoch, long peerEpoch,
                                  String config) {
        return new Notification(state, leader, zxid, electionEpoch, peerEpoch, CURRENT_VERSION, config);
    }

    /** The config text, if the sender included one (version 2 and later). */
    public Optional<String> configIfPresent() {
        return version >= CURRENT_VERSION ? Optional.of(config) : Optional.empty();
    }

    /**
     * The vote this notification carries, with the notification's state and version. A negative
     * version (a 41+-byte payload may carry any int) becomes 0: vote equality only asks whether the
     * version is {@code > 0} (docs/protocol.md "Vote equality"), so that changes nothing.
     */
    public Vote vote() {
        return new Vote(leader, zxid, electionEpoch, peerEpoch, state, Math.max(0, version));
    }
}
