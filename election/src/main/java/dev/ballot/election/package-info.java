/**
 * The embedding API of Ballot's election: {@link dev.ballot.election.Election} (builder, lifecycle,
 * futures), {@link dev.ballot.election.ElectionConfig}, {@link dev.ballot.election.ElectionListener},
 * {@link dev.ballot.election.ElectionResult} and {@link dev.ballot.election.ElectionStats}. The
 * driver runs the pure state machine of {@code dev.ballot.election.fsm} on one Netty
 * {@code EventExecutor}; every input hops onto it, timers are scheduled tasks, nothing blocks.
 */
package dev.ballot.election;
