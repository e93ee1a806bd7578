/** The README's embedding example: an HTTP /leader service sharing one EventLoopGroup with transport and election. */
package dev.ballot.election.embed;
