/**
 * One benchmark cell in its own JVM: the {@link dev.ballot.bench.cell.Ensemble} abstraction both systems
 * implement, the scenarios that drive it, the process probes, and the result line sent to the runner.
 */
package dev.ballot.bench.cell;
