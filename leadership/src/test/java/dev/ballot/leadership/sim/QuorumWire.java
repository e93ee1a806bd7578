package dev.ballot.leadership.sim;

import dev.ballot.election.sim.VirtualScheduler;
import dev.ballot.leadership.quorum.QuorumMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The quorum-port connections between learners and leaders, with TCP's contract: a learner dials, each
 * direction delivers in order, a close (FIN, or a reset when a process is killed) reaches the other end after
 * the data sent before it. A direction that is cut ({@link Links}) holds what is sent over it, as TCP keeps
 * retransmitting, and delivers it in order after a retransmission delay once it heals; the connection stays open
 * meanwhile. A lost segment costs a retransmission delay, never a message. Dialing a dead process is refused at
 * once (its host resets), a vanished host or a cut direction makes the dial time out. Not thread-safe.
 */
final class QuorumWire {
    /** A dial's failure when the leader's host is up but its process is not (a reset answers the SYN). */
    static final String REFUSED = "connection refused";

    /** The peers' side of the wire. */
    interface Ends {
        /** Whether {@code sid}'s process runs (its quorum port is bound for its whole life). */
        boolean alive(long sid);

        /** Whether {@code sid}'s host vanished (no resets: dials and segments to it go unanswered). */
        boolean vanished(long sid);

        /** A learner's connection arrived at {@code conn.leader()}'s listener. */
        void accepted(Conn conn);

        /** {@code message} arrived at {@code to}'s end of {@code conn}. */
        void deliver(Conn conn, long to, QuorumMessage message);

        /** {@code at}'s end of {@code conn} saw the other end close. */
        void closed(Conn conn, long at);
    }

    /** One connection; its ends close independently. */
    static final class Conn {
        private static final Object FIN = new Object();
        final long id;
        final long learner;
        final long leader;
        private final boolean[] open = {true, true};           // [learner end, leader end]
        private final long[] lastArrival = new long[2];        // per direction: [to learner, to leader]
        private final long[] sent = new long[2];               // per direction: segments sent so far
        @SuppressWarnings("unchecked")
        private final List<Segment>[] held = new List[] {new ArrayList<>(), new ArrayList<>()}; // by sequence

        Conn(long id, long learner, long leader) {
            this.id = id;
            this.learner = learner;
            this.leader = leader;
        }

        boolean openAt(long sid) {
            return open[end(sid)];
        }

        long other(long sid) {
            return sid == learner ? leader : learner;
        }

        private int end(long sid) {
            return sid == learner ? 0 : 1;
        }

        @Override
        public String toString() {
            return "conn" + id + "(" + learner + "->" + leader + ")";
        }
    }

    /** One segment in one direction: its place in the stream and what it carries (a message or the FIN). */
    private record Segment(long seq, Object payload) {
    }

    private final VirtualScheduler clock;
    private final SplittableRandom random;
    private final Links links;
    private final Ends ends;
    private final List<Conn> conns = new ArrayList<>();
    private long nextId;
    private double loss;  // probability that a segment needs a retransmission
    private long maxDelayMs = 3;

    QuorumWire(VirtualScheduler clock, SplittableRandom random, Links links, Ends ends) {
        this.clock = clock;
        this.random = random;
        this.links = links;
        this.ends = ends;
    }

    /** Segment loss (each lost one is retransmitted 200-600 ms later) and the largest one-way delay. */
    void faults(double lossProbability, long maxDelay) {
        this.loss = lossProbability;
        this.maxDelayMs = Math.max(1, maxDelay);
    }

