package dev.ballot.election.sim;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * An in-memory network with the delivery contract of core's {@code Transport} (a message to
 * oneself is delivered locally; after a link comes back the last message sent over it is sent
 * again) and faults: drop, duplicate, random delay (hence reordering), directed link cuts
 * (partitions, asymmetric and partial connectivity). Not thread-safe; runs on virtual time.
 */
public final class SimNetwork {
    /** Receives a delivered payload. */
    public interface Receiver {
        void deliver(long from, long to, ByteBuffer payload);
    }

    private final VirtualScheduler clock;
    private final SplittableRandom random;
    private final Receiver receiver;
    private final LongPredicate alive;
    /** Directed links that are cut: key = from * 1000 + to. */
    private final java.util.Set<Long> cut = new java.util.HashSet<>();
    /** Last payload sent per directed link (re-sent when the link comes back). */
    private final Map<Long, byte[]> last = new HashMap<>();
    private double dropProbability;
    private double duplicateProbability;
    private long maxDelayMs = 5;
    private long delivered;

    public SimNetwork(VirtualScheduler clock, SplittableRandom random, LongPredicate alive, Receiver receiver) {
        this.clock = clock;
        this.random = random;
        this.alive = alive;
        this.receiver = receiver;
    }

    /** Sets the fault rates; all zero (and small delays) is a healthy network. */
    public void faults(double drop, double duplicate, long maxDelay) {
        this.dropProbability = drop;
        this.duplicateProbability = duplicate;
        this.maxDelayMs = Math.max(1, maxDelay);
    }

    /** Messages delivered so far. */
    public long delivered() {
        return delivered;
    }

    /** Whether messages from {@code from} reach {@code to}. */
    public boolean linked(long from, long to) {
        return from == to || !cut.contains(key(from, to));
    }

    /** Cuts the directed link from -> to. */
    public void cut(long from, long to) {
        if (from != to) {
            cut.add(key(from, to));
        }
    }

    /** Restores the directed link from -> to and re-sends its last message (transport reconnect). */
    public void heal(long from, long to) {
        if (cut.remove(key(from, to))) {
            reconnected(from, to);
        }
    }

    /** Restores every link. */
    public void healAll() {
        for (Long k : java.util.List.copyOf(cut)) {
            heal(k / 1000, k % 1000);
        }
    }

    /** A peer came back: every link towards it re-sends its last message; its own history is gone. */
    public void restarted(long sid, Iterable<Long> peers) {
        for (long p : peers) {
            last.remove(key(sid, p));
            if (p != sid) {
                reconnected(p, sid);
            }
        }
    }

    /** Sends a payload (copied) over from -> to, subject to faults. */
    public void send(long from, long to, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        if (from == to) {
            clock.schedule(0, () -> arrive(from, to, bytes));
            return;
        }
        last.put(key(from, to), bytes);
        transmit(from, to, bytes);
    }

    private void reconnected(long from, long to) {
        byte[] bytes = last.get(key(from, to));
        if (bytes != null && alive.test(from) && alive.test(to)) {
            transmit(from, to, bytes);
        }
    }

    private void transmit(long from, long to, byte[] bytes) {
        if (!linked(from, to) || !alive.test(to) || random.nextDouble() < dropProbability) {
            return;
        }
        clock.schedule(1 + random.nextLong(maxDelayMs), () -> arrive(from, to, bytes));
        if (random.nextDouble() < duplicateProbability) {
            clock.schedule(1 + random.nextLong(maxDelayMs), () -> arrive(from, to, bytes));
        }
    }

    private void arrive(long from, long to, byte[] bytes) {
        if (linked(from, to) && alive.test(to) && alive.test(from)) {
            delivered++;
            receiver.deliver(from, to, ByteBuffer.wrap(bytes));
        }
    }

    private static long key(long from, long to) {
        return from * 1000 + to;
    }
}
