package dev.ballot.election.fsm;

import dev.ballot.core.Notification;
import java.util.Objects;

/** A notification to send to {@code sid} (which may be this peer's own sid: the loopback path, docs/protocol.md "The initial vote"). */
public record Outbound(long sid, Notification notification) implements ElectionEvent {
    public Outbound {
        Objects.requireNonNull(notification, "notification");
    }
}
