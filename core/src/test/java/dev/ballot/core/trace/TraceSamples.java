package dev.ballot.core.trace;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.trace.TraceEvent.Direction;
import dev.ballot.core.trace.TraceEvent.ProposalRule;

import java.time.Duration;
import java.util.List;

/** Test fixture: one event of every type, with values that exercise the JSON form. */
public final class TraceSamples {
    private TraceSamples() {
    }

    /** A LOOKING version-2 vote. */
    public static Vote looking(long leader, long zxid, long round, long peerEpoch) {
        return new Vote(leader, zxid, round, peerEpoch, PeerState.LOOKING, 2);
    }

    /** One event of every type, in a plausible order. */
    public static List<TraceEvent> everyType() {
        Vote v1 = looking(1, 0x100000002L, 1, 1);
        Vote v3 = looking(3, 0x100000002L, 1, 1);
        return List.of(
                new TraceEvent.ConnectionDropped(10, 3, 1, Direction.INBOUND, "smaller sid 1 dialed, calling back"),
                new TraceEvent.ConnectionOpened(20, 3, 1, Direction.OUTBOUND),
                new TraceEvent.ElectionStarted(100, 1, 1, v1),
                new TraceEvent.NotificationSent(110, 1, 3, v1),
                new TraceEvent.NotificationReceived(120, 1, 3, v3),
                new TraceEvent.ProposalChanged(130, 1, v1, v3, ProposalRule.BETTER_VOTE),
                new TraceEvent.QuorumReached(140, 1, v3, List.of(1L, 3L)),
                new TraceEvent.FinalizeWaitStarted(150, 1, v3, Duration.ofMillis(200)),
                new TraceEvent.FinalizeWaitAbandoned(160, 1, 2, looking(2, 0x100000003L, 1, 1)),
                new TraceEvent.Decided(170, 1, new Vote(3, 0x100000002L, 1, 1, PeerState.FOLLOWING, 0),
                        PeerState.FOLLOWING, Duration.ofNanos(123_456_789), 2, 7, 5),
                new TraceEvent.RoleChanged(180, 1, PeerState.LOOKING, PeerState.FOLLOWING),
                new TraceEvent.EpochEstablished(190, 1, 3, 2),
                new TraceEvent.ConnectionClosed(200, 1, 3, "peer closed \"quorum\" channel\n\tEOF"));
    }
}
