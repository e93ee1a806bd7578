/** The Ballot side of the comparison: {@code NettyQuorumTransport} + {@code Election} per peer. */
package dev.ballot.bench.ballot;
