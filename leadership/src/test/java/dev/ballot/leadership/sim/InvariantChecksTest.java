package dev.ballot.leadership.sim;

import dev.ballot.core.PeerState;
import dev.ballot.leadership.LeaderContext;
import dev.ballot.leadership.LeaderInfo;
import dev.ballot.leadership.LeadershipListener;
import dev.ballot.leadership.Trackers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invariant checks themselves, fed events by hand: each one fires on what it must catch, and only then. */
class InvariantChecksTest {
    private final List<String> violations = new ArrayList<>();

    @Test
    void leaseMonitor_acceptsLostBeforeAcquired_andMeasuresTheGap() {
        LeaseMonitor m = new LeaseMonitor(violations::add, sid -> null);
        m.acquired(3, 1, 100);
        m.followerEstablished(1, 3, 1);
        m.lost(3, 500);
        m.acquired(2, 2, 520);
        assertEquals(List.of(), violations);
        assertEquals(List.of(20L), m.gaps());
    }

    @Test
    void leaseMonitor_catchesOverlap_reusedAndFallingTokens_andFollowersOfAnEpochNobodyLeads() {
        LeaseMonitor m = new LeaseMonitor(violations::add, sid -> null);
        m.acquired(3, 4, 100);
        m.acquired(2, 4, 200);       // overlaps 3, same epoch
        m.lost(3, 300);
        m.lost(2, 300);
        m.acquired(1, 3, 400);       // lower token
        m.followerEstablished(2, 1, 5);
        assertEquals(5, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("lease: 2 acquired epoch 4 while 3 still leads"), violations.get(0));
        assertTrue(violations.get(1).startsWith("fencing token: 2 acquired epoch 4 after epoch 4"), violations.get(1));
        assertTrue(violations.get(2).startsWith("two leaders of epoch 4"), violations.get(2));
        assertTrue(violations.get(3).startsWith("fencing token: 1 acquired epoch 3"), violations.get(3));
        assertTrue(violations.get(4).startsWith("follower 2 established under leader 1 epoch 5"), violations.get(4));
    }

    @Test
    void leaseMonitor_recordsABreakItsAssumptionsExplain_asAKnownLimitation() {
        LeaseMonitor m = new LeaseMonitor(violations::add, sid -> "restart: peer " + sid + " restarted 10 ms ago");
        m.acquired(3, 1, 100);
        m.acquired(1, 2, 200);
        assertEquals(List.of(), violations);
        assertEquals(1, m.outsideAssumptions().size());
    }

    @Test
    void listenerOrder_followsARealTracker_andCatchesAcquiredTwice_aForeignLost_andAStaleLeaderChange() {
        ListenerOrder order = new ListenerOrder(2, violations::add);
        List<LeaderContext> contexts = new ArrayList<>();
        var tracker = Trackers.tracker(2, Clock.systemUTC(), new LeadershipListener() {
            @Override
            public void onAcquired(LeaderContext c) {
                contexts.add(c);
                order.acquired(c);
            }

            @Override
            public void onLost(LeaderContext c, String reason) {
                order.lost(c);
            }

            @Override
            public void onLeaderChanged(Optional<LeaderInfo> leader) {
                order.leaderChanged(leader);
            }
        });
        tracker.onEstablished(2, PeerState.LEADING, 2, 7);
        tracker.onRoleEnded(2, PeerState.LEADING, "lost quorum");
        tracker.onEstablished(2, PeerState.FOLLOWING, 3, 8);
        tracker.onRoleEnded(2, PeerState.FOLLOWING, "leader left");
        tracker.onEstablished(2, PeerState.LEADING, 2, 9);
        assertEquals(List.of(), violations, "the library's own tracker keeps every rule");
        order.acquired(contexts.get(0));   // again, while holding 9, with an older token
        order.lost(contexts.get(1));       // not the one it holds now
        order.leaderChanged(Optional.of(new LeaderInfo(2, 9, Instant.EPOCH))); // leader itself, but not holding
        assertEquals(4, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("acquired token 7 before losing token 9"), violations.get(0));
        assertTrue(violations.get(1).contains("acquired token 7 after 9"), violations.get(1));
        assertTrue(violations.get(2).contains("lost token 9 it does not hold (7)"), violations.get(2));
        assertTrue(violations.get(3).contains("heard leader 2/9 while not leading"), violations.get(3));
    }

    @Test
    void electionRate_allowsTenInAMinuteOfThePeersClock_notEleven() {
        long s = 1_000_000_000L;
        ElectionRate r = new ElectionRate(4, 10, 60 * s, violations::add);
        for (int i = 0; i < 10; i++) {
            r.started(i * 6 * s); // 0, 6, ..., 54 s
        }
        r.started(60 * s);        // the first one left the window
        assertEquals(List.of(), violations);
        r.restarted();
        r.started(61 * s);
        assertEquals(List.of(), violations, "a new process counts afresh");
        ElectionRate storm = new ElectionRate(5, 10, 60 * s, violations::add);
        for (int i = 0; i <= 10; i++) {
            storm.started(i * s);
        }
        assertEquals(List.of("peer 5 started 11 elections within 60 s of its clock (bound 10)"), violations);
    }
}
