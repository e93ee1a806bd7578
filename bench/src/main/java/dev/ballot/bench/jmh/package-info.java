/** JMH microbenchmarks (codec, handshake, frame path) and the {@code jmh} command that runs them. */
package dev.ballot.bench.jmh;
