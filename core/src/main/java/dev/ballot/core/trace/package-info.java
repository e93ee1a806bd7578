/**
 * Election traces: one structured {@link dev.ballot.core.trace.TraceEvent} per step an election or
 * its connection layer takes, a {@link dev.ballot.core.trace.TraceSink} to collect them (off by
 * default: {@link dev.ballot.core.trace.TraceSink#NOOP}), a bounded
 * {@link dev.ballot.core.trace.RingBufferTraceSink}. Events are plain records: their JSON-lines form
 * (how traces are stored and served) lives in the server module, where Jackson is
 * ({@code dev.ballot.server.trace.TraceJson}).
 *
 * <p>Emitters use a {@link dev.ballot.core.trace.Tracer}, which binds the local sid, a monotonic
 * ticker and a sink, and builds an event only when the sink is enabled. Nothing here reads a clock.
 * Depends on the JDK only.
 */
package dev.ballot.core.trace;
