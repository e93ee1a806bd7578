/** JMH microbenchmarks for election tracing: what an emission point costs when tracing is off and on. */
package dev.ballot.bench.trace;
