package dev.ballot.election.fsm;

import java.util.OptionalLong;

/**
 * What Ballot does with the config version in a received notification (docs/protocol.md "The config payload", docs/protocol.md "What Ballot sends"). ZooKeeper
 * restarts its whole election when a LOOKING server sees a higher version with different members;
 * Ballot does not reconfigure, so it never restarts and never advertises a version other than its
 * committed one (so it cannot push a ZooKeeper peer into a restart unless its own committed version
 * is higher, which {@link Action#PEER_OLDER} reports).
 */
public final class ConfigVersionRule {

    /** The outcome for one received config. */
    public enum Action {
        /** No config, or the same version: nothing to do. */
        NONE,
        /** The sender's version is higher: ignored (ZooKeeper would restart if LOOKING; Ballot never does). */
        IGNORE_NEWER,
        /** The sender's version is lower: our notifications could restart a LOOKING ZooKeeper sender. */
        PEER_OLDER,
        /** The text has no parsable {@code version=} line: ignored (ZooKeeper ignores a config it cannot parse). */
        UNPARSABLE
    }

    private ConfigVersionRule() {
    }

    /** Classifies a received config text against the committed version. */
    public static Action classify(long committedVersion, String receivedText, boolean present) {
        return present ? classify(committedVersion, parseVersion(receivedText)) : Action.NONE;
    }

    /** Classifies the version parsed from a received config text ({@link #parseVersion}) against the committed one. */
    public static Action classify(long committedVersion, OptionalLong received) {
        if (received.isEmpty()) {
            return Action.UNPARSABLE;
        }
        long v = received.getAsLong();
        return v > committedVersion ? Action.IGNORE_NEWER : v < committedVersion ? Action.PEER_OLDER : Action.NONE;
    }

    /** The value of the {@code version=<hex>} line of a config text, if there is exactly a parsable one. */
    public static OptionalLong parseVersion(String text) {
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("version=")) {
                try {
                    return OptionalLong.of(Long.parseUnsignedLong(l.substring("version=".length()).strip(), 16));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
