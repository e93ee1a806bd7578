package dev.ballot.election;

import dev.ballot.core.transport.Transport;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A lossless in-memory network for driver tests: {@code send} copies the payload and delivers it to
 * the destination's listener from the network's own thread, in send order, never inside
 * {@code send} (as a real transport, so a driver's output is never re-entered). Messages to a peer
 * that has not started are dropped. Thread-safe; {@link #close()} stops the network's thread.
 */
final class InMemoryNetwork implements AutoCloseable {
    private final Map<Long, Endpoint> started = new ConcurrentHashMap<>();
    private final EventExecutor wire = new DefaultEventExecutor(new DefaultThreadFactory("in-memory-network", true));

    @Override
    public void close() {
        wire.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /** The transport of peer {@code sid}. */
    Transport transport(long sid) {
        return new Endpoint(sid);
    }

    private final class Endpoint implements Transport {
        private final long sid;
        private volatile Listener listener;

        Endpoint(long sid) {
            this.sid = sid;
        }

        @Override
        public CompletionStage<Void> start(Listener l) {
            listener = l;
            started.put(sid, this);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long localSid() {
            return sid;
        }

        @Override
        public void send(long to, ByteBuffer payload) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(payload.duplicate()).flip();
            wire.execute(() -> {
                Endpoint target = started.get(to);
                if (target != null) {
                    target.listener.onMessage(sid, copy);
                }
            });
        }

        @Override
        public void connectAll() {
            // always connected
        }

        @Override
        public CompletionStage<Void> closeAsync() {
            started.remove(sid, this);
            return CompletableFuture.completedFuture(null);
        }
    }
}
