package dev.ballot.faults;

/**
 * What one poll of one peer showed.
 *
 * @param sid         the peer
 * @param atNanos     when the answer arrived ({@link System#nanoTime()})
 * @param up          whether the peer answered at all
 * @param state       LOOKING, FOLLOWING, LEADING, OBSERVING; NOT_SERVING (ZooKeeper says no more); DOWN
 * @param established whether the role is established (Ballot: /status; ZooKeeper: serving)
 * @param leader      the leader it follows or is, -1 when unknown (ZooKeeper followers do not say)
 * @param token       the established epoch (fencing token), -1 unless established
 */
record Observation(long sid, long atNanos, boolean up, String state, boolean established, long leader, long token) {

    static Observation down(long sid, long atNanos) {
        return new Observation(sid, atNanos, false, "DOWN", false, -1, -1);
    }

    boolean leading() {
        return established && state.equals("LEADING");
    }
}
