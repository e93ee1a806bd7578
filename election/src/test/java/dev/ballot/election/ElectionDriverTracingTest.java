package dev.ballot.election;

import dev.ballot.core.PeerState;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.Decided;
import dev.ballot.core.trace.TraceEvent.ElectionStarted;
import dev.ballot.election.sim.Quorums;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver ({@code Election.builder().traceSink(...)}) traces a real election with the same events
 * as the simulation ({@link TraceSimulation}): both are checked against one set of invariants.
 */
class ElectionDriverTracingTest {
    private static final Duration PATIENT_FINALIZE_WAIT = Duration.ofSeconds(2);

    @Test
    void driverAndSimulation_traceTheSameElectionShape() throws Exception {
        QuorumVerifier q = Quorums.majority(3);
        RingBufferTraceSink sink = new RingBufferTraceSink(1 << 14);
        List<Election> elections = new ArrayList<>();
        List<ElectionResult> results = new ArrayList<>();
        InMemoryNetwork net = new InMemoryNetwork();
        try {
            for (long sid = 1; sid <= 3; sid++) {
                // peer 3 must win: a finalize wait long enough for its vote to arrive even when its executor
                // thread gets the CPU late (FLE legitimately elects 2 without it after 200 ms)
                ElectionConfig cfg = ElectionConfig.builder().myId(sid).quorum(q).decideWhenAllVoted(false)
                        .finalizeWait(PATIENT_FINALIZE_WAIT).build();
                elections.add(Election.builder().config(cfg).transport(net.transport(sid)).traceSink(sink).build());
            }
            CompletableFuture.allOf(elections.stream().map(Election::start).toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
            List<CompletableFuture<ElectionResult>> decided = elections.stream().map(Election::lookForLeader).toList();
            for (CompletableFuture<ElectionResult> f : decided) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
        } finally {
            elections.forEach(Election::close);
            net.close();
        }
        List<TraceEvent> driverTrace = sink.snapshot();
        assertElectionShape(driverTrace, 3, 3);
        for (int i = 0; i < results.size(); i++) {
            ElectionResult r = results.get(i);
            Decided d = decidedOf(driverTrace, i + 1, r); // results are in sid order
            assertEquals(List.of(r.vote().leader(), (long) r.roundsObserved(), r.notificationsReceived(), r.notificationsSent()),
                    List.of(d.leader(), (long) d.rounds(), d.notificationsReceived(), d.notificationsSent()),
                    "the trace's decision agrees with the driver's result");
        }

        TraceSimulation sim = new TraceSimulation(3, false);
        sim.startLooking(1, Duration.ZERO).startLooking(2, Duration.ZERO).startLooking(3, Duration.ZERO);
        sim.run(Duration.ofSeconds(1));
        assertElectionShape(sim.trace(), 3, 3);
    }

    /** Peer {@code sid}'s decision (two followers may share role, vote and counts: match the sid). */
    private static Decided decidedOf(List<TraceEvent> trace, long sid, ElectionResult r) {
        return trace.stream().filter(e -> e instanceof Decided && e.sid() == sid).map(Decided.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no decided event of peer " + sid + " for " + r));
    }

    /**
     * The shape of one cold-start election of {@code peers} voters, on top of {@link TraceInvariants}:
     * every peer's trace starts with election_started and it decides {@code leader} exactly once.
     */
    static void assertElectionShape(List<TraceEvent> trace, int peers, long leader) {
        List<TraceInvariants.Segment> decided = TraceInvariants.check(trace);
        assertEquals(peers, decided.size(), "one decision per peer");
        for (TraceInvariants.Segment s : decided) {
            assertEquals(leader, s.decided().leader());
            assertEquals(s.sid() == leader ? PeerState.LEADING : PeerState.FOLLOWING, s.decided().role());
            TraceEvent first = trace.stream().filter(e -> e.sid() == s.sid()).findFirst().orElseThrow();
            assertTrue(first instanceof ElectionStarted, "peer " + s.sid() + " starts with election_started: " + first);
        }
    }
}
