package dev.ballot.core.trace;

/**
 * Where trace events go.
 *
 * <p>Emitters check {@link #enabled()} before they build an event, so a disabled sink costs one
 * interface call and no allocation; {@link Tracer} does that check for them.
 *
 * <p><b>Threading.</b> Implementations must be thread-safe and must not block: {@link #record} is
 * called from election executors and transport event loops.
 */
public interface TraceSink {

    /** A sink that is never enabled and drops everything: tracing off. */
    TraceSink NOOP = new TraceSink() {
        @Override
        public void record(TraceEvent event) {
            // tracing is off
        }

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public String toString() {
            return "TraceSink.NOOP";
        }
    };

    /** Takes one event. Must not block. */
    void record(TraceEvent event);

    /** Whether events should be built and recorded at all. */
    boolean enabled();
}
