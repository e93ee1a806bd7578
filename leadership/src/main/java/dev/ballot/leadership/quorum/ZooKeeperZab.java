package dev.ballot.leadership.quorum;

import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Recognises Apache ZooKeeper's Zab on Ballot's quorum port, where a Ballot-native peer cannot work with it, and
 * reports it once with what to do: ensembles that hold ZooKeeper servers run {@code ballot-zookeeper} (ZooKeeper on
 * Ballot's election) on every server, not the native Ballot server.
 *
 * <p>A ZooKeeper learner opens with a jute {@code QuorumPacket} whose first int is its type, FOLLOWERINFO (11) or
 * OBSERVERINFO (16); a Ballot frame opens with its length, and no Ballot message is 11 or 16 bytes long (HELLO is
 * 35). A ZooKeeper leader never answers Ballot's HELLO (it waits for a FOLLOWERINFO), which the follower role
 * reports as a silent leader.
 *
 * <p>Not thread-safe: one instance per peer, used on the peer's event loop.
 */
public final class ZooKeeperZab {
    /** ZooKeeper's {@code Leader.FOLLOWERINFO}. */
    static final int FOLLOWERINFO = 11;
    /** ZooKeeper's {@code Leader.OBSERVERINFO}. */
    static final int OBSERVERINFO = 16;
    /** Reports of the same kind after the first are logged at WARN every this many times. */
    static final int REPEAT_EVERY = 20;

    static final String ADVICE = "a Ballot-native peer cannot work with ZooKeeper's Zab; in an ensemble that holds"
            + " ZooKeeper servers, run ballot-zookeeper (ZooKeeper on Ballot's election) on every server";

    private final Logger log;
    private final long mySid;
    private final Map<String, Integer> counts = new HashMap<>();

    public ZooKeeperZab(Logger log, long mySid) {
        this.log = log;
        this.mySid = mySid;
    }

    /** Whether {@code firstInt}, the first four bytes of an inbound quorum connection, open a ZooKeeper learner. */
    static boolean isLearnerPacket(int firstInt) {
        return firstInt == FOLLOWERINFO || firstInt == OBSERVERINFO;
    }

    /** A ZooKeeper learner connected to our quorum port. */
    void learnerConnected(SocketAddress from) {
        report("learner", "a ZooKeeper learner connected to the quorum port from " + from + "; closing it: " + ADVICE);
    }

    /**
     * The leader {@code sid} accepted our quorum connection and never answered HELLO.
     *
     * @return how many times in a row so far (1 on the first)
     */
    public int silentLeader(long sid, SocketAddress at) {
        return report("leader " + sid, "leader " + sid + " at " + at + " accepted the quorum connection but never"
                + " answered HELLO: it is probably a ZooKeeper server; " + ADVICE + " (backing off before the next"
                + " election)");
    }

    /** The leader {@code sid} answered: it speaks Ballot; the count starts again. */
    public void leaderAnswered(long sid) {
        counts.remove("leader " + sid);
    }

    /** How many times {@code key} ("learner", "leader N") was reported; for tests. */
    int reported(String key) {
        return counts.getOrDefault(key, 0);
    }

    private int report(String key, String message) {
        int n = counts.merge(key, 1, Integer::sum);
        if (n == 1) {
            log.error("{}: {}", mySid, message);
        } else if (n % REPEAT_EVERY == 0) {
            log.warn("{}: {} ({} times)", mySid, message, n);
        } else {
            log.debug("{}: {} ({} times)", mySid, message, n);
        }
        return n;
    }
}
