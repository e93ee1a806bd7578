/**
 * The transport SPI the election talks to: {@link dev.ballot.core.transport.Transport} and its
 * listener. No Netty types appear here.
 */
package dev.ballot.core.transport;
