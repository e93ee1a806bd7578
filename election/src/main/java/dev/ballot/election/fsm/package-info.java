/**
 * FastLeaderElection (spec §4) as a pure state machine: no threads, clocks, I/O or Netty.
 *
 * <p>{@link dev.ballot.election.fsm.ElectionStateMachine} takes inputs (a decoded notification, a
 * timer firing with its generation, peer up/down, "start looking", "set state") and returns an
 * immutable {@link dev.ballot.election.fsm.Output}: notifications to send, timers to arm or cancel,
 * an optional decision and trace lines. Each rule of the spec is a small function in
 * {@link dev.ballot.election.fsm.FleRules}, tested with a table. The driver in
 * {@code dev.ballot.election} runs this code on one executor; the simulator in the test tree runs
 * the same code on a virtual clock. A source-scan test enforces the import ban.
 */
package dev.ballot.election.fsm;
