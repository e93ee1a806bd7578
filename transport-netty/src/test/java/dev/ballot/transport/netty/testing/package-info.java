/** Test fixtures for transports on loopback: port reservation, a recording listener, deadline polling. */
package dev.ballot.transport.netty.testing;
