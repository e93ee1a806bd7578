package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.leadership.quorum.Action.Abandon;
import dev.ballot.leadership.quorum.Action.Established;
import dev.ballot.leadership.quorum.Action.PersistAccepted;
import dev.ballot.leadership.quorum.Action.PersistCurrent;
import dev.ballot.leadership.quorum.Action.Send;
import dev.ballot.leadership.quorum.QuorumMessage.Hello;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderSessionTest {
    private static final Duration INIT = Duration.ofSeconds(5);
    private static final Duration SYNC = Duration.ofSeconds(2);
    private static final long MS = 1_000_000L;

    private static LeaderSession leader(int participants, int observers, long accepted, long current) {
        return new LeaderSession(1, Ensembles.majority(participants, observers),
                new EpochState(accepted, current, current << 32), new EpochFloor(), INIT, SYNC, 0);
    }

    private static Hello hello(long sid, long accepted, long current) {
        return new Hello(sid, LearnerType.PARTICIPANT, accepted, current, current << 32);
    }

    @Test
    void quorumOfHellos_choosesMaxAcceptedPlusOne_thenPersistsBeforeProposing() {
        LeaderSession s = leader(3, 0, 4, 4);
        assertEquals(List.of(), s.start());
        assertEquals(List.of(new PersistAccepted(8)), s.onHello(hello(2, 7, 4), 1));
        assertEquals(List.of(), s.onHello(hello(3, 2, 2), 2), "NewEpoch waits for our own accepted epoch");
        assertEquals(List.of(new Send(2, new QuorumMessage.NewEpoch(8)), new Send(3, new QuorumMessage.NewEpoch(8))),
                s.onAcceptedPersisted(8, 3));
        assertEquals(LeaderSession.Phase.ACKING, s.phase());
    }

    @Test
    void ackQuorum_persistsCurrent_thenEstablishesAndTellsAckedLearners() {
        LeaderSession s = leader(3, 0, 1, 1);
        s.onHello(hello(2, 1, 1), 0);
        s.onAcceptedPersisted(2, 0);
        assertEquals(List.of(new PersistCurrent(2)), s.onAck(2, 2, 1));
        List<Action> out = s.onCurrentPersisted(2, 2);
        assertEquals(List.of(new Established(2), new Send(2, new QuorumMessage.Established(2))), out);
        // a late joiner gets the established epoch, and Established once it acks
        assertEquals(List.of(new Send(3, new QuorumMessage.NewEpoch(2))), s.onHello(hello(3, 1, 1), 3));
        assertEquals(List.of(new Send(3, new QuorumMessage.Established(2))), s.onAck(3, 2, 4));
    }

    @Test
    void observers_raiseTheEpochButNeverCount() {
        LeaderSession s = leader(3, 1, 0, 0);
        assertEquals(List.of(), s.onHello(new Hello(4, LearnerType.OBSERVER, 9, 0, 0), 0));
        assertEquals(List.of(new PersistAccepted(10)), s.onHello(hello(2, 0, 0), 1));
        s.onAcceptedPersisted(10, 1);
        assertEquals(List.of(), s.onAck(4, 10, 2), "an observer's ack is no quorum");
        assertEquals(List.of(new PersistCurrent(10)), s.onAck(2, 10, 2));
    }

    @Test
    void learnerAheadOfLeader_isRejected() {
        LeaderSession s = leader(3, 0, 3, 3);
        List<Action> out = s.onHello(hello(2, 5, 5), 0);
        assertTrue(out.get(0) instanceof Send send && send.message() instanceof QuorumMessage.Reject, out.toString());
        assertTrue(out.get(1) instanceof Action.Close, out.toString());
        assertEquals(LeaderSession.Phase.DISCOVERING, s.phase());
    }

    @Test
    void notEstablishedWithinInitLimit_stepsDown() {
        LeaderSession s = leader(3, 0, 0, 0);
        assertTrue(s.onTick(INIT.toNanos() - MS).isEmpty());
        List<Action> out = s.onTick(INIT.toNanos() + MS);
        assertTrue(out.get(out.size() - 1) instanceof Abandon, out.toString());
        assertEquals(LeaderSession.Phase.ENDED, s.phase());
    }

    @Test
    void established_pingsEveryTick_andStepsDownWhenNoQuorumHeardWithinSyncLimit() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos(); // syncLimit*tickTime minus the margin
        assertEquals(List.of(new Send(2, new QuorumMessage.Ping(1)), new Send(3, new QuorumMessage.Ping(1))),
                s.onTick(stale - MS));
        s.onPong(2, stale);
        assertEquals(2, s.onTick(stale + 10 * MS).size(), "2 answered a recent ping: still a quorum");
        List<Action> out = s.onTick(2 * stale + 20 * MS);
        assertTrue(out.get(out.size() - 1) instanceof Abandon, out.toString());
        assertTrue(out.contains(new Send(2, new QuorumMessage.Leaving(((Abandon) out.get(out.size() - 1)).reason()))));
    }

    @Test
    void established_losingConnectedQuorum_stepsDownAtOnce() {
        LeaderSession s = established3();
        assertEquals(List.of(), s.onDisconnected(3, 1));
        List<Action> out = s.onDisconnected(2, 2);
        assertEquals(1, out.size());
        assertTrue(out.get(0) instanceof Abandon, out.toString());
    }

    @Test
    void leave_tellsEveryLearnerAndEnds() {
        LeaderSession s = established3();
        List<Action> out = s.leave("shutdown");
        assertEquals(List.of(new Send(2, new QuorumMessage.Leaving("shutdown")), new Action.Close(2, "leader leaving: shutdown"),
                new Send(3, new QuorumMessage.Leaving("shutdown")), new Action.Close(3, "leader leaving: shutdown"),
                new Abandon("shutdown")), out);
        assertEquals(List.of(), s.onTick(1));
    }

    @Test
    void ackOfAnotherEpoch_closesThatLearner() {
        LeaderSession s = leader(3, 0, 0, 0);
        s.onHello(hello(2, 0, 0), 0);
        s.onAcceptedPersisted(1, 0);
        assertEquals(List.of(new Action.Close(2, "learner 2 acked epoch 7 but the proposal is 1")), s.onAck(2, 7, 1));
        assertEquals(List.of(), s.learners().stream().toList());
    }

    @Test
    void restartedFollowerWithTheEstablishedEpoch_rejoinsTheSameLeader() {
        // issue 10: the leader compared later HELLOs with the epochs read before it established epoch 1, so a
        // follower that restarted with currentEpoch 1 was "ahead" of the leader's currentEpoch 0 and refused forever
        LeaderSession s = established3();
        s.onDisconnected(2, 1);
        assertEquals(List.of(new Send(2, new QuorumMessage.NewEpoch(1))), s.onHello(hello(2, 1, 1), 2));
        assertEquals(List.of(new Send(2, new QuorumMessage.Established(1))), s.onAck(2, 1, 3));
        assertEquals(null, s.refusal(hello(3, 1, 1)), "an established learner of this epoch is never ahead");
    }

    @Test
    void learnerAheadOfTheEstablishedEpoch_isStillRefused() {
        LeaderSession s = established3();
        assertTrue(s.refusal(hello(2, 2, 2)) != null, "currentEpoch 2 > established 1");
        assertTrue(s.refusal(new Hello(2, LearnerType.PARTICIPANT, 1, 1, (1L << 32) + 5)) != null, "zxid ahead");
    }

    /**
     * Seed 516 of the whole-peer simulator: peer 2 acked epoch 5 of a would-be leader that never established; the
     * leader established epoch 1 without it. Zab forbids peer 2 to ack epoch 1, so before this fix it was refused
     * on every rejoin. The leader now steps down once, and its next epoch exceeds 5 even when peer 2's HELLO comes
     * after a quorum's.
     */
    @Test
    void aLearnerWhoseAcceptedEpochIsBeyondTheEstablishedOne_makesTheLeaderStepDown_andItsNextEpochExceedsIt() {
        EpochFloor floor = new EpochFloor();
        LeaderSession s = established3(floor);
        Hello ahead = hello(2, 5, 0);
        assertTrue(s.refusal(ahead) != null, "it cannot ack epoch 1");
        s.onDisconnected(2, 1);
        List<Action> out = s.onHello(ahead, 2);
        assertTrue(out.get(0) instanceof Send send && send.message() instanceof QuorumMessage.Reject, out.toString());
        assertTrue(out.get(out.size() - 1) instanceof Abandon a && a.reason().contains("learner 2 accepted epoch 5 beyond"
                + " this leader's 1"), out.toString());
        assertTrue(out.contains(new Send(3, new QuorumMessage.Leaving(((Abandon) out.get(out.size() - 1)).reason()))));
        assertEquals(LeaderSession.Phase.ENDED, s.phase());
        assertEquals(5, floor.value());

        // the next leader role of this peer: a quorum (itself and 3, both at accepted epoch 1) proposes 6, not 2
        LeaderSession next = new LeaderSession(1, Ensembles.majority(3, 0), new EpochState(1, 1, 1L << 32), floor,
                INIT, SYNC, 3);
        assertEquals(List.of(new PersistAccepted(6)), next.onHello(hello(3, 1, 1), 3));
        next.onAcceptedPersisted(6, 4);
        assertEquals(null, next.refusal(ahead), "6 is beyond its accepted epoch 5: it can join");
        assertEquals(List.of(new Send(2, new QuorumMessage.NewEpoch(6))), next.onHello(ahead, 5));
    }

    @Test
    void otherRefusals_leaveTheLeaderLeading() {
        EpochFloor floor = new EpochFloor();
        LeaderSession s = established3(floor);
        assertEquals(List.of(), s.onRefused(hello(2, 1, 1)), "not beyond the epoch");
        Hello currentAhead = new Hello(2, LearnerType.PARTICIPANT, 1, 1, (1L << 32) + 5);
        assertEquals(2, s.onHello(currentAhead, 1).size(), "refused (zxid ahead), nothing else");
        assertEquals(LeaderSession.Phase.ESTABLISHED, s.phase());
        LeaderSession discovering = leader(3, 0, 0, 0);
        assertEquals(List.of(), discovering.onRefused(hello(2, 9, 0)), "no epoch chosen yet: it counts in the choice");
        assertEquals(-1, floor.value());
    }

    @Test
    void stepsDownWhenTheFreshestQuorumGoesStale_onADeadlineOfItsOwn() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos();
        s.onTick(50 * MS);
        s.onPong(3, 51 * MS);
        s.onTick(100 * MS);
        s.onPong(2, 101 * MS); // answers the ping of 50 ms
        s.onPong(2, 101 * MS); // and the one of 100 ms
        assertEquals(100 * MS + stale, s.deadline().getAsLong(), "{1, 2} is the freshest quorum");
        assertEquals(List.of(), s.onDeadline(100 * MS + stale - 1));
        List<Action> out = s.onDeadline(100 * MS + stale);
        assertTrue(out.get(out.size() - 1) instanceof Abandon, out.toString());
        assertTrue(s.deadline().isEmpty());
    }

    @Test
    void theOldLeaderStepsDown_marginBeforeAnyFollowerCanStartLooking() {
        // leader and followers stop hearing each other at the same moment (the leader is cut off)
        long cut = 1_000 * MS; // within the lease of the acks at 0
        LeaderSession leader = established3();
        FollowerSession follower = new FollowerSession(2, 1, LearnerType.PARTICIPANT, new EpochState(1, 1, 1L << 32),
                INIT, SYNC, 0);
        follower.onConnected(0);
        follower.onMessage(new QuorumMessage.NewEpoch(1), 0);
        follower.onMessage(new QuorumMessage.Established(1), 0);
        leader.onTick(cut);
        assertEquals(List.of(new Send(1, new QuorumMessage.Pong(1))), follower.onMessage(new QuorumMessage.Ping(1), cut));
        leader.onPong(2, cut + 2 * MS);
        leader.onPong(3, cut + 2 * MS);
        long leaderGone = leader.deadline().getAsLong();
        long followerLooks = follower.silenceDeadline().getAsLong();
        assertEquals(LeaderSession.margin(SYNC).toNanos(), followerLooks - leaderGone);
        assertTrue(leader.onDeadline(leaderGone).get(2) instanceof Send, "steps down at its deadline");
        assertTrue(follower.onDeadline(leaderGone).stream().noneMatch(a -> a instanceof Action.Abandon),
                "while the follower still waits (it may try a second connection meanwhile)");
    }

    @Test
    void aPongAnsweringNoPing_refreshesNothing_soAnOlderLearnersKeepalivesKeepNobodyFresh() {
        LeaderSession s = established3(); // 2 and 3 fresh as of their acks' NewEpoch, sent at 0
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos();
        for (long t = 0; t < stale; t += 250 * MS) {
            s.onPong(2, t); // unsolicited: no ping went out
            s.onPong(3, t);
            assertEquals(List.of(), s.onDeadline(t), "t=" + t / MS);
        }
        assertEquals(stale, s.deadline().getAsLong(), "nothing moved the deadline");
        List<Action> out = s.onDeadline(stale);
        assertTrue(!out.isEmpty() && out.get(out.size() - 1) instanceof Abandon, out.toString());
    }

    @Test
    void aPongArrivingLateAfterACut_creditsOnlyTheSendTimeOfThePingItAnswers() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos(); // 1800 ms
        s.onTick(100 * MS);
        s.onPong(2, 101 * MS);
        s.onPong(3, 101 * MS);
        // leader->follower cut from 150 ms: the pings of 200..1700 ms are held, nobody hears the leader
        for (long t = 200 * MS; t <= 1700 * MS; t += 100 * MS) {
            assertEquals(2, s.onTick(t).size(), "t=" + t / MS);
        }
        assertEquals(100 * MS + stale, s.deadline().getAsLong());
        // the cut heals at 1850 ms: 2 gets the ping of 200 ms and its answer arrives at once
        s.onPong(2, 1850 * MS);
        assertEquals(200 * MS + stale, s.deadline().getAsLong(), "fresh as of 200 ms, when 2 last heard us, not 1850");
        assertEquals(List.of(), s.onDeadline(1850 * MS));
        s.onPong(2, 1851 * MS);
        assertEquals(300 * MS + stale, s.deadline().getAsLong(), "each answer takes the next ping, in order");
    }

    @Test
    void anAckCountsFromTheNewEpochItAnswers_notFromItsArrival() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos();
        s.onDisconnected(3, 10 * MS);
        assertEquals(List.of(new Send(3, new QuorumMessage.NewEpoch(1))), s.onHello(hello(3, 1, 1), 100 * MS));
        assertEquals(List.of(new Send(3, new QuorumMessage.Established(1))), s.onAck(3, 1, 1500 * MS));
        assertEquals(100 * MS + stale, s.deadline().getAsLong(), "3 heard us no earlier than the NewEpoch of 100 ms");
    }

    @Test
    void anAckBeforeAnyNewEpoch_closesThatLearner_andCountsForNothing() {
        LeaderSession s = leader(3, 0, 0, 0);
        assertEquals(List.of(new PersistAccepted(1)), s.onHello(hello(2, 0, 0), 0)); // epoch 1 chosen, not yet sent
        assertEquals(List.of(new Action.Close(2, "learner 2 acked epoch 1 before any was proposed to it")),
                s.onAck(2, 1, 1));
        assertEquals(List.of(), s.learners().stream().toList());
    }

    @Test
    void anAckFromALearnerThatHadAlreadyAcceptedTheEpoch_doesNotEstablishIt() {
        // two leaders of the same epoch after a split election: a member must not let both establish it
        LeaderSession s = leader(3, 0, 0, 0);
        s.onHello(hello(2, 0, 0), 0);
        s.onAcceptedPersisted(1, 0); // epoch 1 chosen from {1, 2}
        assertEquals(List.of(new Send(3, new QuorumMessage.NewEpoch(1))), s.onHello(hello(3, 1, 0), MS));
        assertEquals(List.of(), s.onAck(3, 1, 2 * MS), "3 accepted epoch 1 before this leader proposed it");
        assertEquals(LeaderSession.Phase.ACKING, s.phase());
        assertEquals(List.of(new Action.PersistCurrent(1)), s.onAck(2, 1, 3 * MS), "2 accepted it from this leader");
    }

    @Test
    void aReconnectedLearner_startsWithNoPingOutstanding() {
        LeaderSession s = established3();
        long stale = SYNC.toNanos() - LeaderSession.margin(SYNC).toNanos();
        s.onTick(100 * MS); // a ping to 3 on its old connection, never answered there
        s.onDisconnected(3, 150 * MS);
        s.onHello(hello(3, 1, 1), 200 * MS);
        s.onAck(3, 1, 201 * MS);
        s.onPong(3, 300 * MS); // on the new connection, where no ping went out yet
        assertEquals(200 * MS + stale, s.deadline().getAsLong(), "fresh as of its NewEpoch; the old ping died with its connection");
    }

    /**
     * The lease rule itself, over one leader-follower link with random delays, lost segments and cuts of either
     * direction (each in order, as TCP): at every moment the leader counts the follower fresh as of no later than
     * the follower last heard it, so the leader's deadline is at least {@code margin} before the follower's.
     */
    @Test
    void theLeaderNeverCountsAFollowerFresherThanItLastHeard_underRandomDelaysAndCuts() {
        int checks = 0;
        int stepDowns = 0;
        for (long seed = 1; seed <= 50; seed++) {
            LinkRun run = new LinkRun(new java.util.SplittableRandom(seed));
            run.runFor(60_000 * MS);
            checks += run.checks;
            stepDowns += run.leader.phase() == LeaderSession.Phase.ENDED ? 1 : 0;
        }
        assertTrue(checks > 5_000 && stepDowns > 10, checks + " checks, " + stepDowns + " cuts long enough to step down");
    }

    /** Leader 1 and follower 2 of a two-voter ensemble (both needed), established at 0, on a lossy link. */
    private static final class LinkRun {
        private final java.util.SplittableRandom random;
        private final LeaderSession leader = leader(2, 0, 0, 0);
        private final FollowerSession follower = new FollowerSession(2, 1, LearnerType.PARTICIPANT,
                new EpochState(1, 1, 1L << 32), INIT, SYNC, 0);
        private final java.util.ArrayDeque<long[]> toFollower = new java.util.ArrayDeque<>(); // {arrival, ping epoch}
        private final java.util.ArrayDeque<long[]> toLeader = new java.util.ArrayDeque<>();   // {arrival}
        private final long[] cutUntil = new long[2];   // [to follower, to leader]
        private final long[] lastArrival = new long[2];
        int checks;

        LinkRun(java.util.SplittableRandom random) {
            this.random = random;
            leader.onHello(hello(2, 0, 0), 0);
            leader.onAcceptedPersisted(1, 0);
            leader.onAck(2, 1, 0);
            leader.onCurrentPersisted(1, 0);
            follower.onConnected(0);
            follower.onMessage(new QuorumMessage.NewEpoch(1), 0);
            follower.onMessage(new QuorumMessage.Established(1), 0);
        }

        void runFor(long until) {
            for (long t = MS; t < until; t += MS) {
                for (int dir = 0; dir < 2; dir++) {
                    if (t >= cutUntil[dir] && random.nextInt(20_000) == 0) {
                        cutUntil[dir] = t + random.nextLong(4_000) * MS; // up to 4 s, beyond syncLimit*tickTime
                    }
                }
                while (!toLeader.isEmpty() && toLeader.peekFirst()[0] <= t) {
                    toLeader.removeFirst();
                    leader.onPong(2, t);
                    check();
                }
                while (!toFollower.isEmpty() && toFollower.peekFirst()[0] <= t) {
                    long epoch = toFollower.removeFirst()[1];
                    for (Action a : follower.onMessage(new QuorumMessage.Ping(epoch), t)) {
                        if (a instanceof Send send && send.message() instanceof QuorumMessage.Pong) {
                            toLeader.addLast(new long[] {arrival(1, t)});
                        }
                    }
                    check();
                }
                if (t % (100 * MS) == 0) {
                    for (Action a : leader.onTick(t)) {
                        if (a instanceof Send send && send.message() instanceof QuorumMessage.Ping p) {
                            toFollower.addLast(new long[] {arrival(0, t), p.epoch()});
                        }
                    }
                    follower.onTick(t);
                    if (leader.phase() == LeaderSession.Phase.ENDED || follower.phase() == FollowerSession.Phase.ENDED) {
                        assertEquals(LeaderSession.Phase.ENDED, leader.phase(), "the follower gave up first at " + t / MS);
                        return;
                    }
                }
            }
        }

        /** When a frame sent at {@code t} in direction {@code dir} arrives: after a cut, a loss, in order. */
        private long arrival(int dir, long t) {
            long at = Math.max(t, cutUntil[dir]) + (1 + random.nextInt(20)) * MS;
            if (random.nextInt(10) == 0) {
                at += (200 + random.nextInt(400)) * MS; // a lost segment, retransmitted
            }
            at = Math.max(at, lastArrival[dir]);
            lastArrival[dir] = at;
            return at;
        }

        private void check() {
            if (leader.phase() == LeaderSession.Phase.ESTABLISHED && follower.phase() == FollowerSession.Phase.ESTABLISHED) {
                checks++;
                assertTrue(leader.deadline().getAsLong() + LeaderSession.margin(SYNC).toNanos()
                        <= follower.silenceDeadline().getAsLong(), "the leader's lease outlasts what the follower heard");
            }
        }
    }

    /** Leader 1 of 3 with 2 and 3 acked, established at epoch 1, all heard at time 0. */
    private static LeaderSession established3() {
        return established3(new EpochFloor());
    }

    private static LeaderSession established3(EpochFloor floor) {
        LeaderSession s = new LeaderSession(1, Ensembles.majority(3, 0), new EpochState(0, 0, 0), floor, INIT, SYNC, 0);
        s.onHello(hello(2, 0, 0), 0);
        s.onHello(hello(3, 0, 0), 0);
        s.onAcceptedPersisted(1, 0);
        s.onAck(2, 1, 0);
        s.onAck(3, 1, 0);
        s.onCurrentPersisted(1, 0);
        assertEquals(LeaderSession.Phase.ESTABLISHED, s.phase());
        return s;
    }
}
