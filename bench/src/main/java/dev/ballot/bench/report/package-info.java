/** Turns cell results into {@code report.md}, {@code results.csv} and JFreeChart PNG charts. */
package dev.ballot.bench.report;
