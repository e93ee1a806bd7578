package dev.ballot.server.cli;

import dev.ballot.core.Reasons;
import dev.ballot.core.config.ConfigException;
import dev.ballot.core.store.EpochFileException;
import dev.ballot.server.Main;
import dev.ballot.server.PeerNode;

import java.io.IOException;
import java.io.PrintWriter;

/** Turns start-up failures into one line on stderr and an exit code. Stateless. */
final class Startup {
    private Startup() {
    }

    /** The exit code for {@code e}, after printing one line naming what is wrong and what to do. */
    static int fail(PrintWriter err, Exception e) {
        if (e instanceof ConfigException c) {
            err.println("ballot-server: " + c.getMessage());
            return Main.CONFIG_ERROR;
        }
        if (e instanceof EpochFileException ef) {
            String hint = ef.getMessage().contains("by hand") ? ""
                    : "; check the peer's history, then fix or remove the file by hand (Ballot never rewrites it)";
            err.println("ballot-server: " + ef.getMessage() + hint);
            return Main.CONFIG_ERROR;
        }
        if (e instanceof PeerNode.StartupException s) {
            err.println("ballot-server: " + s.getMessage());
            return Main.RUNTIME_FAILURE;
        }
        if (e instanceof IOException io) {
            err.println("ballot-server: " + Reasons.of(io));
            return Main.RUNTIME_FAILURE;
        }
        err.println("ballot-server: start-up failed: " + Reasons.of(e));
        return Main.RUNTIME_FAILURE;
    }
}
