package dev.ballot.election.sim;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * An in-memory network with the delivery contract of core's {@code Transport} and its connections.
 *
 * <p><b>Connections.</b> Each pair of peers has at most one connection, dialed on demand (a send to a
 * peer without one) after a short connect delay, if both are alive and the link is not cut either
 * way. When it opens, both ends are told "up" and the last message sent each way is sent again
 * (the transport's reconnect rule); a message to oneself is delivered locally. A connection closes
 * on a {@link #close} fault or when a peer crashes with a reset ({@link #crashed}): messages in
 * flight on it are lost and both ends are told "down". A silent crash (a machine that vanished)
 * tells nobody. Up and down events reach each end after its own random lag ({@link #linkLag}), so
 * an end may still believe a link down after it reopened, and messages may arrive before "up".
 *
 * <p>Each direction of a connection delivers in order, as TCP does; messages reorder only across
 * connections (a message sent before a close and one sent after the reopen).
 *
 * <p><b>Faults</b> on top: drop, duplicate, random delay, directed cuts
 * (partitions, asymmetric and partial connectivity) that black-hole an open connection without
 * closing it, as a TCP connection across a silent network failure stays open. Not thread-safe;
 * runs on virtual time.
 */
public final class SimNetwork {
    /** Receives a delivered payload. */
    public interface Receiver {
        void deliver(long from, long to, ByteBuffer payload);
    }

    /** Receives connection events: {@code sid}'s connection to {@code peer} came up or went down. */
    public interface LinkEvents {
        void changed(long sid, long peer, boolean up);
    }

    /** One connection between two peers; {@code epoch} tells its incarnations apart. */
    private static final class Conn {
        boolean open;
        boolean dialing;
        int epoch;
        /** Per direction (from the smaller sid, from the larger): the latest arrival time scheduled, for FIFO order. */
        final long[] lastArrival = new long[2];
    }

    private final VirtualScheduler clock;
    private final SplittableRandom random;
    private final Receiver receiver;
    private final LinkEvents links;
    private final LongPredicate alive;
    /** Directed links that are cut: key = from * 1000 + to. */
    private final Set<Long> cut = new HashSet<>();
    /** Last payload sent per directed link (re-sent when the link comes back). */
    private final Map<Long, byte[]> last = new HashMap<>();
    /** Connections by unordered pair. */
    private final Map<Long, Conn> conns = new HashMap<>();
    private double dropProbability;
    private double duplicateProbability;
    private long maxDelayMs = 5;
    private long maxLinkLagMs = 3;
    private long delivered;

    public SimNetwork(VirtualScheduler clock, SplittableRandom random, LongPredicate alive, Receiver receiver) {
        this(clock, random, alive, receiver, (sid, peer, up) -> { });
    }

    public SimNetwork(VirtualScheduler clock, SplittableRandom random, LongPredicate alive, Receiver receiver,
                      LinkEvents links) {
        this.clock = clock;
        this.random = random;
        this.alive = alive;
        this.receiver = receiver;
        this.links = links;
    }

    /** Sets the fault rates; all zero (and small delays) is a healthy network. */
    public void faults(double drop, double duplicate, long maxDelay) {
        this.dropProbability = drop;
        this.duplicateProbability = duplicate;
        this.maxDelayMs = Math.max(1, maxDelay);
    }

    /** The largest lag of a connection event behind the connection's change. */
    public void linkLag(long maxLagMs) {
        this.maxLinkLagMs = Math.max(0, maxLagMs);
    }

    /** Messages delivered so far. */
    public long delivered() {
        return delivered;
    }

    /** Whether messages from {@code from} reach {@code to} (not cut; says nothing about the connection). */
    public boolean linked(long from, long to) {
        return from == to || !cut.contains(key(from, to));
    }

    /** Whether {@code a} and {@code b} have an open connection. */
    public boolean connected(long a, long b) {
        Conn c = conns.get(pair(a, b));
        return a == b || (c != null && c.open);
    }

    /** Cuts the directed link from -> to: an open connection stays open and loses what is sent over it. */
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
        for (Long k : List.copyOf(cut)) {
            heal(k / 1000, k % 1000);
        }
    }

    /** Closes the connection between {@code a} and {@code b}, if open: both ends are told after their lag. */
    public void close(long a, long b) {
        Conn c = conns.get(pair(a, b));
        if (a == b || c == null || !c.open) {
            return;
        }
        c.open = false;
        c.epoch++;
        tell(a, b, false);
        tell(b, a, false);
    }

    /**
     * {@code sid} crashed. With {@code reset} (a killed process: its kernel resets its connections) every
     * connection of {@code sid} closes and the other ends are told; without (a machine that vanished) they stay
     * open at the other ends, black holes, until {@code sid} restarts.
     */
    public void crashed(long sid, Iterable<Long> peers, boolean reset) {
        for (long p : peers) {
            Conn c = conns.get(pair(sid, p));
            if (p == sid || c == null || !c.open) {
                continue;
            }
            if (reset) {
                c.open = false;
                c.epoch++;
                tell(p, sid, false);
            }
        }
    }

    /** A peer came back: its old connections are gone, its own history is gone, others re-send to it. */
    public void restarted(long sid, Iterable<Long> peers) {
        for (long p : peers) {
            last.remove(key(sid, p));
            Conn c = conns.get(pair(sid, p));
            if (p != sid && c != null && c.open) {
                c.open = false; // replaced by the new process's connection: no event, as the transport replaces it
                c.epoch++;
            }
            if (p != sid) {
                reconnected(p, sid);
            }
        }
    }

    /** Sends a payload (copied) over from -> to, subject to faults; dials first if there is no connection. */
    public void send(long from, long to, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        if (from == to) {
            clock.schedule(0, () -> arrive(from, to, bytes, -1));
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
        Conn c = conns.computeIfAbsent(pair(from, to), k -> new Conn());
        if (!c.open) {
            dial(from, to, c);
            return;
        }
        if (!linked(from, to) || !alive.test(to) || random.nextDouble() < dropProbability) {
            return;
        }
        int epoch = c.epoch;
        clock.schedule(fifoDelay(c, from, to), () -> arrive(from, to, bytes, epoch));
        if (random.nextDouble() < duplicateProbability) {
            clock.schedule(fifoDelay(c, from, to), () -> arrive(from, to, bytes, epoch));
        }
    }

    /** A random delay that keeps one connection's direction in order, as TCP does (the scheduler is FIFO on ties). */
    private long fifoDelay(Conn c, long from, long to) {
        int dir = from < to ? 0 : 1;
        long at = Math.max(clock.now() + 1 + random.nextLong(maxDelayMs), c.lastArrival[dir]);
        c.lastArrival[dir] = at;
        return at - clock.now();
    }

    /** Opens the connection after a connect delay if both ends are alive and the link is not cut either way. */
    private void dial(long from, long to, Conn c) {
        if (c.dialing) {
            return;
        }
        c.dialing = true;
        clock.schedule(1 + random.nextLong(20), () -> {
            c.dialing = false;
            if (c.open || !alive.test(from) || !alive.test(to) || !linked(from, to) || !linked(to, from)) {
                return; // refused or timed out; the next send dials again
            }
            c.open = true;
            c.epoch++;
            tell(from, to, true);
            tell(to, from, true);
            reconnected(from, to);
            reconnected(to, from);
        });
    }

    /** Tells {@code sid} about its connection to {@code peer}, after a lag. */
    private void tell(long sid, long peer, boolean up) {
        clock.schedule(random.nextLong(maxLinkLagMs + 1), () -> {
            if (alive.test(sid)) {
                links.changed(sid, peer, up);
            }
        });
    }

    private void arrive(long from, long to, byte[] bytes, int epoch) {
        if (epoch >= 0) {
            Conn c = conns.get(pair(from, to));
            if (c == null || !c.open || c.epoch != epoch) {
                return; // the connection it travelled on closed
            }
        }
        if (linked(from, to) && alive.test(to) && alive.test(from)) {
            delivered++;
            receiver.deliver(from, to, ByteBuffer.wrap(bytes));
        }
    }

    private static long key(long from, long to) {
        return from * 1000 + to;
    }

    private static long pair(long a, long b) {
        return Math.min(a, b) * 1000 + Math.max(a, b);
    }
}
