package dev.ballot.leadership;


import java.util.List;

/**
 * A snapshot of one peer, as {@code GET /status} shows it (JSON, field names as here). Immutable.
 *
 * @param sid             this peer's sid
 * @param state           LOOKING, FOLLOWING, LEADING or OBSERVING (the election's view)
 * @param established     whether the role is established: an epoch agreed with a quorum
 * @param leader          the elected leader's sid, absent while LOOKING
 * @param fencingToken    the established epoch (strictly increasing across leaders), absent unless established
 * @param acceptedEpoch   the persisted accepted epoch
 * @param currentEpoch    the persisted current epoch
 * @param lastZxid        the last zxid, hex ({@code currentEpoch << 32})
 * @param roleSince       when the current state began (ISO-8601)
 * @param elections       election counters and the last result
 * @param connectedPeers  election-port connections
 * @param peers           every configured peer but this one, connected or not, with since when
 * @param learners        sids connected to this leader on the quorum port (leaders only)
 * @param uptimeMillis    time since start
 * @param version         Ballot version
 * @param health          {@link #OK}, or {@link #DISK_UNWRITABLE} while the peer cannot persist an epoch (it has
 *                        left the election and probes the disk)
 * @param unhealthyReason what is wrong (the file and the operating system's reason), absent when OK
 */
public record PeerStatus(long sid, String state, boolean established, Long leader, Long fencingToken,
                         long acceptedEpoch, long currentEpoch, String lastZxid, String roleSince,
                         Elections elections, List<ConnectedPeer> connectedPeers, List<Peer> peers, List<Long> learners,
                         long uptimeMillis, String version, String health, String unhealthyReason) {
    /** {@link #health()} of a peer that can do its job. */
    public static final String OK = "ok";
    /** {@link #health()} of a peer that cannot persist an epoch. */
    public static final String DISK_UNWRITABLE = "disk-unwritable";

    /** A healthy peer's status (health {@link #OK}). */
    public PeerStatus(long sid, String state, boolean established, Long leader, Long fencingToken,
                      long acceptedEpoch, long currentEpoch, String lastZxid, String roleSince,
                      Elections elections, List<ConnectedPeer> connectedPeers, List<Peer> peers, List<Long> learners,
                      long uptimeMillis, String version) {
        this(sid, state, established, leader, fencingToken, acceptedEpoch, currentEpoch, lastZxid, roleSince,
                elections, connectedPeers, peers, learners, uptimeMillis, version, OK, null);
    }

    /** Whether the peer can do its job (an absent health, from an older peer, counts as OK). */
    public boolean canServe() {
        return health == null || OK.equals(health);
    }

    /**
     * Election counters and the last decided election.
     *
     * @param started               elections started
     * @param decided               elections decided
     * @param notificationsReceived notifications received, all elections
     * @param notificationsSent     notifications sent, all elections
     * @param last                  the last decided election, absent before the first
     */
    public record Elections(long started, long decided, long notificationsReceived, long notificationsSent,
                            LastElection last) {
    }

    /**
     * The last decided election.
     *
     * @param leader                the winner
     * @param role                  this peer's role from it
     * @param round                 the logical clock of the decision
     * @param durationMillis        from entering LOOKING to the decision
     * @param roundsObserved        rounds observed
     * @param notificationsReceived notifications received in it
     * @param notificationsSent     notifications sent in it
     * @param decidedAt             when (ISO-8601)
     */
    public record LastElection(long leader, String role, long round, long durationMillis, int roundsObserved,
                               long notificationsReceived, long notificationsSent, String decidedAt) {
    }

    /**
     * A peer with a live election connection.
     *
     * @param sid     its sid
     * @param address its election address from the configuration
     * @param since   since when this peer has seen it connected (ISO-8601)
     */
    public record ConnectedPeer(long sid, String address, String since) {
    }

    /**
     * A configured peer and its election-port connection.
     *
     * @param sid       its sid
     * @param address   its election address from the configuration
     * @param connected whether this peer has a live election connection with it
     * @param since     since when it is connected, or not connected (from this peer's start if never connected)
     */
    public record Peer(long sid, String address, boolean connected, String since) {
    }
}
