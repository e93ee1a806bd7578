/** The deterministic simulator and shared election test fixtures (virtual time, seeded faults, invariants (a)-(e), ensembles for the scenario suite); published in the test-jar. */
package dev.ballot.election.sim;
