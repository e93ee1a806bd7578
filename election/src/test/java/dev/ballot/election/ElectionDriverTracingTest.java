package dev.ballot.election;

import dev.ballot.core.PeerState;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.Decided;
import dev.ballot.core.trace.TraceEvent.ElectionStarted;
import dev.ballot.core.trace.TraceEvent.NotificationReceived;
import dev.ballot.core.trace.TraceEvent.NotificationSent;
import dev.ballot.core.trace.TraceEvent.RoleChanged;
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
        for (ElectionResult r : results) {
            Decided d = decidedOf(driverTrace, r);
            assertEquals(List.of(r.vote().leader(), (long) r.roundsObserved(), r.notificationsReceived(), r.notificationsSent()),
                    List.of(d.leader(), (long) d.rounds(), d.notificationsReceived(), d.notificationsSent()),
                    "the trace's decision agrees with the driver's result");
        }

        TraceSimulation sim = new TraceSimulation(3, false);
        sim.startLooking(1, Duration.ZERO).startLooking(2, Duration.ZERO).startLooking(3, Duration.ZERO);
        sim.run(Duration.ofSeconds(1));
        assertElectionShape(sim.trace(), 3, 3);
    }

    private static Decided decidedOf(List<TraceEvent> trace, ElectionResult r) {
        return trace.stream().filter(e -> e instanceof Decided d && d.role() == r.role() && d.vote().equals(r.vote())
                && d.notificationsSent() == r.notificationsSent()).map(Decided.class::cast).findFirst().orElseThrow(
                () -> new AssertionError("no decided event for " + r));
    }

    /**
     * What every peer's trace of one election from a cold start holds, whoever ran it: it starts with
     * election_started, reaches a quorum before deciding {@code leader}, ends with decided then
     * role_changed, and its decision counts the notifications it traced.
     */
    static void assertElectionShape(List<TraceEvent> trace, int peers, long leader) {
        for (long sid = 1; sid <= peers; sid++) {
            final long me = sid;
            List<TraceEvent> mine = trace.stream().filter(e -> e.sid() == me).toList();
            List<String> types = mine.stream().map(TraceEvent::type).toList();
            assertTrue(mine.get(0) instanceof ElectionStarted, "peer " + sid + " starts with election_started: " + types);
            int decidedAt = types.indexOf("decided");
            assertTrue(decidedAt > 0, "peer " + sid + " decides: " + types);
            assertTrue(types.subList(0, decidedAt).contains("quorum_reached"), "quorum before decision: " + types);
            Decided d = (Decided) mine.get(decidedAt);
            assertEquals(leader, d.leader());
            assertEquals(sid == leader ? PeerState.LEADING : PeerState.FOLLOWING, d.role());
            assertEquals(new RoleChanged(mine.get(decidedAt + 1).nanos(), sid, PeerState.LOOKING, d.role()),
                    mine.get(decidedAt + 1));
            List<TraceEvent> during = mine.subList(0, decidedAt);
            assertEquals(during.stream().filter(e -> e instanceof NotificationReceived).count(), d.notificationsReceived());
            assertEquals(during.stream().filter(e -> e instanceof NotificationSent).count(), d.notificationsSent());
            assertTrue(mine.stream().map(TraceEvent::nanos).toList().equals(
                    mine.stream().map(TraceEvent::nanos).sorted().toList()), "a peer's timestamps never go back");
        }
    }
}
