package dev.ballot.server.exec;

/** What {@code --exec-exit} does when the command exits on its own while this peer still leads. */
public enum ExitPolicy {
    /** Start it again, after a back-off that grows while it keeps failing fast (the default). */
    RESTART,
    /** Give up leadership, so that another peer runs the command. */
    RESIGN,
    /** Keep leading without the command; it starts again at the next leadership. */
    STAY
}
