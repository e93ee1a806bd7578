package dev.ballot.core.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded sink that keeps the last {@link #capacity()} events; older ones are overwritten.
 *
 * <p><b>Threading.</b> Lock-free: {@link #record} claims a sequence number with one atomic increment
 * and stores the event in its slot, so any number of threads may record at once and never block.
 * {@link #snapshot()} may run concurrently with recorders; it returns only events whose slot still
 * holds them, so an event being written or overwritten during the snapshot is left out rather than
 * returned twice or out of order.
 */
public final class RingBufferTraceSink implements TraceSink {

    /** Default capacity: enough for a few elections of a large ensemble, about 1 MiB of references. */
    public static final int DEFAULT_CAPACITY = 1 << 17;

    private final AtomicReferenceArray<Slot> slots;
    private final AtomicLong next = new AtomicLong();

    /** A ring of {@link #DEFAULT_CAPACITY} events. */
    public RingBufferTraceSink() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A ring of {@code capacity} events.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public RingBufferTraceSink(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("trace ring capacity must be >= 1, got " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    @Override
    public void record(TraceEvent event) {
        long seq = next.getAndIncrement();
        slots.set(index(seq), new Slot(seq, event));
    }

    /** Always true. */
    @Override
    public boolean enabled() {
        return true;
    }

    /** How many events the ring holds at most. */
    public int capacity() {
        return slots.length();
    }

    /** How many events were recorded since creation, including overwritten ones. */
    public long recorded() {
        return next.get();
    }

    /** How many events were overwritten (lost) since creation. */
    public long overwritten() {
        return Math.max(0, next.get() - slots.length());
    }

    /** The retained events, oldest first, in the order they were recorded. */
    public List<TraceEvent> snapshot() {
        return last(slots.length());
    }

    /**
     * The newest {@code n} retained events, oldest first.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public List<TraceEvent> last(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        long end = next.get();
        long start = Math.max(0, end - Math.min(n, slots.length()));
        List<TraceEvent> out = new ArrayList<>((int) (end - start));
        for (long seq = start; seq < end; seq++) {
            Slot slot = slots.get(index(seq));
            if (slot != null && slot.seq == seq) {
                out.add(slot.event);
            }
        }
        return out;
    }

    private int index(long seq) {
        return (int) (seq % slots.length());
    }

    @Override
    public String toString() {
        return "RingBufferTraceSink[capacity=" + slots.length() + ", recorded=" + next.get() + "]";
    }

    /** An event with its sequence number, so a snapshot can tell a current slot from a stale one. */
    private record Slot(long seq, TraceEvent event) {
    }
}
