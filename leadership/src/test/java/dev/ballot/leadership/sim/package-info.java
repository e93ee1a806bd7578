/**
 * The whole-peer deterministic simulator: each simulated peer runs the production {@code ElectionCore}, the
 * real {@code LeaderSession}/{@code FollowerSession} and {@code PeerCycle}, driven as {@code QuorumPeer} and its
 * roles drive them, over a simulated election network, quorum-port connections and disk, on virtual time with
 * drifting clocks (README "The whole-peer simulator").
 */
package dev.ballot.leadership.sim;
