/** The picocli commands of {@code ballot-server.jar}: {@code run}, {@code local}, {@code status}. */
package dev.ballot.server.cli;
