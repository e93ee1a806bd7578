/**
 * FastLeaderElection (docs/protocol.md "4. Fast Leader Election") as a pure state machine: no threads, clocks, I/O or Netty.
 *
 * <p>{@link dev.ballot.election.fsm.ElectionStateMachine} takes inputs (a decoded notification, a
 * timer firing with its generation, peer up/down, "start looking", "set state") and returns an
 * immutable {@link dev.ballot.election.fsm.Output}: what happened, as typed
 * {@link dev.ballot.election.fsm.ElectionEvent}s in order (notifications to send among them), and
 * timers to arm or cancel. Each rule of the spec is a small function in
 * {@link dev.ballot.election.fsm.FleRules}, tested with a table. The stepping core
 * {@code dev.ballot.election.ElectionCore} carries out outputs for both of its runners: the driver
 * on one executor and the simulator in the test tree on a virtual clock. A source-scan test enforces the import ban.
 */
package dev.ballot.election.fsm;
