/** Opt-in measurements (not run by default). */
package dev.ballot.election.bench;
