package dev.ballot.server.watch;

/**
 * Who leads, as this peer sees it: the body of {@code GET /leader} and of each {@code /watch} event
 * (JSON, field names and their order as here, absent values as {@code null}). Immutable.
 *
 * @param leader       the elected leader's sid; null while LOOKING
 * @param fencingToken the established epoch; null unless established. Strictly increases from one
 *                     established leader to the next, so a downstream system can refuse a stale leader's writes
 * @param since        when this view began (ISO-8601, UTC)
 * @param me           this peer's sid
 * @param role         LEADING, FOLLOWING, OBSERVING or LOOKING
 * @param established  whether the role is established: the epoch agreed with a quorum
 */
public record LeaderView(Long leader, Long fencingToken, String since, long me, String role, boolean established) {

    /** Whether this peer is the established leader. */
    public boolean leading() {
        return established && "LEADING".equals(role);
    }

    /** Whether {@code other} says the same (everything but {@link #since}). */
    boolean sameAs(LeaderView other) {
        return other != null && java.util.Objects.equals(leader, other.leader)
                && java.util.Objects.equals(fencingToken, other.fencingToken) && me == other.me
                && role.equals(other.role) && established == other.established;
    }
}
