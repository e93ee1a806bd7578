package dev.ballot.leadership;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Three members in one JVM over loopback, on one shared two-thread group. */
class LeadershipTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private EventLoopGroup group;
    private final List<Member> members = new ArrayList<>();
    private final Map<Long, Leadership> running = new TreeMap<>();
    /** Every listener call of every member, in the order they happened (one JVM, so one order). */
    private final List<String> journal = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        for (long sid = 1; sid <= 3; sid++) {
            members.add(Member.participant(sid, "127.0.0.1", freePort(), freePort()));
        }
    }

    @AfterEach
    void tearDown() {
        running.values().forEach(Leadership::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int freePort() throws IOException {
        return TestPorts.next();
    }

    private Leadership start(long sid) {
        Leadership l = Leadership.builder().members(members).myId(sid).dataDir(dir.resolve("m" + sid))
                .tickTime(Duration.ofMillis(100)).initLimit(20).syncLimit(5).resignSitOut(Duration.ofSeconds(2))
                .eventLoopGroup(group).listener(new Journal(sid)).build();
        l.start().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        running.put(sid, l);
        return l;
    }

    private void startAll() {
        for (long sid = 1; sid <= 3; sid++) {
            start(sid);
        }
    }

    /** The one member every running member names as the established leader, once they agree. */
    private LeaderInfo awaitAgreedLeader(Optional<Long> not) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            List<Optional<LeaderInfo>> seen = running.values().stream().map(Leadership::currentLeader).toList();
            if (seen.stream().allMatch(Optional::isPresent)) {
                LeaderInfo first = seen.get(0).get();
                boolean agree = seen.stream().allMatch(o -> o.get().sid() == first.sid()
                        && o.get().fencingToken() == first.fencingToken());
                if (agree && not.map(n -> n != first.sid()).orElse(true) && running.get(first.sid()).isLeader()) {
                    return first;
                }
            }
            pause();
        }
        fail("no agreed leader within " + DEADLINE + ": " + running.values().stream().map(Leadership::currentLeader).toList());
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(10); // polling interval of a deadline-bounded wait, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + DEADLINE + ": " + what);
            }
            pause();
        }
    }

    @Test
    void oneLeaderIsAcquired_everyMemberSeesItWithTheSameToken() {
        startAll();
        LeaderInfo leader = awaitAgreedLeader(Optional.empty());
        assertTrue(leader.fencingToken() >= 1);
        long acquired = journal.stream().filter(s -> s.endsWith(" acquired " + leader.fencingToken())).count();
        assertEquals(1, acquired, journal.toString());
        assertEquals(leader.sid(), running.get(leader.sid()).awaitLeadership().toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join().sid());
        running.forEach((sid, l) -> assertEquals(sid == leader.sid(), l.isLeader()));
    }

    @Test
    void closingTheLeader_firesLostBeforeAnyOtherAcquires_andTheTokenRises() {
        startAll();
        LeaderInfo first = awaitAgreedLeader(Optional.empty());
        running.remove(first.sid()).close();
        LeaderInfo second = awaitAgreedLeader(Optional.of(first.sid()));
        assertTrue(second.fencingToken() > first.fencingToken(), first + " then " + second);
        int lost = journal.indexOf(first.sid() + " lost " + first.fencingToken() + " closed");
        int acquired = journal.indexOf(second.sid() + " acquired " + second.fencingToken());
        assertTrue(lost >= 0 && lost < acquired, "lost before acquired: " + journal);
    }

    @Test
    void runWhileLeader_runsOnTheLeaderOnly_andStopsBeforeTheNextLeaderStarts() {
        List<String> work = new CopyOnWriteArrayList<>();
        for (long sid = 1; sid <= 3; sid++) {
            Leadership l = start(sid);
            long me = sid;
            l.runWhileLeader(ctx -> {
                work.add(me + " start " + ctx.fencingToken());
                CompletableFuture<Void> forever = new CompletableFuture<>();
                forever.whenComplete((v, e) -> work.add(me + " stop " + ctx.fencingToken()));
                return forever;
            });
        }
        LeaderInfo first = awaitAgreedLeader(Optional.empty());
        await(() -> work.contains(first.sid() + " start " + first.fencingToken()), "work started on the leader");
        assertEquals(1, work.size(), work.toString());
        running.remove(first.sid()).close();
        LeaderInfo second = awaitAgreedLeader(Optional.of(first.sid()));
        await(() -> work.contains(second.sid() + " start " + second.fencingToken()), "work started on the new leader");
        assertEquals(List.of(first.sid() + " start " + first.fencingToken(), first.sid() + " stop " + first.fencingToken(),
                second.sid() + " start " + second.fencingToken()), work);
    }

    @Test
    void resign_movesLeadershipToAnotherMember_whichKeepsIt_andTheResignerFollows() {
        startAll();
        LeaderInfo first = awaitAgreedLeader(Optional.empty());
        assertTrue(running.get(first.sid()).resign().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join());
        LeaderInfo second = awaitAgreedLeader(Optional.of(first.sid()));
        assertNotEquals(first.sid(), second.sid());
        assertTrue(second.fencingToken() > first.fencingToken());
        assertFalse(running.get(first.sid()).isLeader());
        int lost = journal.indexOf(first.sid() + " lost " + first.fencingToken() + " resigned");
        int acquired = journal.indexOf(second.sid() + " acquired " + second.fencingToken());
        assertTrue(lost >= 0 && lost < acquired, "lost before acquired: " + journal);
    }

    @Test
    void fullRestart_keepsTheFencingTokenRising() {
        startAll();
        LeaderInfo first = awaitAgreedLeader(Optional.empty());
        List<Long> sids = new ArrayList<>(running.keySet());
        sids.forEach(s -> running.remove(s).close());
        startAll();
        LeaderInfo again = awaitAgreedLeader(Optional.empty());
        assertTrue(again.fencingToken() > first.fencingToken(), first + " then " + again);
    }

    /** Records every callback as "sid what token [reason]". */
    private final class Journal implements LeadershipListener {
        private final long sid;

        Journal(long sid) {
            this.sid = sid;
        }

        @Override
        public void onAcquired(LeaderContext c) {
            journal.add(sid + " acquired " + c.fencingToken());
        }

        @Override
        public void onLost(LeaderContext c, String reason) {
            journal.add(sid + " lost " + c.fencingToken() + " " + reason);
        }

        @Override
        public void onLeaderChanged(Optional<LeaderInfo> leader) {
            journal.add(sid + " leader " + leader.map(l -> l.sid() + "/" + l.fencingToken()).orElse("none"));
        }
    }
}
