/**
 * Persisted election state: the {@code currentEpoch} and {@code acceptedEpoch} files under
 * {@code <dataDir>/version-2/}, in ZooKeeper's format (docs/protocol.md "Start-up").
 */
package dev.ballot.core.store;
