package dev.ballot.transport.netty;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The link's lifecycle, table-driven: a row is a sequence of events ({@code ;}-separated), the actions
 * of its last event and the phase after it. Connections are names: {@code d1} our dials, {@code a1}
 * accepted ones. Times are in ns; the probe interval is 100, the crossing window 300, the connect timeout 5000.
 *
 * <p>Events: {@code demand}, {@code dial X} (our dial got channel X), {@code ended X ok|fail} ({@code -}: no
 * channel), {@code kept X}, {@code claim X}, {@code closed X}, {@code sent}, {@code dialBack T} (accepted at T),
 * {@code retry}, {@code retireDue X}, {@code claimDue X}, {@code close}, {@code at T} (the clock).
 */
class LinkMachineTest {

    @ParameterizedTest(name = "{0} -> [{1}] {2}")
    @CsvSource(delimiter = '|', textBlock = """
            demand                                                   | dial#0                                   | DIALING
            demand; dial d1; kept d1                                 | watch d1, up, use d1                     | CONNECTED
            demand; dial d1; ended d1 fail                           | retry#0                                  | BACKOFF
            demand; ended - fail; retry                              | dial#1                                   | DIALING
            demand; dial d1; ended d1 ok                             | retry#0>=5000                            | BACKOFF
            demand; dial d1; kept d1; closed d1                      | lost, down, retry#0                      | BACKOFF
            demand; ended - fail; demand                             | cancelRetry, retry#0                     | BACKOFF
            demand; dial d1; ended d1 ok; demand                     | ''                                       | BACKOFF
            demand; dial d1; ended d1 ok; demand; retry              | dial#1                                   | DIALING
            demand; dial d1; ended d1 ok; kept a1                    | cancelRetry, watch a1, up, use a1        | CONNECTED
            demand; dial d1; ended d1 ok; retry; ended - fail; demand | cancelRetry, retry#0                    | BACKOFF
            kept a1                                                  | watch a1, up, use a1                     | CONNECTED
            kept a1; kept a2                                         | watch a2, replaced a1, close a1, use a2  | CONNECTED
            kept a1; closed a1                                       | lost, down                               | IDLE
            demand; dial d1; kept d1; dialBack 1500                     | dial#0                                   | REPLACING
            demand; dial d1; kept d1; dialBack 1500; dial d2; kept d2   | watch d2, replaced d1, retire d1, use d2 | REPLACING
            demand; dial d1; kept d1; dialBack 1500; dial d2; kept d2; retireDue d1 | close d1                     | CONNECTED
            demand; dial d1; kept d1; dialBack 1500; dial d2; kept d2; closed d2    | use d1                       | CONNECTED
            demand; dial d1; kept d1; dialBack 1500; closed d1          | lost                                     | DIALING
            demand; dial d1; kept d1; dialBack 1500; closed d1; dial d2; kept d2 | watch d2, use d2                | CONNECTED
            demand; dial d1; kept d1; dialBack 1500; closed d1; ended - fail     | down, retry#0                   | BACKOFF
            at 2000; demand; dial d1; kept d1; dialBack 1500         | ''                                       | CONNECTED
            demand; dial d1; kept d1; sent; dialBack 1500               | probe d1                                 | CONNECTED
            demand; dial d1; kept d1; sent; dialBack 1299               | ''                                       | CONNECTED
            demand; dial d1; kept d1; dialBack 1299                     | ''                                       | CONNECTED
            demand; dial d1; kept d1; sent; dialBack 1299; closed d1    | lost, down, dial#0                       | DIALING
            demand; dial d1; kept d1; sent; dialBack 1299; at 6300; dialBack 6300 | probe d1                       | CONNECTED
            demand; dial d1; kept d1; sent; dialBack 1500; closed d1    | lost, down, dial#0                       | DIALING
            demand; dial d1; kept d1; sent; dialBack 1500; at 1050; dialBack 1500  | ''                               | CONNECTED
            demand; dial d1; kept d1; sent; dialBack 1500; at 1100; dialBack 1500  | probe d1                         | CONNECTED
            kept a1; sent; claim a2                                  | watch a2, deadline a2, probe a1          | REPLACING
            kept a1; sent; claim a2; closed a1                       | release a2, use a2                       | CONNECTED
            kept a1; sent; claim a2; claimDue a2                     | refuse a2                                | CONNECTED
            kept a1; sent; claim a2; closed a2                       | ''                                       | CONNECTED
            kept a1; sent; claim a2; claim a3                        | refuse a2, watch a3, deadline a3         | REPLACING
            kept a1; sent; claim a2; claimDue a2; closed a1          | lost, down                               | IDLE
            kept a1; claim a2                                        | release a2, watch a2, replaced a1, close a1, use a2 | CONNECTED
            demand; dial d1; ended d1 fail; close                    | cancelRetry                              | CLOSED
            close; kept a1                                           | close a1                                 | CLOSED
            close; demand                                            | ''                                       | CLOSED
            demand; dial d1; kept d1; close; closed d1               | ''                                       | CLOSED
            """)
    void step(String events, String expected, LinkMachine.Phase phase) {
        Run run = new Run();
        List<LinkMachine.Action<String>> last = List.of();
        for (String event : events.split(";")) {
            last = run.apply(event.trim());
        }
        assertEquals(expected, render(last));
        assertEquals(phase, run.machine.phase());
    }

