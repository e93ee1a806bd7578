/** The {@code compare} command: plans the cells, runs each in a fresh JVM, and writes the report. */
package dev.ballot.bench.compare;
