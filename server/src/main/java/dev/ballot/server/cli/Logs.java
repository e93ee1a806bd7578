package dev.ballot.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adjusts logback for the {@code local} command. */
final class Logs {
    private Logs() {
    }

    /**
     * Raises the root level to WARN, so the {@code local} command's own lines stand out, unless
     * {@code verbose} or an operator configuration ({@code -Dlogback.configurationFile}) is given.
     */
    static void quietUnless(boolean verbose) {
        if (verbose || System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        ctx.getLogger("dev.ballot").setLevel(Level.WARN);
        ctx.getLogger("dev.ballot.server.exec").setLevel(Level.INFO); // --exec: the command's output and its starts/stops
    }
}