    /** Feeds events to one machine, with a clock and the set of closed connections. */
    private static final class Run {
        final Set<String> dead = new HashSet<>();
        final LinkMachine<String> machine = new LinkMachine<>(100, 300, ch -> !dead.contains(ch));
        long now = 1000;

        List<LinkMachine.Action<String>> apply(String event) {
            String[] w = event.split(" ");
            for (int i = 1; i < w.length; i++) {
                w[i] = w[i].intern(); // the machine compares connections by identity, as it does channels
            }
            return switch (w[0]) {
                case "demand" -> machine.demand(true);
                case "dial" -> machine.dialStarted(w[1]);
                case "ended" -> machine.dialEnded(w[1].equals("-") ? null : w[1], w[2].equals("fail"), 5000, true);
                case "kept" -> machine.kept(w[1], now);
                case "claim" -> machine.claimed(w[1], now);
                case "closed" -> {
                    dead.add(w[1]);
                    yield machine.closed(w[1], now, true);
                }
                case "sent" -> {
                    machine.sent();
                    yield List.of();
                }
                case "dialBack" -> machine.dialBack(Long.parseLong(w[1]), now, true);
                case "retry" -> machine.retryDue(true);
                case "retireDue" -> machine.retireDue(w[1]);
                case "claimDue" -> machine.claimDue(w[1]);
                case "close" -> machine.close();
                case "at" -> {
                    now = Long.parseLong(w[1]);
                    yield List.of();
                }
                default -> throw new IllegalArgumentException("unknown event " + event);
            };
        }
    }

    private static String render(List<LinkMachine.Action<String>> actions) {
        List<String> out = new ArrayList<>();
        for (LinkMachine.Action<String> a : actions) {
            if (a instanceof LinkMachine.Dial<String> d) {
                out.add("dial#" + d.attempt());
            } else if (a instanceof LinkMachine.ScheduleRetry<String> r) {
                out.add("retry#" + r.attempt() + (r.floorNanos() > 0 ? ">=" + r.floorNanos() : ""));
            } else if (a instanceof LinkMachine.CancelRetry<String>) {
                out.add("cancelRetry");
            } else if (a instanceof LinkMachine.Use<String> u) {
                out.add("use " + u.channel());
            } else if (a instanceof LinkMachine.PeerUp<String>) {
                out.add("up");
            } else if (a instanceof LinkMachine.PeerDown<String>) {
                out.add("down");
            } else if (a instanceof LinkMachine.Close<String> c) {
                out.add("close " + c.channel());
            } else if (a instanceof LinkMachine.ScheduleRetire<String> r) {
                out.add("retire " + r.channel());
            } else if (a instanceof LinkMachine.Probe<String> p) {
                out.add("probe " + p.channel());
            } else if (a instanceof LinkMachine.ReleaseHeld<String> r) {
                out.add("release " + r.channel());
            } else if (a instanceof LinkMachine.RefuseClaim<String> r) {
                out.add("refuse " + r.channel());
            } else if (a instanceof LinkMachine.ScheduleClaimDeadline<String> d) {
                out.add("deadline " + d.channel());
            } else if (a instanceof LinkMachine.WatchClose<String> w) {
                out.add("watch " + w.channel());
            } else if (a instanceof LinkMachine.Replaced<String> r) {
                out.add("replaced " + r.old());
            } else if (a instanceof LinkMachine.ConnectionClosed<String>) {
                out.add("lost");
            } else if (!(a instanceof LinkMachine.Note<String>)) {
                throw new IllegalArgumentException("unrendered " + a);
            }
        }
        return out.stream().collect(Collectors.joining(", "));
    }
}
