package dev.ballot.core.trace;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracerTest {

    private static final Vote VOTE = new Vote(3, 0, 1, 0, PeerState.LOOKING, 2);

    /** Calls every emission method once. */
    private static void emitAll(Tracer t) {
        t.electionStarted(1, VOTE);
        t.notificationSent(2, Notification.of(PeerState.LOOKING, 3, 0, 1, 0, ""));
        t.notificationReceived(2, Notification.of(PeerState.LOOKING, 3, 0, 1, 0, ""));
        t.proposalChanged(VOTE, VOTE, TraceEvent.ProposalRule.NEWER_ROUND);
        t.quorumReached(VOTE, Set.of(3L, 1L, 2L));
        t.finalizeWaitStarted(VOTE, Duration.ofMillis(200));
        t.finalizeWaitAbandoned(2, VOTE);
        t.decided(VOTE, PeerState.FOLLOWING, Duration.ofMillis(5), 1, 3, 3);
        t.connectionOpened(2, TraceEvent.Direction.INBOUND);
        t.connectionDropped(2, TraceEvent.Direction.INBOUND, "arbitration");
        t.connectionClosed(2, "EOF");
        t.epochEstablished(3, 1);
        t.roleChanged(PeerState.LOOKING, PeerState.FOLLOWING);
        t.record(new TraceEvent.ConnectionClosed(0, 1, 2, "built elsewhere"));
    }

    @Test
    void disabled_neitherReadsTheTickerNorRecords() {
        AtomicLong reads = new AtomicLong();
        AtomicLong records = new AtomicLong();
        TraceSink off = new TraceSink() {
            @Override
            public void record(TraceEvent event) {
                records.incrementAndGet();
            }

            @Override
            public boolean enabled() {
                return false;
            }
        };
        Tracer tracer = new Tracer(1, reads::incrementAndGet, off);
        emitAll(tracer);
        assertFalse(tracer.enabled());
        assertEquals(0, reads.get());
        assertEquals(0, records.get());
        emitAll(Tracer.disabled(1));
        assertFalse(TraceSink.NOOP.enabled());
    }

    @Test
    void enabled_stampsEachEventWithTheTickerAndTheSid() {
        RingBufferTraceSink sink = new RingBufferTraceSink(64);
        LongSupplier ticker = new AtomicLong(1000)::incrementAndGet;
        Tracer tracer = new Tracer(7, ticker, sink);
        emitAll(tracer);
        List<TraceEvent> events = sink.snapshot();
        assertEquals(14, events.size());
        assertEquals(List.of("election_started", "notification_sent", "notification_received", "proposal_changed",
                "quorum_reached", "finalize_wait_started", "finalize_wait_abandoned", "decided",
                "connection_opened", "connection_dropped", "connection_closed", "epoch_established",
                "role_changed", "connection_closed"), events.stream().map(TraceEvent::type).toList());
        for (int i = 0; i < 13; i++) {
            assertEquals(1001 + i, events.get(i).nanos());
            assertEquals(7, events.get(i).sid());
        }
        TraceEvent.NotificationSent sent = (TraceEvent.NotificationSent) events.get(1);
        assertEquals(7, sent.from());
        assertEquals(2, sent.to());
        assertEquals(VOTE, sent.vote());
        assertEquals(List.of(1L, 2L, 3L), ((TraceEvent.QuorumReached) events.get(4)).supporters());
        assertTrue(events.get(13) instanceof TraceEvent.ConnectionClosed c && c.reason().equals("built elsewhere"));
    }

    @Test
    void inTimeOrder_isAStableSortByTimestamp() {
        TraceEvent a = new TraceEvent.ConnectionClosed(5, 1, 2, "a");
        TraceEvent b = new TraceEvent.ConnectionClosed(3, 2, 1, "b");
        TraceEvent c = new TraceEvent.ConnectionClosed(5, 3, 1, "c");
        TraceEvent d = new TraceEvent.ConnectionClosed(1, 3, 1, "d");
        assertEquals(List.of(d, b, a, c), TraceEvent.inTimeOrder(List.of(a, b, c, d)));
    }
}
