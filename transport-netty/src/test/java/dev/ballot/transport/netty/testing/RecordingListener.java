package dev.ballot.transport.netty.testing;

import dev.ballot.core.transport.Transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Transport.Listener} that records what it receives; thread-safe. */
public final class RecordingListener implements Transport.Listener {
    /** One received message. */
    public record Received(long sid, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final Set<Long> up = ConcurrentHashMap.newKeySet();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Long>> waiters = new ConcurrentHashMap<>();

    @Override
    public void onMessage(long sid, ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        Received r = new Received(sid, b);
        messages.add(r);
        java.util.concurrent.CompletableFuture<Long> w = waiters.remove(sid + "|" + r.text());
        if (w != null) {
            w.complete(System.nanoTime());
        }
    }

    /**
     * Completes with {@link System#nanoTime()} at the moment a message with {@code text} from {@code sid}
     * arrives (register before sending; for latency figures without polling).
     */
    public java.util.concurrent.CompletableFuture<Long> arrival(long sid, String text) {
        return waiters.computeIfAbsent(sid + "|" + text, k -> new java.util.concurrent.CompletableFuture<>());
    }

    @Override
    public void onPeerUp(long sid) {
        up.add(sid);
        events.add("up " + sid);
    }

    @Override
    public void onPeerDown(long sid, String reason) {
        up.remove(sid);
        events.add("down " + sid);
    }

    public List<Received> messages() {
        return new ArrayList<>(messages);
    }

    public List<String> texts(long fromSid) {
        return messages.stream().filter(m -> m.sid() == fromSid).map(Received::text).toList();
    }

    public Set<Long> up() {
        return Set.copyOf(up);
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    /** Waits until a message with {@code text} from {@code sid} has arrived. */
    public void awaitText(long sid, String text, Duration timeout) {
        Await.until(timeout, () -> texts(sid).contains(text), () -> "'" + text + "' from " + sid + "; got " + texts(sid));
    }

    public static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
