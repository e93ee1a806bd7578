package dev.ballot.election;

import java.util.EnumSet;
import java.util.Set;

/**
 * The election's lifecycle (convention 12) with its transition table:
 *
 * <pre>
 * NEW -> STARTING -> RUNNING -> CLOSING -> CLOSED
 *  |         |                     ^
 *  +---------+---------------------+   (close before or while starting)
 * </pre>
 */
enum Lifecycle {
    NEW, STARTING, RUNNING, CLOSING, CLOSED;

    private Set<Lifecycle> next() {
        return switch (this) {
            case NEW -> EnumSet.of(STARTING, CLOSING);
            case STARTING -> EnumSet.of(RUNNING, CLOSING);
            case RUNNING -> EnumSet.of(CLOSING);
            case CLOSING -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(Lifecycle.class);
        };
    }

    /** Whether {@code this -> to} is legal. */
    boolean canMoveTo(Lifecycle to) {
        return next().contains(to);
    }

    /** @throws IllegalStateException naming both states if illegal */
    Lifecycle moveTo(Lifecycle to, long sid) {
        if (!canMoveTo(to)) {
            throw new IllegalStateException(sid + ": illegal election lifecycle change " + this + " -> " + to);
        }
        return to;
    }
}
