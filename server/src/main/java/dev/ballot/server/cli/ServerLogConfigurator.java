package dev.ballot.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The server's default logging, set up in code: INFO and up to stderr, one line per event, Netty at WARN.
 * Logback finds it through {@code META-INF/services} before its own XML configurator, which a running
 * peer then never loads (Joran and the JDK's XML parser: ~400 classes of a peer's 5,200 before).
 * It steps aside, so that logback reads XML as usual, when the operator names a file with
 * {@code -Dlogback.configurationFile=...} or a {@code logback-test.xml} / {@code logback.xml} is on the
 * class path (tests, or an application that embeds the server jar).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ServerLogConfigurator extends ContextAwareBase implements Configurator {
    /**
     * The layout of every line: time with offset ({@code XXX} is the ISO-8601 offset, {@code Z} in UTC), level,
     * thread, logger, message; the same pattern the jar's {@code logback.xml} had.
     */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (xmlWanted(System.getProperty("logback.configurationFile"), ServerLogConfigurator.class.getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        install(ctx);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code ctx}: the appender on stderr with {@link #PATTERN}, root at INFO, {@code io.netty} at WARN. */
    static void install(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
    }

    /** Whether logback should read XML instead: a file named by the operator, or one on the class path. */
    static boolean xmlWanted(String configurationFile, ClassLoader cl) {
        if (configurationFile != null) {
            return true;
        }
        return cl.getResource("logback-test.xml") != null || cl.getResource("logback.xml") != null;
    }
}
