/** The embedding API of Ballot's election: builder, lifecycle, listener. */
package dev.ballot.election;
