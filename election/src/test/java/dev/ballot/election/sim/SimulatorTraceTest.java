package dev.ballot.election.sim;

import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.election.TraceInvariants;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeded simulator, running one {@code ElectionCore} per peer as the driver runs it,
 * emits traces that keep {@link TraceInvariants}: with faults (crashes, partitions, loss) and
 * without, in every ensemble size it draws.
 */
class SimulatorTraceTest {

    @Test
    void seededRunsWithAndWithoutFaults_traceWhatTheyDecide() {
        long decidedElections = 0;
        for (long seed = 1; seed <= 60; seed++) {
            RingBufferTraceSink sink = new RingBufferTraceSink(1 << 18);
            Simulation.Result r = new Simulation(seed, seed % 2 == 0, seed % 3 != 0).traceInto(sink).run();
            assertEquals(List.of(), r.violations());
            assertEquals(0, sink.overwritten(), "seed " + seed + ": the ring held the whole run");
            List<TraceEvent> trace = sink.snapshot();
            List<TraceInvariants.Segment> decided = TraceInvariants.check(trace);
            assertTrue(decided.size() >= r.size(), "seed " + seed + ": every member decides at least once, "
                    + decided.size() + " decisions traced for " + r.size() + " peers");
            decidedElections += decided.size();
        }
        assertTrue(decidedElections >= 180, "decisions traced: " + decidedElections);
    }
}
