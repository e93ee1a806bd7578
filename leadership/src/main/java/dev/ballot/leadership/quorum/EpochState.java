package dev.ballot.leadership.quorum;

/**
 * A peer's durable epoch state as a role starts: the two epoch files and the last zxid (docs/protocol.md "Start-up").
 *
 * @param acceptedEpoch the accepted epoch (last epoch acked to a leader)
 * @param currentEpoch  the current epoch (last epoch established)
 * @param lastZxid      the last zxid (Ballot has no transactions: {@code currentEpoch << 32})
 */
public record EpochState(long acceptedEpoch, long currentEpoch, long lastZxid) {
}
