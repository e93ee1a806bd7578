package dev.ballot.server.watch;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.PeerState;
import dev.ballot.leadership.Elector;
import dev.ballot.leadership.QuorumPeer;

import java.util.List;

/** Hands each peer event to several {@link QuorumPeer.Events}, in order. Immutable. */
public final class EventsFanOut implements QuorumPeer.Events {
    private final List<QuorumPeer.Events> targets;

    public EventsFanOut(QuorumPeer.Events... targets) {
        this.targets = List.of(targets);
    }

    @Override
    public void onDecided(long sid, ElectionResult decision) {
        targets.forEach(t -> t.onDecided(sid, decision));
    }

    @Override
    public void onEstablished(long sid, PeerState role, long leader, long epoch) {
        targets.forEach(t -> t.onEstablished(sid, role, leader, epoch));
    }

    @Override
    public void onRoleEnded(long sid, PeerState role, String reason) {
        targets.forEach(t -> t.onRoleEnded(sid, role, reason));
    }
}
