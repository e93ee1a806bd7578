package dev.ballot.transport.netty.handler;

/** Which side opened a quorum connection, seen from this peer. */
public enum Direction {
    /** The remote peer dialed us; we read its initial message. */
    INBOUND,
    /** We dialed the remote peer and sent our initial message. */
    OUTBOUND
}
