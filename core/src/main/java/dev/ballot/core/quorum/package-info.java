/** Quorum verifiers (majority, hierarchical) and ZooKeeper's configuration text. */
package dev.ballot.core.quorum;
