/** The {@code ballot-bench} command line. */
package dev.ballot.bench;
