package dev.ballot.election;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.election.fsm.Decision;
import dev.ballot.election.fsm.TimerKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link ElectionCore.Effects} that record each call as a short line, for tests of the core. */
final class RecordingEffects implements ElectionCore.Effects {
    final List<String> calls = new ArrayList<>();
    final List<Notification> self = new ArrayList<>();
    final List<ByteBuffer> sent = new ArrayList<>();

    @Override
    public void send(long sid, ByteBuffer payload) {
        calls.add("send " + sid);
        sent.add(payload);
    }

    @Override
    public void deliverToSelf(Notification n) {
        calls.add("self " + n.state() + " " + n.leader());
        self.add(n);
    }

    @Override
    public void connectAll() {
        calls.add("connectAll");
    }

    @Override
    public void arm(TimerKind kind, Duration delay, long generation) {
        calls.add("arm " + kind);
    }

    @Override
    public void cancel(TimerKind kind) {
        calls.add("cancel " + kind);
    }

    @Override
    public void electionStarted(long round, Vote initialVote) {
        calls.add("started " + round + " " + initialVote);
    }

    @Override
    public void decided(Decision decision, ElectionResult result) {
        calls.add("decided " + result.leader() + " " + result.role());
    }

    @Override
    public void stateChanged(PeerState from, PeerState to) {
        calls.add(from + "->" + to);
    }

    /** The callbacks to the embedder only (started, decided, state changes), in order. */
    List<String> callbacks() {
        return calls.stream().filter(c -> c.startsWith("started") || c.startsWith("decided") || c.contains("->"))
                .toList();
    }
}
