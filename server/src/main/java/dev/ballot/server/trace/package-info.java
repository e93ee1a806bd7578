/**
 * Drawing election traces: {@link dev.ballot.server.trace.TraceRenderer} turns a list of
 * {@link dev.ballot.core.trace.TraceEvent}s into a sequence diagram (Mermaid text or SVG) and a
 * per-election summary table (Markdown); {@link dev.ballot.server.trace.TraceCommand} is the
 * {@code ballot-server trace render FILE} command line.
 */
package dev.ballot.server.trace;
