/** The ensemble configuration: typed records and the {@code zoo.cfg} parser. */
package dev.ballot.core.config;