    /** {@code learner} dials {@code leader}; one of {@code connected} or {@code failed} runs later. */
    void dial(long learner, long leader, long timeoutMs, Consumer<Conn> connected, Consumer<String> failed) {
        if (!ends.alive(leader) && !ends.vanished(leader)) {
            clock.schedule(1, () -> failed.accept(REFUSED));
            return;
        }
        if (!ends.alive(leader) || !links.bothUp(learner, leader)) {
            clock.schedule(timeoutMs, () -> failed.accept("connection timed out"));
            return;
        }
        clock.schedule(1 + random.nextInt(5), () -> {
            if (!ends.alive(learner)) {
                return;
            }
            if (!ends.alive(leader) || !links.bothUp(learner, leader)) {
                failed.accept(ends.alive(leader) ? "connection timed out" : ends.vanished(leader) ? "connection timed out" : REFUSED);
                return;
            }
            Conn c = new Conn(nextId++, learner, leader);
            conns.removeIf(x -> !x.open[0] && !x.open[1]);
            conns.add(c);
            ends.accepted(c);
            connected.accept(c);
        });
    }

    /** {@code from} writes {@code message} on its end of {@code c} (dropped if that end is closed). */
    void send(Conn c, long from, QuorumMessage message) {
        if (c.openAt(from)) {
            transmit(c, from, message);
        }
    }

    /** {@code by} closes its end of {@code c}: the other end sees it after what was sent before. */
    void close(Conn c, long by) {
        if (c.openAt(by)) {
            c.open[c.end(by)] = false;
            transmit(c, by, Conn.FIN);
        }
    }

    /** {@code sid}'s process died: its ends close; with {@code reset} (a killed process) the other ends are told. */
    void crashed(long sid, boolean reset) {
        for (Conn c : List.copyOf(conns)) {
            if ((c.learner == sid || c.leader == sid) && c.openAt(sid)) {
                if (reset) {
                    close(c, sid);
                } else {
                    c.open[c.end(sid)] = false;
                }
            }
        }
    }

    /**
     * {@code sid} runs again: connections its old process left open at the other end are reset by its host at
     * the other end's next segment (heartbeats flow every 100 ms), or once the direction heals.
     */
    void restarted(long sid) {
        for (Conn c : List.copyOf(conns)) {
            long other = c.other(sid);
            if ((c.learner == sid || c.leader == sid) && !c.openAt(sid) && c.openAt(other)) {
                transmit(c, sid, Conn.FIN);
            }
        }
    }

    /** The direction {@code from -> to} healed: what it held is retransmitted, in order. */
    void healed(long from, long to) {
        for (Conn c : List.copyOf(conns)) {
            if ((c.learner == from && c.leader == to) || (c.leader == from && c.learner == to)) {
                int dir = c.end(to);
                List<Segment> held = new ArrayList<>(c.held[dir]);
                held.sort((x, y) -> Long.compare(x.seq(), y.seq()));
                c.held[dir].clear();
                long at = Math.max(clock.now() + 1 + random.nextInt(1000), c.lastArrival[dir]);
                for (Segment m : held) {
                    c.lastArrival[dir] = at;
                    clock.schedule(at - clock.now(), () -> arrive(c, to, m));
                }
            }
        }
        conns.removeIf(c -> !c.open[0] && !c.open[1]);
    }

    private void transmit(Conn c, long from, Object payload) {
        long to = c.other(from);
        int dir = c.end(to);
        Segment m = new Segment(c.sent[dir]++, payload);
        if (!links.up(from, to) || ends.vanished(to)) {
            c.held[dir].add(m);
            return;
        }
        long delay = 1 + random.nextLong(maxDelayMs);
        boolean lost = random.nextDouble() < loss;
        if (lost) {
            delay += 200 + random.nextInt(400);
        }
        long at = Math.max(clock.now() + delay, c.lastArrival[dir]);
        c.lastArrival[dir] = at;
        clock.schedule(at - clock.now(), () -> arrive(c, to, m));
    }

    /** A segment reaches {@code to}, unless the direction was cut meanwhile: then it waits for the heal. */
    private void arrive(Conn c, long to, Segment m) {
        long from = c.other(to);
        if (!links.up(from, to) || ends.vanished(to)) {
            c.held[c.end(to)].add(m);
            return;
        }
        if (!c.openAt(to) || !ends.alive(to)) {
            return;
        }
        Object p = m.payload();
        if (p == Conn.FIN) {
            c.open[c.end(to)] = false;
            ends.closed(c, to);
            return;
        }
        ends.deliver(c, to, (QuorumMessage) p);
    }
}
