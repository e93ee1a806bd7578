/**
 * Persisted election state: the {@code currentEpoch} and {@code acceptedEpoch} files under
 * {@code <dataDir>/version-2/}, in ZooKeeper's format (spec §5.1).
 */
package dev.ballot.core.store;
