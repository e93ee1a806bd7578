/**
 * Ballot's quorum-port protocol: after an election, the leader establishes a new epoch with a
 * quorum of followers and keeps them with heartbeats. Pure state machines ({@link
 * dev.ballot.leadership.quorum.LeaderSession}, {@link dev.ballot.leadership.quorum.FollowerSession}), the
 * message codec, and the Netty glue that runs them on a peer's event loop.
 */
package dev.ballot.leadership.quorum;
