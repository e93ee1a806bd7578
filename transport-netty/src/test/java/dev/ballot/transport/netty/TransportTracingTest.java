package dev.ballot.transport.netty;

import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceEvent.ConnectionClosed;
import dev.ballot.core.trace.TraceEvent.ConnectionDropped;
import dev.ballot.core.trace.TraceEvent.ConnectionOpened;
import dev.ballot.core.trace.TraceEvent.Direction;
import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import dev.ballot.transport.netty.testing.RecordingListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.ballot.transport.netty.testing.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code NettyQuorumTransport.builder().traceSink(...)}: arbitration, dial-back and close are traced. */
class TransportTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void smallerSidDials_isDroppedBothSides_thenTheLargerDialsBack_andTheCloseIsTraced() {
        List<Integer> ports = LoopbackPorts.reserve(2);
        RingBufferTraceSink sink = new RingBufferTraceSink(1024);
        NettyQuorumTransport t1 = transport(1, ports, sink);
        NettyQuorumTransport t2 = transport(2, ports, sink);
        try {
            RecordingListener l2 = new RecordingListener();
            t1.start(new RecordingListener()).toCompletableFuture().join();
            t2.start(l2).toCompletableFuture().join();
            t1.send(2, utf8("hello"));
            l2.awaitText(1, "hello", WAIT);
            Await.until(WAIT, () -> of(sink, 1, ConnectionOpened.class).size() == 1, () -> "1 opened: " + sink.snapshot());

            assertEquals(List.of(new ConnectionDropped(0, 1, 2, Direction.OUTBOUND, "dialed larger sid 2, which calls back")),
                    zeroTime(of(sink, 1, ConnectionDropped.class)));
            assertEquals(List.of(new ConnectionDropped(0, 2, 1, Direction.INBOUND, "smaller sid 1 dialed, calling back")),
                    zeroTime(of(sink, 2, ConnectionDropped.class)));
            assertEquals(List.of(new ConnectionOpened(0, 2, 1, Direction.OUTBOUND)), zeroTime(of(sink, 2, ConnectionOpened.class)));
            assertEquals(List.of(new ConnectionOpened(0, 1, 2, Direction.INBOUND)), zeroTime(of(sink, 1, ConnectionOpened.class)));
            TraceEvent dropped = of(sink, 2, ConnectionDropped.class).get(0);
            TraceEvent opened = of(sink, 2, ConnectionOpened.class).get(0);
            assertTrue(dropped.nanos() <= opened.nanos(), "2 drops 1's dial before its dial-back is kept");

            t2.close();
            Await.until(WAIT, () -> !of(sink, 1, ConnectionClosed.class).isEmpty(), () -> "1 closed: " + sink.snapshot());
            assertEquals(new ConnectionClosed(0, 1, 2, "connection closed"), zeroTime(of(sink, 1, ConnectionClosed.class)).get(0));
        } finally {
            t1.close();
            t2.close();
        }
    }

    @Test
    void withoutASink_nothingIsTraced() {
        List<Integer> ports = LoopbackPorts.reserve(1);
        NettyQuorumTransport t = NettyQuorumTransport.builder().config(TransportConfig.builder().myId(1)
                .peer(1, "127.0.0.1", ports.get(0)).build()).build();
        try {
            assertTrue(!t.tracer().enabled());
        } finally {
            t.close();
        }
    }

    private static NettyQuorumTransport transport(long sid, List<Integer> ports, RingBufferTraceSink sink) {
        TransportConfig.Builder b = TransportConfig.builder().myId(sid);
        for (int i = 0; i < ports.size(); i++) {
            b.peer(i + 1, "127.0.0.1", ports.get(i));
        }
        return NettyQuorumTransport.builder().config(b.build()).traceSink(sink).build();
    }

    private static <T extends TraceEvent> List<T> of(RingBufferTraceSink sink, long sid, Class<T> type) {
        return sink.snapshot().stream().filter(e -> e.sid() == sid && type.isInstance(e)).map(type::cast).toList();
    }

    /** The events with timestamp 0, to compare everything but the time. */
    private static List<TraceEvent> zeroTime(List<? extends TraceEvent> events) {
        return events.stream().map(TransportTracingTest::zeroTime).toList();
    }

    private static TraceEvent zeroTime(TraceEvent e) {
        if (e instanceof ConnectionDropped d) {
            return new ConnectionDropped(0, d.sid(), d.peer(), d.direction(), d.reason());
        } else if (e instanceof ConnectionOpened o) {
            return new ConnectionOpened(0, o.sid(), o.peer(), o.direction());
        } else if (e instanceof ConnectionClosed c) {
            return new ConnectionClosed(0, c.sid(), c.peer(), c.reason());
        }
        return e;
    }
}
