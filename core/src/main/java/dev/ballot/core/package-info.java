/**
 * Ballot's model: peer states, votes, FLE's total order and notifications. Depends on the JDK only.
 */
package dev.ballot.core;
